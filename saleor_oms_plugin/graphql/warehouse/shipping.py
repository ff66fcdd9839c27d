"""The pack station and shipping: the task of a scan, pack scans, closing parcels, labels and
Saleor's approval, voids, manifests, and the carriers to choose from. MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.location_scope import (
    ByArgument,
    LocationFree,
    location_scope_declare,
)
from saleor_oms_plugin.graphql.core.mutations import Caller, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.locations.types import location_pk
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.graphql.warehouse.mutations import LAYOUT, WAREHOUSE_ERRORS, WORK, _payload
from saleor_oms_plugin.graphql.warehouse.queries import _location
from saleor_oms_plugin.graphql.warehouse.scope import row_of
from saleor_oms_plugin.graphql.warehouse.types import (
    WORK_PERMISSIONS,
    OmsCarrier,
    OmsManifest,
    OmsPackTask,
    OmsParcel,
    OmsParcelState,
    OmsWarehouseRelease,
)
from saleor_oms_plugin.warehouse.carrier_accounts import (
    CarrierChoice,
    carrier_account_delete,
    carrier_account_save,
    carrier_choice,
    carriers_available,
)
from saleor_oms_plugin.warehouse.deliveries import parcel_delivered
from saleor_oms_plugin.warehouse.manifests import manifest_close
from saleor_oms_plugin.warehouse.models import Manifest, Parcel, Release
from saleor_oms_plugin.warehouse.pack_task import PackTask, pack_lookup, pack_task_build
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan, pack_start
from saleor_oms_plugin.warehouse.shipping import parcel_void, release_ship

MAX_FIRST = 200

PackPayload = _payload("OmsPackPayload", task=graphene.Field(OmsPackTask))
ShipPayload = _payload(
    "OmsShipPayload",
    release=graphene.Field(OmsWarehouseRelease),
    parcels=graphene.List(graphene.NonNull(OmsParcel), required=True),
)
ManifestPayload = _payload("OmsManifestPayload", manifest=graphene.Field(OmsManifest))


def _release_pk(global_id: str) -> int:
    return pk_from_global_id(global_id, expected_type="OmsWarehouseRelease")


def _task(tenant_id: int, release_id: int) -> PackTask:
    release = (
        Release.objects.select_related("order", "location", "wave")
        .filter(tenant_id=tenant_id, pk=release_id)
        .get()
    )
    return pack_task_build(release)


def _first(first: int | None, default: int) -> int:
    return max(0, min(first if first is not None else default, MAX_FIRST))


def _ship_payload(release: Release) -> Any:
    parcels = list(Parcel.objects.filter(release_id=release.pk).order_by("pk"))
    return ShipPayload(release=release, parcels=parcels, errors=[])


RELEASE_ROW = row_of(
    Release, "OmsWarehouseRelease", argument="release_id", missing="No such release."
)
PARCEL_ROW = row_of(Parcel, "OmsParcel", argument="parcel_id", missing="No such parcel.")


class ShippingQueries(graphene.ObjectType):
    pack_station = graphene.Field(
        OmsPackTask,
        location_id=graphene.ID(required=True),
        scan=graphene.String(required=True),
        description="The pack station's view of a scanned order number, release id or tote "
        '("W<wave>-T<tote>"); null when the scan names nothing here. Requires MANAGE_ORDERS.',
    )
    parcels = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(OmsParcel))),
        location_id=graphene.ID(required=True),
        state=OmsParcelState(),
        first=graphene.Int(default_value=50),
        description="Parcels, newest first. Requires MANAGE_ORDERS.",
    )
    manifests = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(OmsManifest))),
        location_id=graphene.ID(required=True),
        first=graphene.Int(default_value=30),
        description="End-of-day manifests per carrier, newest first. Requires MANAGE_ORDERS.",
    )
    carriers = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(OmsCarrier))),
        description="The carriers this tenant can ship with (the built-in own fleet, plus "
        "configured ones). Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_pack_station(
        root: Any, info: GraphQLResolveInfo, location_id: str, scan: str
    ) -> PackTask | None:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        location = _location(tenant.pk, location_id)
        release = pack_lookup(tenant_id=tenant.pk, location_id=location.pk, scan=scan)
        return pack_task_build(release) if release else None

    @staticmethod
    def resolve_parcels(
        root: Any,
        info: GraphQLResolveInfo,
        location_id: str,
        first: int | None = 50,
        state: Any = None,
    ) -> list[Parcel]:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        location = _location(tenant.pk, location_id)
        rows = Parcel.objects.filter(tenant_id=tenant.pk, location_id=location.pk)
        if state is not None:
            rows = rows.filter(state=enum_value(state))
        return list(rows.order_by("-created_at", "-pk")[: _first(first, 50)])

    @staticmethod
    def resolve_manifests(
        root: Any, info: GraphQLResolveInfo, location_id: str, first: int | None = 30
    ) -> list[Manifest]:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        location = _location(tenant.pk, location_id)
        rows = Manifest.objects.filter(tenant_id=tenant.pk, location_id=location.pk).defer(
            "document"
        )
        return list(rows.order_by("-created_at", "-pk")[: _first(first, 30)])

    @staticmethod
    def resolve_carriers(root: Any, info: GraphQLResolveInfo) -> list[OmsCarrier]:
        _, tenant = require_any(info, WORK_PERMISSIONS)
        return [_carrier(choice) for choice in carriers_available(tenant_id=tenant.pk)]


def _carrier(choice: CarrierChoice) -> OmsCarrier:
    return OmsCarrier(
        code=choice.code,
        name=choice.name,
        services=list(choice.services),
        manual_tracking=choice.manual_tracking,
    )


class OmsCarrierAccountInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="What staff choose (lower-case).")
    adapter = graphene.String(
        required=True, description="The carrier adapter: own_fleet, rate_table or http_json."
    )
    config = graphene.JSONString(
        required=True, description="The adapter's settings (a rate table, an endpoint...)."
    )
    name = graphene.String(default_value="")
    is_active = graphene.Boolean(default_value=True)


OmsCarrierPayload = _payload("OmsCarrierPayload", carrier=graphene.Field(OmsCarrier))


class ShippingMutations(graphene.ObjectType):
    @mutation(
        OmsCarrierPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=LocationFree("the tenant's carriers, the same at every location"),
        description="Configure a carrier to ship with (a rate table, an HTTP carrier) or change "
        "it; the settings are checked by the carrier's adapter before anything is saved.",
        input=OmsCarrierAccountInput(required=True),
    )
    def carrier_account_save(caller: Caller, input: dict[str, Any]) -> Any:
        account = carrier_account_save(
            tenant_id=caller.tenant.pk,
            code=input["code"],
            adapter=input["adapter"],
            config=input["config"],
            name=input["name"],
            is_active=input["is_active"],
            actor=caller.actor(),
        )
        if not account.is_active:
            return OmsCarrierPayload(carrier=None, errors=[])
        choice = carrier_choice(tenant_id=caller.tenant.pk, code=account.code)
        return OmsCarrierPayload(carrier=_carrier(choice), errors=[])

    @mutation(
        OmsCarrierPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=LocationFree("the tenant's carriers, the same at every location"),
        description="Forget a configured carrier.",
        code=graphene.String(required=True),
    )
    def carrier_account_delete(caller: Caller, code: str) -> Any:
        carrier_account_delete(tenant_id=caller.tenant.pk, code=code, actor=caller.actor())
        return OmsCarrierPayload(carrier=None, errors=[])

    @mutation(
        PackPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=RELEASE_ROW,
        description="Start (or resume) packing a release: the task with box suggestions.",
        release_id=graphene.ID(required=True),
    )
    def pack_start(caller: Caller, release_id: str) -> Any:
        release = pack_start(tenant_id=caller.tenant.pk, release_id=_release_pk(release_id))
        return PackPayload(task=_task(caller.tenant.pk, release.pk), errors=[])

    @mutation(
        PackPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=RELEASE_ROW,
        description="One scan at the pack station: an item's barcode or SKU (quantity 1 unless "
        "given). A wrong item (WRONG_ITEM) or too many (TOO_MANY) is refused; nothing recorded.",
        release_id=graphene.ID(required=True),
        code=graphene.String(required=True),
        quantity=graphene.Int(default_value=1),
    )
    def pack_scan(caller: Caller, release_id: str, code: str, quantity: int) -> Any:
        release = pack_scan(
            tenant_id=caller.tenant.pk,
            release_id=_release_pk(release_id),
            code=code,
            quantity=quantity,
            actor=caller.actor(),
        )
        return PackPayload(task=_task(caller.tenant.pk, release.pk), errors=[])

    @mutation(
        PackPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=RELEASE_ROW,
        description="Close the open parcel: its box (a suggestion or another) and weighed "
        "grams. A weight off by more than the tolerance is refused (WEIGHT_MISMATCH) unless "
        "override is true.",
        release_id=graphene.ID(required=True),
        box_code=graphene.String(required=True),
        weight_g=graphene.Int(required=True),
        override=graphene.Boolean(default_value=False),
    )
    def pack_parcel_close(
        caller: Caller, release_id: str, box_code: str, weight_g: int, override: bool
    ) -> Any:
        release = pack_parcel_close(
            tenant_id=caller.tenant.pk,
            release_id=_release_pk(release_id),
            box_code=box_code,
            weight_g=weight_g,
            override=bool(override),
            actor=caller.actor(),
        )
        return PackPayload(task=_task(caller.tenant.pk, release.pk), errors=[])

    @mutation(
        ShipPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=RELEASE_ROW,
        refused=lambda caller: {"parcels": []},
        description="Issue each parcel's label (once) and ship: Saleor approves the fulfilment "
        "with the tracking number and notifies the customer, then fulfillment.shipped is "
        "published. Idempotent per release.",
        release_id=graphene.ID(required=True),
        carrier=graphene.String(required=True),
        service=graphene.String(),
        tracking_number=graphene.String(),
    )
    def release_ship(
        caller: Caller,
        release_id: str,
        carrier: str,
        service: str | None = None,
        tracking_number: str | None = None,
    ) -> Any:
        release = release_ship(
            tenant_id=caller.tenant.pk,
            release_id=_release_pk(release_id),
            carrier=carrier,
            service=service,
            tracking_number=tracking_number,
            actor=caller.actor(),
        )
        release.refresh_from_db()
        return _ship_payload(release)

    @mutation(
        ShipPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        refused=lambda caller: {"parcels": []},
        location=PARCEL_ROW,
        description="Void a parcel's label (before its manifest closes).",
        parcel_id=graphene.ID(required=True),
    )
    def parcel_void(caller: Caller, parcel_id: str) -> Any:
        parcel = parcel_void(
            tenant_id=caller.tenant.pk,
            parcel_id=pk_from_global_id(parcel_id, expected_type="OmsParcel"),
            actor=caller.actor(),
        )
        return _ship_payload(Release.objects.get(pk=parcel.release_id))

    @mutation(
        ShipPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        refused=lambda caller: {"parcels": []},
        location=PARCEL_ROW,
        description="Record that a shipped parcel arrived, on deliveredOn (default: today at "
        "its location). For carriers without a tracking feed (the own fleet); carriers with "
        "one are asked by the tracking sweep. When it is the release's last parcel, "
        "fulfillment.delivered is published. The same day again changes nothing; another "
        "day is refused (ALREADY_DELIVERED), so is a parcel not shipped (NOT_SHIPPED).",
        parcel_id=graphene.ID(required=True),
        delivered_on=graphene.Date(),
    )
    def parcel_delivered(caller: Caller, parcel_id: str, delivered_on: Any = None) -> Any:
        parcel = parcel_delivered(
            tenant_id=caller.tenant.pk,
            parcel_id=pk_from_global_id(parcel_id, expected_type="OmsParcel"),
            delivered_on=delivered_on,
            actor=caller.actor(),
        )
        return _ship_payload(Release.objects.get(pk=parcel.release_id))

    @mutation(
        ManifestPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Close the day's manifest of a carrier at a location.",
        location_id=graphene.ID(required=True),
        carrier=graphene.String(required=True),
    )
    def manifest_close(caller: Caller, location_id: str, carrier: str) -> Any:
        manifest = manifest_close(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            carrier=carrier,
            actor=caller.actor(),
        )
        return ManifestPayload(manifest=manifest, errors=[])


location_scope_declare(
    ShippingQueries,
    pack_station=ByArgument(),
    parcels=ByArgument(),
    manifests=ByArgument(),
    carriers=LocationFree("the tenant's carriers, the same at every location"),
)
