"""The pack station: every item verified by scan into the release's open parcel, parcels
closed in a box and weighed, the release ``packed`` once every unit is in a closed parcel.

Each call locks the release, so two scans of one release (two stations, a double-read
barcode) run one after the other and the second sees the first's units. A wrong item, more
units than the order has left to pack, an unknown box or a weight off by more than the
location's tolerance is refused with a clear error and nothing is recorded.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_parcels, lock_release
from saleor_oms_plugin.warehouse.models import (
    BoxType,
    LocationExecution,
    Parcel,
    Release,
    VariantDimensions,
)
from saleor_oms_plugin.warehouse.moves import release_move
from saleor_oms_plugin.warehouse.pack_task import (
    DEFAULT_TOLERANCE_G,
    items_weight,
    scanned_per_line,
)
from saleor_oms_plugin.warehouse.selectors import variant_profiles

MAX_UNITS = 10_000
MAX_GRAMS = 1_000_000


def _packable(tenant_id: int, release_id: int) -> Release:
    release = lock_release(tenant_id, release_id)
    if release is None:
        raise WarehouseError(Code.NOT_FOUND, "No such release.", field="release_id")
    if release.state != Release.State.PICKED:
        raise WarehouseError(
            Code.NOT_PACKABLE,
            f"This release is {release.state}: only picked releases are packed.",
            field="release_id",
        )
    return release


def pack_start(*, tenant_id: int, release_id: int) -> Release:
    """The release to pack (or resume): refused unless it is picked or already packed."""
    release = (
        Release.objects.select_related("order", "location")
        .filter(tenant_id=tenant_id, pk=release_id)
        .first()
    )
    if release is None:
        raise WarehouseError(Code.NOT_FOUND, "No such release.", field="release_id")
    if release.state not in (Release.State.PICKED, Release.State.PACKED):
        raise WarehouseError(
            Code.NOT_PACKABLE,
            f"This release is {release.state}: only picked releases are packed.",
            field="release_id",
        )
    return release


def _lines_for(tenant_id: int, release: Release, code: str) -> list[dict]:
    """The release's lines the scanned code names: by SKU, or by a variant's barcode or SKU
    as entered with its dimensions."""
    variant_ids = {line["variant_id"] for line in release.lines}
    by_dimensions = set(
        VariantDimensions.objects.filter(
            Q(barcode=code) | Q(sku=code), tenant_id=tenant_id, variant_id__in=variant_ids
        ).values_list("variant_id", flat=True)
    )
    return [
        line for line in release.lines if line["sku"] == code or line["variant_id"] in by_dimensions
    ]


def pack_scan(
    *, tenant_id: int, release_id: int, code: str, quantity: int, actor: Actor
) -> Release:
    """Put ``quantity`` scanned units of the item ``code`` (barcode or SKU) into the release's
    open parcel (opened now if there is none)."""
    code = code.strip()
    if not code:
        raise WarehouseError(Code.INVALID, "Scan an item's barcode or SKU.", field="code")
    if not 1 <= quantity <= MAX_UNITS:
        raise WarehouseError(Code.INVALID, "At least one unit.", field="quantity")
    with transaction.atomic():
        release = _packable(tenant_id, release_id)
        lines = _lines_for(tenant_id, release, code)
        if not lines:
            raise WarehouseError(
                Code.WRONG_ITEM,
                f"Wrong item: {code} is not in order {release.order.number}.",
                field="code",
            )
        parcels = lock_parcels(release.pk)
        scanned = scanned_per_line(parcels)
        open_units = {
            line["line_id"]: int(line["quantity"]) - scanned.get(line["line_id"], 0)
            for line in lines
        }
        if quantity > sum(open_units.values()):
            left = sum(open_units.values())
            raise WarehouseError(
                Code.TOO_MANY,
                f"Too many: only {left} more of {lines[0]['sku']} to pack "
                f"for order {release.order.number}.",
                field="quantity",
            )
        parcel = next((p for p in parcels if p.state == Parcel.State.OPEN), None)
        if parcel is None:
            parcel = Parcel.objects.create(
                tenant_id=tenant_id, location_id=release.location_id, release=release
            )
        remaining = quantity
        for line_id, free in open_units.items():
            take = min(free, remaining)
            if take > 0:
                parcel.items[line_id] = int(parcel.items.get(line_id, 0)) + take
                remaining -= take
        parcel.save(update_fields=["items", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=release,
            verb=WarehouseEvent.PACK_SCANNED,
            actor=actor,
            data={"code": code, "quantity": quantity, "parcel": parcel.pk},
        )
    return release


def _tolerance(tenant_id: int, location_id: int) -> int:
    value = (
        LocationExecution.objects.filter(tenant_id=tenant_id, location_id=location_id)
        .values_list("weight_tolerance_g", flat=True)
        .first()
    )
    return DEFAULT_TOLERANCE_G if value is None else value


def pack_parcel_close(
    *,
    tenant_id: int,
    release_id: int,
    box_code: str,
    weight_g: int,
    override: bool,
    actor: Actor,
) -> Release:
    """Close the open parcel in box ``box_code`` weighing ``weight_g``. A weight off the
    expected one (the items' and the box's) by more than the tolerance is refused unless
    ``override``. The release is ``packed`` once every unit is in a closed parcel."""
    if not 1 <= weight_g <= MAX_GRAMS:
        raise WarehouseError(Code.INVALID, "The weighed grams, at least 1.", field="weight_g")
    with transaction.atomic():
        release = _packable(tenant_id, release_id)
        box = BoxType.objects.filter(
            tenant_id=tenant_id,
            location_id=release.location_id,
            code=box_code.strip(),
            is_active=True,
        ).first()
        if box is None:
            raise WarehouseError(
                Code.UNKNOWN_BOX, f"No box {box_code.strip()!r} at this location.", field="box_code"
            )
        parcels = lock_parcels(release.pk)
        parcel = next((p for p in parcels if p.state == Parcel.State.OPEN), None)
        if parcel is None or parcel.units == 0:
            raise WarehouseError(
                Code.NOTHING_SCANNED, "Scan the parcel's items before closing it.", field="box_code"
            )
        profiles = variant_profiles(
            tenant_id=tenant_id, variant_ids=[line["variant_id"] for line in release.lines]
        )
        contents = items_weight(release, parcel.items, profiles)
        expected = None if contents is None else contents + box.tare_weight_g
        tolerance = _tolerance(tenant_id, release.location_id)
        off = expected is not None and abs(weight_g - expected) > tolerance
        if off and not override:
            raise WarehouseError(
                Code.WEIGHT_MISMATCH,
                f"The parcel weighs {weight_g} g; {expected} g ± {tolerance} g was expected. "
                "Check its contents, or close it with override.",
                field="weight_g",
            )
        parcel.state = Parcel.State.CLOSED
        parcel.box_code = box.code
        parcel.weight_g = weight_g
        parcel.expected_weight_g = expected
        parcel.weight_override = bool(off and override)
        parcel.closed_at = timezone.now()
        parcel.save()
        audit_record(
            tenant_id=tenant_id,
            subject=parcel,
            verb=WarehouseEvent.PARCEL_CLOSED,
            actor=actor,
            data={
                "release": release.pk,
                "box": box.code,
                "weight_g": weight_g,
                "expected_g": expected,
                "override": parcel.weight_override,
            },
        )
        packed = scanned_per_line([p for p in parcels if p.state != Parcel.State.OPEN])
        if all(packed.get(line["line_id"], 0) >= int(line["quantity"]) for line in release.lines):
            release_move(release, Release.State.PACKED, actor=actor)
    return release
