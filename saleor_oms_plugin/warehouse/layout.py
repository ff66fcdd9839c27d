"""Staff edit a location's layout: zones, bins (walking sequence, floor position), SKU → bin
slotting, the box catalogue, and the dimensions and weights of variants.

Each change is one transaction with its audit event; a refused change writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.execution import location_of
from saleor_oms_plugin.warehouse.models import Bin, BoxType, Slot, VariantDimensions, Zone

MAX_MM = 100_000
MAX_G = 10_000_000
MAX_SEQUENCE = 10_000_000


def _code(value: str, field: str) -> str:
    code = value.strip()
    if not code or len(code) > 64:
        raise WarehouseError(Code.INVALID, "1 to 64 characters.", field=field)
    return code


# -- zones -----------------------------------------------------------------------------------


def zone_save(*, tenant_id: int, location_id: int, code: str, name: str, actor: Actor) -> Zone:
    """Create the zone ``code`` of a location, or rename it."""
    location_of(tenant_id, location_id)
    code = _code(code, "code")
    with transaction.atomic():
        zone, _ = Zone.objects.update_or_create(
            tenant_id=tenant_id,
            location_id=location_id,
            code=code,
            defaults={"name": name.strip()[:255]},
        )
        audit_record(
            tenant_id=tenant_id,
            subject=zone,
            verb=WarehouseEvent.ZONE_SAVED,
            actor=actor,
            data={"location": location_id, "code": code, "name": zone.name},
        )
    return zone


def zone_delete(*, tenant_id: int, zone_id: int, actor: Actor) -> None:
    with transaction.atomic():
        zone = Zone.objects.filter(tenant_id=tenant_id, pk=zone_id).first()
        if zone is None:
            raise WarehouseError(Code.NOT_FOUND, "No such zone.", field="id")
        if zone.bins.exists():
            raise WarehouseError(Code.IN_USE, "The zone still has bins.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=zone,
            verb=WarehouseEvent.ZONE_DELETED,
            actor=actor,
            data={"location": zone.location_id, "code": zone.code},
        )
        zone.delete()


# -- bins ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BinInput:
    location_id: int
    code: str
    zone_code: str
    sequence: int
    x: float = 0.0
    y: float = 0.0


def bin_save(*, tenant_id: int, data: BinInput, actor: Actor) -> Bin:
    """Create the bin ``code`` of a location or move it (zone, walking sequence, position)."""
    location_of(tenant_id, data.location_id)
    code = _code(data.code, "code")
    if not 0 <= data.sequence <= MAX_SEQUENCE:
        raise WarehouseError(Code.INVALID, "Between 0 and 10,000,000.", field="sequence")
    if not all(abs(v) <= 100_000 for v in (data.x, data.y)):
        raise WarehouseError(Code.INVALID, "Within 100 km of the depot.", field="x")
    with transaction.atomic():
        zone = Zone.objects.filter(
            tenant_id=tenant_id, location_id=data.location_id, code=data.zone_code.strip()
        ).first()
        if zone is None:
            raise WarehouseError(Code.NOT_FOUND, "No such zone here.", field="zone_code")
        clash = (
            Bin.objects.filter(location_id=data.location_id, sequence=data.sequence)
            .exclude(code=code)
            .first()
        )
        if clash is not None:
            raise WarehouseError(
                Code.DUPLICATE,
                f"Bin {clash.code} has walking sequence {data.sequence} already.",
                field="sequence",
            )
        row, _ = Bin.objects.update_or_create(
            tenant_id=tenant_id,
            location_id=data.location_id,
            code=code,
            defaults={"zone": zone, "sequence": data.sequence, "x": data.x, "y": data.y},
        )
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=WarehouseEvent.BIN_SAVED,
            actor=actor,
            data={
                "location": data.location_id,
                "code": code,
                "zone": zone.code,
                "sequence": data.sequence,
                "x": data.x,
                "y": data.y,
            },
        )
    return row


def bin_delete(*, tenant_id: int, bin_id: int, actor: Actor) -> None:
    with transaction.atomic():
        row = Bin.objects.filter(tenant_id=tenant_id, pk=bin_id).first()
        if row is None:
            raise WarehouseError(Code.NOT_FOUND, "No such bin.", field="id")
        if row.slots.exists():
            raise WarehouseError(Code.IN_USE, "SKUs are slotted in the bin.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=WarehouseEvent.BIN_DELETED,
            actor=actor,
            data={"location": row.location_id, "code": row.code},
        )
        row.delete()


# -- slotting --------------------------------------------------------------------------------


def slot_set(*, tenant_id: int, location_id: int, sku: str, bin_code: str, actor: Actor) -> Slot:
    """Keep ``sku`` in the bin ``bin_code`` of the location (one bin per SKU)."""
    location_of(tenant_id, location_id)
    sku = sku.strip()
    if not sku:
        raise WarehouseError(Code.INVALID, "A SKU.", field="sku")
    with transaction.atomic():
        row = Bin.objects.filter(
            tenant_id=tenant_id, location_id=location_id, code=bin_code.strip()
        ).first()
        if row is None:
            raise WarehouseError(Code.NOT_FOUND, "No such bin here.", field="bin_code")
        slot, _ = Slot.objects.update_or_create(
            tenant_id=tenant_id, location_id=location_id, sku=sku, defaults={"bin": row}
        )
        audit_record(
            tenant_id=tenant_id,
            subject=slot,
            verb=WarehouseEvent.SLOT_SAVED,
            actor=actor,
            data={"location": location_id, "sku": sku, "bin": row.code},
        )
    return slot


def slot_delete(*, tenant_id: int, slot_id: int, actor: Actor) -> None:
    with transaction.atomic():
        slot = Slot.objects.filter(tenant_id=tenant_id, pk=slot_id).first()
        if slot is None:
            raise WarehouseError(Code.NOT_FOUND, "No such slot.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=slot,
            verb=WarehouseEvent.SLOT_DELETED,
            actor=actor,
            data={"location": slot.location_id, "sku": slot.sku},
        )
        slot.delete()


# -- boxes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoxTypeInput:
    location_id: int
    code: str
    inner_width_mm: int
    inner_height_mm: int
    inner_depth_mm: int
    max_weight_g: int
    name: str = ""
    cost: str = "0"
    currency: str = ""
    is_active: bool = True
    tare_weight_g: int = 0


def box_type_save(*, tenant_id: int, data: BoxTypeInput, actor: Actor) -> BoxType:
    """Create the box ``code`` of a location's catalogue or change it."""
    location_of(tenant_id, data.location_id)
    code = _code(data.code, "code")
    for name in ("inner_width_mm", "inner_height_mm", "inner_depth_mm"):
        if not 1 <= getattr(data, name) <= MAX_MM:
            raise WarehouseError(Code.INVALID, "Between 1 and 100,000 mm.", field=name)
    if not 1 <= data.max_weight_g <= MAX_G:
        raise WarehouseError(Code.INVALID, "Between 1 g and 10 t.", field="max_weight_g")
    try:
        cost = Decimal(data.cost)
    except InvalidOperation:
        raise WarehouseError(Code.INVALID, "A decimal amount.", field="cost") from None
    if not cost.is_finite() or not 0 <= cost < 1_000_000:
        raise WarehouseError(Code.INVALID, "From 0 to 999,999.", field="cost")
    currency = data.currency.strip().upper()
    if currency and (len(currency) != 3 or not currency.isalpha()):
        raise WarehouseError(Code.INVALID, "An ISO 4217 code (USD).", field="currency")
    if cost and not currency:
        raise WarehouseError(Code.INVALID, "A cost needs its currency.", field="currency")
    if not 0 <= data.tare_weight_g <= MAX_G:
        raise WarehouseError(Code.INVALID, "The empty box's grams.", field="tare_weight_g")
    with transaction.atomic():
        box, _ = BoxType.objects.update_or_create(
            tenant_id=tenant_id,
            location_id=data.location_id,
            code=code,
            defaults={
                "name": data.name.strip()[:255],
                "inner_width_mm": data.inner_width_mm,
                "inner_height_mm": data.inner_height_mm,
                "inner_depth_mm": data.inner_depth_mm,
                "max_weight_g": data.max_weight_g,
                "cost": cost,
                "currency": currency,
                "is_active": data.is_active,
                "tare_weight_g": data.tare_weight_g,
            },
        )
        audit_record(
            tenant_id=tenant_id,
            subject=box,
            verb=WarehouseEvent.BOX_TYPE_SAVED,
            actor=actor,
            data={
                "location": data.location_id,
                "code": code,
                "inner_mm": [data.inner_width_mm, data.inner_height_mm, data.inner_depth_mm],
                "max_weight_g": data.max_weight_g,
                "cost": str(cost),
                "currency": currency,
                "active": data.is_active,
            },
        )
    return box


