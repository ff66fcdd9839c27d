"""GraphQL types of warehouse execution: the switch, the layout, releases, waves, pick lists.

The switch and the layout need MANAGE_PRODUCTS or MANAGE_ORDERS (as a location's routing
settings do); the work (releases, waves, picks) needs MANAGE_ORDERS.
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo
from graphql_relay import to_global_id

from saleor_oms_plugin.carriers.model import TrackingState
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, MANAGE_PRODUCTS, require_any
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode
from saleor_oms_plugin.warehouse.models import (
    Bin,
    BoxType,
    Manifest,
    Parcel,
    PickList,
    PickListLine,
    PickSplit,
    Release,
    Slot,
    VariantDimensions,
    Wave,
    Zone,
)
from saleor_oms_plugin.warehouse.stored_links import stored_url

LAYOUT_PERMISSIONS = (MANAGE_PRODUCTS, MANAGE_ORDERS)
WORK_PERMISSIONS = (MANAGE_ORDERS,)

OmsWarehouseErrorCode = graphene.Enum(
    "OmsWarehouseErrorCode", [(code.name, code.value) for code in WarehouseErrorCode]
)
OmsWarehouseError: Any = error_type("OmsWarehouseError", OmsWarehouseErrorCode)
OmsPickStrategy = graphene.Enum("OmsPickStrategy", [(s.name, s.value) for s in Wave.Strategy])
OmsWaveState = graphene.Enum("OmsWaveState", [(s.name, s.value) for s in Wave.State])
OmsWaveTrigger = graphene.Enum("OmsWaveTrigger", [(s.name, s.value) for s in Wave.Trigger])
OmsReleaseState = graphene.Enum("OmsReleaseState", [(s.name, s.value) for s in Release.State])
OmsPickListState = graphene.Enum("OmsPickListState", [(s.name, s.value) for s in PickList.State])


def _value(attribute: str) -> Any:
    def resolve(root: Any, info: GraphQLResolveInfo) -> str:
        return str(getattr(root, attribute))

    return resolve


def _node_of(model: Any, permissions: tuple[str, ...]) -> Any:
    @classmethod  # type: ignore[misc]
    def get_node(cls: Any, info: GraphQLResolveInfo, id: int) -> Any:
        _, tenant = require_any(info, permissions)
        return model.objects.filter(tenant_id=tenant.pk, pk=id).first()

    return get_node


class OmsWarehouseExecution(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    enabled = graphene.Boolean(
        required=True,
        description="Applied shipments are released to this location's pickers (off: today's "
        "behaviour, nothing is released).",
    )
    wave_size_cap = graphene.Int(required=True, description="Most releases in one wave.")
    totes_per_cart = graphene.Int(required=True, description="Orders per batch pick list.")
    strategy = graphene.Field(OmsPickStrategy, required=True, resolver=_value("strategy"))
    wave_interval_minutes = graphene.Int(
        description="Automatic waves every N minutes while releases wait; null: by hand only."
    )
    cutoff_times = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Carrier cut-offs (HH:MM, local): a wave is made at each.",
    )
    time_zone = graphene.String(required=True)
    weight_tolerance_g = graphene.Int(
        required=True, description="How far a closed parcel may weigh from the expected grams."
    )
    updated_at = graphene.DateTime()

    class Meta:
        description = "Whether warehouse execution is on for a location, and how waves are made."


class OmsWarehouseZone(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)

    class Meta:
        interfaces = (Node,)

    is_type_of = instances_of(Zone)
    get_node = _node_of(Zone, LAYOUT_PERMISSIONS)


class OmsWarehouseBin(graphene.ObjectType):
    code = graphene.String(required=True)
    zone = graphene.Field(graphene.NonNull(OmsWarehouseZone))
    sequence = graphene.Int(required=True, description="Its place in the walking sequence.")
    x = graphene.Float(required=True, description="Metres from the depot along the width.")
    y = graphene.Float(required=True, description="Metres from the depot along the depth.")

    class Meta:
        interfaces = (Node,)

    is_type_of = instances_of(Bin)
    get_node = _node_of(Bin, LAYOUT_PERMISSIONS)


class OmsWarehouseSlot(graphene.ObjectType):
    sku = graphene.String(required=True)
    bin = graphene.Field(graphene.NonNull(OmsWarehouseBin))

    class Meta:
        interfaces = (Node,)
        description = "Where a location keeps a SKU."

    is_type_of = instances_of(Slot)
    get_node = _node_of(Slot, LAYOUT_PERMISSIONS)


class OmsBoxType(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    inner_width_mm = graphene.Int(required=True)
    inner_height_mm = graphene.Int(required=True)
    inner_depth_mm = graphene.Int(required=True)
    max_weight_g = graphene.Int(required=True, description="Grams of contents.")
    cost = graphene.Decimal(required=True)
    currency = graphene.String(required=True)
    tare_weight_g = graphene.Int(required=True, description="The empty box's grams.")
    is_active = graphene.Boolean(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A box of a location's catalogue."

    is_type_of = instances_of(BoxType)
    get_node = _node_of(BoxType, LAYOUT_PERMISSIONS)


class OmsWarehouseLayout(graphene.ObjectType):
    zones = graphene.List(graphene.NonNull(OmsWarehouseZone), required=True)
    bins = graphene.List(
        graphene.NonNull(OmsWarehouseBin), required=True, description="In walking sequence."
    )
    slots = graphene.List(graphene.NonNull(OmsWarehouseSlot), required=True)
    box_types = graphene.List(graphene.NonNull(OmsBoxType), required=True)


class OmsVariantDimensions(graphene.ObjectType):
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String(required=True)
    barcode = graphene.String(required=True, description="Scanned at picking as the SKU is.")
    width_mm = graphene.Int()
    height_mm = graphene.Int()
    depth_mm = graphene.Int()
    weight_g = graphene.Int(description="Null: the weight Saleor sends with order lines.")
    keep_upright = graphene.Boolean(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "What packing knows of a variant: size, weight and barcode."

    is_type_of = instances_of(VariantDimensions)
    get_node = _node_of(VariantDimensions, LAYOUT_PERMISSIONS)


class OmsVariantDimensionsConnection(OmsCountableConnection):
    class Meta:
        node = OmsVariantDimensions
        strict_types = True


class OmsReleaseLine(graphene.ObjectType):
    line_id = graphene.String(required=True, description="Saleor OrderLine ID.")
    variant_id = graphene.String(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class OmsWarehouseRelease(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    order = graphene.Field(graphene.NonNull("saleor_oms_plugin.graphql.orders.types.OmsOrder"))
    shipment_id = graphene.ID(required=True, description="The OmsPlanShipment released.")
    saleor_fulfillment_id = graphene.String(required=True)
    state = graphene.Field(OmsReleaseState, required=True, resolver=_value("state"))
    lines = graphene.List(graphene.NonNull(OmsReleaseLine), required=True)
    units = graphene.Int(required=True)
    wave_id = graphene.ID(description="The OmsWave it is in; null while it waits for one.")
    short_lines = graphene.JSONString(
        required=True, description="Saleor OrderLine ID → units that could not be picked."
    )
    delivered_on = graphene.Date(
        description="The day its last parcel arrived, once every parcel has (then "
        "fulfillment.delivered was published)."
    )
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "An applied shipment handed to its location to pick, pack and ship."

    is_type_of = instances_of(Release)
    get_node = _node_of(Release, WORK_PERMISSIONS)

    @staticmethod
    def resolve_shipment_id(root: Release, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsPlanShipment", root.shipment_id)

    @staticmethod
    def resolve_wave_id(root: Release, info: GraphQLResolveInfo) -> str | None:
        return to_global_id("OmsWave", root.wave_id) if root.wave_id else None

    @staticmethod
    def resolve_lines(root: Release, info: GraphQLResolveInfo) -> list[OmsReleaseLine]:
        return [OmsReleaseLine(**line) for line in root.lines]


class OmsWarehouseReleaseConnection(OmsCountableConnection):
    class Meta:
        node = OmsWarehouseRelease
        strict_types = True


class OmsPickSplit(graphene.ObjectType):
    tote = graphene.Int(required=True)
    release_id = graphene.ID(required=True, description="The OmsWarehouseRelease.")
    quantity = graphene.Int(required=True)
    picked = graphene.Int(required=True)
    short = graphene.Int(required=True)

    @staticmethod
    def resolve_release_id(root: PickSplit, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsWarehouseRelease", root.release_id)


class OmsPickListLine(graphene.ObjectType):
    position = graphene.Int(required=True, description="Its stop along the walking sequence.")
    bin = graphene.Field(graphene.NonNull(OmsWarehouseBin))
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    picked = graphene.Int(required=True)
    short = graphene.Int(required=True)
    open_quantity = graphene.Int(required=True, description="Still to pick or report short.")
    splits = graphene.List(
        graphene.NonNull(OmsPickSplit), required=True, description="Units per tote."
    )

    class Meta:
        interfaces = (Node,)
        description = "One stop of a pick list: a bin, a SKU, units split over totes."

    is_type_of = instances_of(PickListLine)
    get_node = _node_of(PickListLine, WORK_PERMISSIONS)

    @staticmethod
    def resolve_splits(root: PickListLine, info: GraphQLResolveInfo) -> list[PickSplit]:
        return related_rows(root, "splits")


class OmsPickTote(graphene.ObjectType):
    tote = graphene.Int(required=True)
    release_id = graphene.ID(required=True)


class OmsPickList(graphene.ObjectType):
    position = graphene.Int(required=True, description="Its place in the wave.")
    strategy = graphene.Field(OmsPickStrategy, required=True, resolver=_value("strategy"))
    zone = graphene.String(required=True, description="Zone picking: the list's zone.")
    state = graphene.Field(OmsPickListState, required=True, resolver=_value("state"))
    totes = graphene.List(
        graphene.NonNull(OmsPickTote), required=True, description="Which release each tote holds."
    )
    walk_distance_m = graphene.Float(required=True)
    lines = graphene.List(
        graphene.NonNull(OmsPickListLine), required=True, description="In walking sequence."
    )

    class Meta:
        interfaces = (Node,)

    is_type_of = instances_of(PickList)
    get_node = _node_of(PickList, WORK_PERMISSIONS)

    @staticmethod
    def resolve_totes(root: PickList, info: GraphQLResolveInfo) -> list[OmsPickTote]:
        return [
            OmsPickTote(tote=n, release_id=to_global_id("OmsWarehouseRelease", pk))
            for n, pk in enumerate(root.releases, start=1)
        ]

    @staticmethod
    def resolve_lines(root: PickList, info: GraphQLResolveInfo) -> list[PickListLine]:
        return related_rows(
            root,
            "lines",
            lambda rows: rows.select_related("bin__zone").prefetch_related("splits"),
        )


class OmsWave(graphene.ObjectType):
    number = graphene.Int(required=True, description="Counted per location.")
    location = graphene.Field(graphene.NonNull(OmsLocation))
    state = graphene.Field(OmsWaveState, required=True, resolver=_value("state"))
    strategy = graphene.Field(OmsPickStrategy, required=True, resolver=_value("strategy"))
    trigger = graphene.Field(OmsWaveTrigger, required=True, resolver=_value("trigger"))
    size_cap = graphene.Int(required=True)
    totes = graphene.Int(required=True)
    walk_distance_m = graphene.Float(required=True)
    releases = graphene.List(graphene.NonNull(OmsWarehouseRelease), required=True)
    pick_lists = graphene.List(graphene.NonNull(OmsPickList), required=True)
    created_at = graphene.DateTime(required=True)
    released_at = graphene.DateTime()
    done_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "Releases of one location picked together."

    is_type_of = instances_of(Wave)
    get_node = _node_of(Wave, WORK_PERMISSIONS)

    @staticmethod
    def resolve_releases(root: Wave, info: GraphQLResolveInfo) -> list[Release]:
        return related_rows(root, "releases", lambda rows: rows.select_related("location"))

    @staticmethod
    def resolve_pick_lists(root: Wave, info: GraphQLResolveInfo) -> list[PickList]:
        return related_rows(root, "pick_lists")


class OmsWaveConnection(OmsCountableConnection):
    class Meta:
        node = OmsWave
        strict_types = True


OmsParcelState = graphene.Enum("OmsParcelState", [(s.name, s.value) for s in Parcel.State])
OmsTrackingState = graphene.Enum(
    "OmsTrackingState",
    [(s.name, s.value) for s in TrackingState],
    description="Where the carrier says a parcel is.",
)


class OmsPackLine(graphene.ObjectType):
    line_id = graphene.String(required=True, description="Saleor OrderLine ID.")
    sku = graphene.String(required=True)
    barcode = graphene.String()
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    scanned = graphene.Int(required=True, description="Units scanned into parcels so far.")

    @staticmethod
    def resolve_barcode(root: Any, info: GraphQLResolveInfo) -> str | None:
        return root.barcode or None


class OmsSuggestedBox(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    items = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="SKUs, one per unit."
    )
    weight_g = graphene.Int(required=True, description="Contents and the empty box.")


class OmsBoxSuggestion(graphene.ObjectType):
    boxes = graphene.List(graphene.NonNull(OmsSuggestedBox), required=True)
    box_count = graphene.Int(required=True)
    empty_volume_cm3 = graphene.Float(required=True)
    cost = graphene.Decimal(required=True)
    by_volume_only = graphene.Boolean(
        required=True,
        description="Some item has no dimensions: packed by volume and weight, not in 3D.",
    )


class OmsParcel(graphene.ObjectType):
    release_id = graphene.ID(required=True, description="The OmsWarehouseRelease.")
    box_code = graphene.String(required=True)
    weight_g = graphene.Int(description="As weighed at closing.")
    state = graphene.Field(OmsParcelState, required=True, resolver=_value("state"))
    carrier = graphene.String()
    service = graphene.String()
    tracking_number = graphene.String()
    label_url = graphene.String(
        description="A signed link (an hour) to the label as the carrier made it; null "
        "without an issued label."
    )
    tracking_state = graphene.Field(
        OmsTrackingState,
        description="The carrier's last word on a shipped parcel; null before it was asked.",
    )
    tracking_checked_at = graphene.DateTime(description="When the carrier was last asked.")
    delivered_at = graphene.DateTime(
        description="When it arrived (the carrier's delivery event, or as staff recorded it)."
    )
    delivered_on = graphene.Date(description="The day it arrived, in the carrier's local time.")
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "One box of a release: packed, closed, labelled, shipped or voided."

    is_type_of = instances_of(Parcel)
    get_node = _node_of(Parcel, WORK_PERMISSIONS)

    @staticmethod
    def resolve_release_id(root: Parcel, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsWarehouseRelease", root.release_id)

    @staticmethod
    def resolve_carrier(root: Parcel, info: GraphQLResolveInfo) -> str | None:
        return root.carrier or None

    @staticmethod
    def resolve_service(root: Parcel, info: GraphQLResolveInfo) -> str | None:
        return root.service or None

    @staticmethod
    def resolve_tracking_number(root: Parcel, info: GraphQLResolveInfo) -> str | None:
        return root.tracking_number or None

    @staticmethod
    def resolve_tracking_state(root: Parcel, info: GraphQLResolveInfo) -> str | None:
        return root.tracking_state or None

    @staticmethod
    def resolve_label_url(root: Parcel, info: GraphQLResolveInfo) -> str | None:
        labelled = root.state in (Parcel.State.LABELLED, Parcel.State.SHIPPED)
        return stored_url("parcel", root.pk) if labelled else None


class OmsPackTask(graphene.ObjectType):
    release = graphene.Field(graphene.NonNull(OmsWarehouseRelease))
    order_number = graphene.String(required=True)
    tote = graphene.String(description='"W<wave>-T<tote>" when it was picked into a tote.')
    lines = graphene.List(graphene.NonNull(OmsPackLine), required=True)
    complete = graphene.Boolean(required=True, description="Every unit scanned.")
    suggestions = graphene.List(
        graphene.NonNull(OmsBoxSuggestion),
        required=True,
        description="Boxes for the units not in a closed parcel yet, best first.",
    )
    expected_weight_g = graphene.Int(
        description="The open parcel's items and the suggested box; null when a weight is unknown."
    )
    weight_tolerance_g = graphene.Int(required=True)
    parcels = graphene.List(graphene.NonNull(OmsParcel), required=True)

    class Meta:
        description = "What the pack station shows of a release."


class OmsCarrier(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    services = graphene.List(graphene.NonNull(graphene.String), required=True)
    manual_tracking = graphene.Boolean(
        required=True, description="Staff may give the tracking number (a courier's)."
    )


class OmsManifest(graphene.ObjectType):
    carrier = graphene.String(required=True)
    closed_at = graphene.DateTime()
    parcels = graphene.Int(required=True)
    document_url = graphene.String(
        description="A signed link (an hour) to the hand-over list (CSV)."
    )

    class Meta:
        interfaces = (Node,)
        description = "A carrier's end-of-day hand-over list at a location."

    is_type_of = instances_of(Manifest)
    get_node = _node_of(Manifest, WORK_PERMISSIONS)

    @staticmethod
    def resolve_parcels(root: Manifest, info: GraphQLResolveInfo) -> int:
        return root.parcel_count

    @staticmethod
    def resolve_document_url(root: Manifest, info: GraphQLResolveInfo) -> str | None:
        return stored_url("manifest", root.pk) if root.closed_at else None
