"""Warehouse changes: the switch, the layout, waves and picks; thin edges over the services."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.location_scope import ByArgument
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, Problem, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.locations.types import location_pk
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, Requires
from saleor_oms_plugin.graphql.warehouse.scope import row_of
from saleor_oms_plugin.graphql.warehouse.types import (
    LAYOUT_PERMISSIONS,
    WORK_PERMISSIONS,
    OmsBoxType,
    OmsPickListLine,
    OmsPickStrategy,
    OmsVariantDimensions,
    OmsWarehouseBin,
    OmsWarehouseError,
    OmsWarehouseExecution,
    OmsWarehouseSlot,
    OmsWarehouseZone,
    OmsWave,
)
from saleor_oms_plugin.warehouse import layout
from saleor_oms_plugin.warehouse.dimensions_import import dimensions_import_request
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.execution import ExecutionInput, execution_set
from saleor_oms_plugin.warehouse.models import Bin, BoxType, PickListLine, Slot, Wave, Zone
from saleor_oms_plugin.warehouse.picking import pick_scan, pick_short
from saleor_oms_plugin.warehouse.slotting_csv import SlottingCsvInvalid, slotting_import
from saleor_oms_plugin.warehouse.waves import wave_cancel, wave_create, wave_release


def _problems(exc: Any) -> list[Problem]:
    """A refused CSV: one error per bad row (``line N: …``); else the refusal itself."""
    if isinstance(exc, SlottingCsvInvalid):
        return [Problem("csv", exc.code, f"line {row.line}: {row.message}") for row in exc.rows]
    return [Problem(exc.field, exc.code, exc.message)]


WAREHOUSE_ERRORS = PayloadErrors(OmsWarehouseError, WarehouseError, problems=_problems)
LAYOUT = Requires(*LAYOUT_PERMISSIONS)
WORK = Requires(*WORK_PERMISSIONS)
# Location-scoped keys: rows named by id must be of their location (else: not found).
ZONE_ROW = row_of(Zone, "OmsWarehouseZone", argument="id", missing="No such zone.")
BIN_ROW = row_of(Bin, "OmsWarehouseBin", argument="id", missing="No such bin.")
SLOT_ROW = row_of(Slot, "OmsWarehouseSlot", argument="id", missing="No such slot.")
BOX_ROW = row_of(BoxType, "OmsBoxType", argument="id", missing="No such box type.")
WAVE_ROW = row_of(Wave, "OmsWave", argument="id", missing="No such wave.")
PICK_LINE_ROW = row_of(
    PickListLine, "OmsPickListLine", argument="pick_list_line", missing="No such pick list line."
)


def _pk(global_id: str, type_name: str) -> int:
    return pk_from_global_id(global_id, expected_type=type_name)


class OmsWarehouseExecutionInput(graphene.InputObjectType):
    enabled = graphene.Boolean(required=True)
    wave_size_cap = graphene.Int(default_value=200)
    totes_per_cart = graphene.Int(default_value=20)
    strategy = OmsPickStrategy(default_value="batch")
    wave_interval_minutes = graphene.Int(description="Null: waves by hand only.")
    cutoff_times = graphene.List(graphene.NonNull(graphene.String), default_value=[])
    time_zone = graphene.String(default_value="UTC")
    weight_tolerance_g = graphene.Int(
        default_value=50, description="Packing: a parcel may weigh this far from the expected."
    )


class OmsWarehouseBinInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    code = graphene.String(required=True)
    zone_code = graphene.String(required=True)
    sequence = graphene.Int(required=True, description="Unique in the location's walk.")
    x = graphene.Float(default_value=0.0)
    y = graphene.Float(default_value=0.0)


class OmsBoxTypeInput(graphene.InputObjectType):
    location_id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(default_value="")
    inner_width_mm = graphene.Int(required=True)
    inner_height_mm = graphene.Int(required=True)
    inner_depth_mm = graphene.Int(required=True)
    max_weight_g = graphene.Int(required=True)
    cost = graphene.Decimal(default_value="0")
    currency = graphene.String(default_value="")
    is_active = graphene.Boolean(default_value=True)
    tare_weight_g = graphene.Int(default_value=0, description="The empty box's grams.")


class OmsVariantDimensionsInput(graphene.InputObjectType):
    variant_id = graphene.String(required=True)
    sku = graphene.String(default_value="")
    barcode = graphene.String(default_value="")
    width_mm = graphene.Int()
    height_mm = graphene.Int()
    depth_mm = graphene.Int()
    weight_g = graphene.Int()
    keep_upright = graphene.Boolean(default_value=False)


def _payload(name: str, **fields: Any) -> type[graphene.ObjectType]:
    return type(name, (graphene.ObjectType,), {**fields, "errors": WAREHOUSE_ERRORS.field()})


ExecutionPayload = _payload(
    "OmsWarehouseExecutionPayload", execution=graphene.Field(OmsWarehouseExecution)
)
ZonePayload = _payload("OmsWarehouseZonePayload", zone=graphene.Field(OmsWarehouseZone))
BinPayload = _payload("OmsWarehouseBinPayload", bin=graphene.Field(OmsWarehouseBin))
SlotPayload = _payload("OmsWarehouseSlotPayload", slot=graphene.Field(OmsWarehouseSlot))
DeletePayload = _payload("OmsWarehouseDeletePayload", deleted_id=graphene.ID())
ImportPayload = _payload(
    "OmsSlottingImportPayload",
    created=graphene.Int(),
    updated=graphene.Int(),
    unchanged=graphene.Int(),
)
BoxTypePayload = _payload("OmsBoxTypePayload", box_type=graphene.Field(OmsBoxType))
DimensionsPayload = _payload(
    "OmsVariantDimensionsPayload", dimensions=graphene.Field(OmsVariantDimensions)
)
DimensionsImportPayload = _payload(
    "OmsVariantDimensionsImportPayload",
    queued=graphene.Boolean(required=True, description="The import was queued."),
)
WavePayload = _payload("OmsWavePayload", wave=graphene.Field(OmsWave))
PickPayload = _payload("OmsPickPayload", line=graphene.Field(OmsPickListLine))


class WarehouseMutations(graphene.ObjectType):
    @mutation(
        ExecutionPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Switch warehouse execution on or off for a location; while on, applied "
        "shipments are released to its pickers.",
        location_id=graphene.ID(required=True),
        input=OmsWarehouseExecutionInput(required=True),
    )
    def warehouse_execution_set(caller: Caller, location_id: str, input: dict[str, Any]) -> Any:
        row = execution_set(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            data=ExecutionInput(
                enabled=input["enabled"],
                wave_size_cap=input["wave_size_cap"],
                totes_per_cart=input["totes_per_cart"],
                strategy=enum_value(input["strategy"]),
                wave_interval_minutes=input.get("wave_interval_minutes"),
                cutoff_times=list(input["cutoff_times"]),
                time_zone=input["time_zone"],
                weight_tolerance_g=input["weight_tolerance_g"],
            ),
            actor=caller.actor(),
        )
        return ExecutionPayload(execution=row, errors=[])

    @mutation(
        ZonePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Create a zone of a location, or rename it.",
        location_id=graphene.ID(required=True),
        code=graphene.String(required=True),
        name=graphene.String(default_value=""),
    )
    def warehouse_zone_save(caller: Caller, location_id: str, code: str, name: str) -> Any:
        zone = layout.zone_save(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            code=code,
            name=name,
            actor=caller.actor(),
        )
        return ZonePayload(zone=zone, errors=[])

    @mutation(
        DeletePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ZONE_ROW,
        description="Delete a zone without bins.",
        id=graphene.ID(required=True),
    )
    def warehouse_zone_delete(caller: Caller, id: str) -> Any:
        pk = _pk(id, "OmsWarehouseZone")
        layout.zone_delete(tenant_id=caller.tenant.pk, zone_id=pk, actor=caller.actor())
        return DeletePayload(deleted_id=id, errors=[])

    @mutation(
        BinPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument("input.location_id"),
        description="Create a bin, or move it (zone, walking sequence, position).",
        input=OmsWarehouseBinInput(required=True),
    )
    def warehouse_bin_save(caller: Caller, input: dict[str, Any]) -> Any:
        row = layout.bin_save(
            tenant_id=caller.tenant.pk,
            data=layout.BinInput(
                location_id=location_pk(input["location_id"]),
                code=input["code"],
                zone_code=input["zone_code"],
                sequence=input["sequence"],
                x=input["x"],
                y=input["y"],
            ),
            actor=caller.actor(),
        )
        return BinPayload(bin=row, errors=[])

    @mutation(
        DeletePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=BIN_ROW,
        description="Delete a bin no SKU is slotted in.",
        id=graphene.ID(required=True),
    )
    def warehouse_bin_delete(caller: Caller, id: str) -> Any:
        pk = _pk(id, "OmsWarehouseBin")
        layout.bin_delete(tenant_id=caller.tenant.pk, bin_id=pk, actor=caller.actor())
        return DeletePayload(deleted_id=id, errors=[])

    @mutation(
        SlotPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Keep a SKU in a bin of the location (one bin per SKU).",
        location_id=graphene.ID(required=True),
        sku=graphene.String(required=True),
        bin_code=graphene.String(required=True),
    )
    def warehouse_slot_set(caller: Caller, location_id: str, sku: str, bin_code: str) -> Any:
        slot = layout.slot_set(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            sku=sku,
            bin_code=bin_code,
            actor=caller.actor(),
        )
        return SlotPayload(slot=slot, errors=[])

    @mutation(
        DeletePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=SLOT_ROW,
        description="Unslot a SKU.",
        id=graphene.ID(required=True),
    )
    def warehouse_slot_delete(caller: Caller, id: str) -> Any:
        pk = _pk(id, "OmsWarehouseSlot")
        layout.slot_delete(tenant_id=caller.tenant.pk, slot_id=pk, actor=caller.actor())
        return DeletePayload(deleted_id=id, errors=[])

    @mutation(
        ImportPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Slot SKUs from CSV (header `sku,bin`): every row or none; an error per "
        "bad row.",
        refused=lambda caller: {"created": 0, "updated": 0, "unchanged": 0},
        location_id=graphene.ID(required=True),
        csv=graphene.String(required=True),
    )
    def warehouse_slotting_import(caller: Caller, location_id: str, csv: str) -> Any:
        result = slotting_import(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            csv_text=csv,
            actor=caller.actor(),
        )
        return ImportPayload(
            created=result.created, updated=result.updated, unchanged=result.unchanged, errors=[]
        )

    @mutation(
        BoxTypePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument("input.location_id"),
        description="Add a box to a location's catalogue, or change it.",
        input=OmsBoxTypeInput(required=True),
    )
    def box_type_save(caller: Caller, input: dict[str, Any]) -> Any:
        box = layout.box_type_save(
            tenant_id=caller.tenant.pk,
            data=layout.BoxTypeInput(
                location_id=location_pk(input["location_id"]),
                code=input["code"],
                name=input["name"],
                inner_width_mm=input["inner_width_mm"],
                inner_height_mm=input["inner_height_mm"],
                inner_depth_mm=input["inner_depth_mm"],
                max_weight_g=input["max_weight_g"],
                cost=str(input["cost"]),
                currency=input["currency"],
                is_active=input["is_active"],
                tare_weight_g=input["tare_weight_g"],
            ),
            actor=caller.actor(),
        )
        return BoxTypePayload(box_type=box, errors=[])

    @mutation(
        DeletePayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        location=BOX_ROW,
        description="Remove a box from the catalogue.",
        id=graphene.ID(required=True),
    )
    def box_type_delete(caller: Caller, id: str) -> Any:
        pk = _pk(id, "OmsBoxType")
        layout.box_type_delete(tenant_id=caller.tenant.pk, box_type_id=pk, actor=caller.actor())
        return DeletePayload(deleted_id=id, errors=[])

    @mutation(
        DimensionsPayload,
        access=LAYOUT,
        errors=WAREHOUSE_ERRORS,
        description="Set a variant's size (all three sides or none), weight and barcode.",
        input=OmsVariantDimensionsInput(required=True),
    )
    def variant_dimensions_set(caller: Caller, input: dict[str, Any]) -> Any:
        row = layout.dimensions_set(
            tenant_id=caller.tenant.pk,
            data=layout.DimensionsInput(
                variant_id=input["variant_id"],
                sku=input["sku"],
                barcode=input["barcode"],
                width_mm=input.get("width_mm"),
                height_mm=input.get("height_mm"),
                depth_mm=input.get("depth_mm"),
                weight_g=input.get("weight_g"),
                keep_upright=input["keep_upright"],
            ),
            actor=caller.actor(),
        )
        return DimensionsPayload(dimensions=row, errors=[])

    @mutation(
        DimensionsImportPayload,
        access=Requires(MANAGE_PRODUCTS),
        errors=WAREHOUSE_ERRORS,
        refused=lambda caller: {"queued": False},
        description="Import every variant's weight (the variant's, else its product's or "
        "product type's) and sides (the attributes or metadata the dimensions settings name) "
        "from Saleor, in the background. Rows edited here are kept; the outcome is audited "
        "as variant_dimensions.imported.",
    )
    def variant_dimensions_import(caller: Caller) -> Any:
        dimensions_import_request(tenant_id=caller.tenant.pk, actor=caller.actor())
        return DimensionsImportPayload(queued=True, errors=[])

    @mutation(
        WavePayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=ByArgument(),
        description="Gather releases waiting at a location into a wave: those named, or the "
        "oldest up to the size cap; with `release`, plan its pick lists at once.",
        location_id=graphene.ID(required=True),
        release_ids=graphene.List(graphene.NonNull(graphene.ID)),
        size_cap=graphene.Int(),
        strategy=OmsPickStrategy(),
        totes=graphene.Int(),
        release=graphene.Boolean(default_value=False),
    )
    def wave_create(
        caller: Caller,
        location_id: str,
        release: bool,
        release_ids: list[str] | None = None,
        size_cap: int | None = None,
        strategy: Any = None,
        totes: int | None = None,
    ) -> Any:
        wave = wave_create(
            tenant_id=caller.tenant.pk,
            location_id=location_pk(location_id),
            actor=caller.actor(),
            release_ids=None
            if release_ids is None
            else [_pk(r, "OmsWarehouseRelease") for r in release_ids],
            size_cap=size_cap,
            strategy=enum_value(strategy),
            totes=totes,
        )
        if release:
            wave = wave_release(tenant_id=caller.tenant.pk, wave_id=wave.pk, actor=caller.actor())
        return WavePayload(wave=wave, errors=[])

    @mutation(
        WavePayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=WAVE_ROW,
        description="Plan an open wave's pick lists and hand them to the pickers.",
        id=graphene.ID(required=True),
    )
    def wave_release(caller: Caller, id: str) -> Any:
        wave = wave_release(
            tenant_id=caller.tenant.pk, wave_id=_pk(id, "OmsWave"), actor=caller.actor()
        )
        return WavePayload(wave=wave, errors=[])

    @mutation(
        WavePayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=WAVE_ROW,
        description="Give up an open wave; its releases wait again.",
        id=graphene.ID(required=True),
    )
    def wave_cancel(caller: Caller, id: str) -> Any:
        wave = wave_cancel(
            tenant_id=caller.tenant.pk, wave_id=_pk(id, "OmsWave"), actor=caller.actor()
        )
        return WavePayload(wave=wave, errors=[])

    @mutation(
        PickPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=PICK_LINE_ROW,
        description="Confirm picked units as scanned: the bin, the item (SKU or barcode), how "
        "many. A wrong bin, item or count is refused and nothing is recorded.",
        pick_list_line=graphene.ID(required=True),
        bin_code=graphene.String(required=True),
        item_code=graphene.String(required=True, description="The SKU or the barcode."),
        quantity=graphene.Int(default_value=1),
        tote=graphene.Int(description="Only into this tote (default: in tote order)."),
    )
    def pick_scan(
        caller: Caller,
        pick_list_line: str,
        bin_code: str,
        item_code: str,
        quantity: int,
        tote: int | None = None,
    ) -> Any:
        line = pick_scan(
            tenant_id=caller.tenant.pk,
            line_id=_pk(pick_list_line, "OmsPickListLine"),
            bin_code=bin_code,
            item_code=item_code,
            quantity=quantity,
            tote=tote,
            actor=caller.actor(),
        )
        return PickPayload(line=line, errors=[])

    @mutation(
        PickPayload,
        access=WORK,
        errors=WAREHOUSE_ERRORS,
        location=PICK_LINE_ROW,
        description="Report units not in the bin; once a release has no units left to pick, "
        "its short pick goes to fulfilment (cancel, stock adjustment, re-route).",
        pick_list_line=graphene.ID(required=True),
        quantity=graphene.Int(required=True),
    )
    def pick_short(caller: Caller, pick_list_line: str, quantity: int) -> Any:
        line = pick_short(
            tenant_id=caller.tenant.pk,
            line_id=_pk(pick_list_line, "OmsPickListLine"),
            quantity=quantity,
            actor=caller.actor(),
        )
        return PickPayload(line=line, errors=[])