def box_type_delete(*, tenant_id: int, box_type_id: int, actor: Actor) -> None:
    with transaction.atomic():
        box = BoxType.objects.filter(tenant_id=tenant_id, pk=box_type_id).first()
        if box is None:
            raise WarehouseError(Code.NOT_FOUND, "No such box type.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=box,
            verb=WarehouseEvent.BOX_TYPE_DELETED,
            actor=actor,
            data={"location": box.location_id, "code": box.code},
        )
        box.delete()


# -- variant dimensions ----------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionsInput:
    variant_id: str
    sku: str = ""
    barcode: str = ""
    width_mm: int | None = None
    height_mm: int | None = None
    depth_mm: int | None = None
    weight_g: int | None = None
    keep_upright: bool = False


def dimensions_set(*, tenant_id: int, data: DimensionsInput, actor: Actor) -> VariantDimensions:
    """Set what packing knows of a variant: all three sides or none, weight, barcode."""
    if not data.variant_id.strip():
        raise WarehouseError(Code.INVALID, "A variant ID.", field="variant_id")
    sides = (data.width_mm, data.height_mm, data.depth_mm)
    if any(s is None for s in sides) and any(s is not None for s in sides):
        raise WarehouseError(Code.INVALID, "All three sides, or none.", field="width_mm")
    for name, value in zip(("width_mm", "height_mm", "depth_mm"), sides, strict=True):
        if value is not None and not 1 <= value <= MAX_MM:
            raise WarehouseError(Code.INVALID, "Between 1 and 100,000 mm.", field=name)
    if data.weight_g is not None and not 0 <= data.weight_g <= MAX_G:
        raise WarehouseError(Code.INVALID, "Between 0 g and 10 t.", field="weight_g")
    with transaction.atomic():
        row, _ = VariantDimensions.objects.update_or_create(
            tenant_id=tenant_id,
            variant_id=data.variant_id.strip(),
            defaults={
                "sku": data.sku.strip()[:255],
                "barcode": data.barcode.strip()[:128],
                "width_mm": data.width_mm,
                "height_mm": data.height_mm,
                "depth_mm": data.depth_mm,
                "weight_g": data.weight_g,
                "keep_upright": data.keep_upright,
                # The import from Saleor leaves it alone from now on.
                "edited_here": True,
            },
        )
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=WarehouseEvent.DIMENSIONS_SAVED,
            actor=actor,
            data={
                "variant": row.variant_id,
                "sku": row.sku,
                "barcode": row.barcode,
                "mm": list(sides),
                "weight_g": data.weight_g,
                "keep_upright": data.keep_upright,
                # The import from Saleor leaves it alone from now on.
                "edited_here": True,
            },
        )
    return row
