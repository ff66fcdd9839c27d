"""Picks confirmed by scan, and short picks.

:func:`pick_scan` takes what the picker's scanner read at a stop: the bin, the item (its SKU
or barcode) and how many. A wrong bin, a wrong item or more than the stop still needs is
refused with a clear error and nothing is recorded. The units go into the totes in tote order
(or into the one tote named).

:func:`pick_short` records units the bin does not have. When every unit of a release is
picked or reported short, the release is ``picked``, or ``short_picked`` and ``pick.short`` is
published with the missing units per Saleor order line: fulfilment's short-pick path (cancel,
stock adjustment, re-route) hears it there, so this domain never imports fulfilment.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Sum

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_pick_line, lock_releases, lock_splits, lock_wave
from saleor_oms_plugin.warehouse.models import (
    PickList,
    PickListLine,
    PickSplit,
    Release,
    VariantDimensions,
    Wave,
)
from saleor_oms_plugin.warehouse.moves import pick_list_move, release_move, wave_move

MAX_UNITS = 100_000


def _line(tenant_id: int, line_id: int) -> PickListLine:
    line = lock_pick_line(tenant_id, line_id)
    if line is None:
        raise WarehouseError(Code.NOT_FOUND, "No such pick list line.", field="pick_list_line")
    if line.pick_list.state not in (PickList.State.OPEN, PickList.State.PICKING):
        raise WarehouseError(
            Code.NOT_PICKABLE, f"The pick list is {line.pick_list.state}.", field="pick_list_line"
        )
    return line


def _matches_item(tenant_id: int, line: PickListLine, code: str) -> bool:
    if code == line.sku:
        return True
    return VariantDimensions.objects.filter(
        tenant_id=tenant_id, sku=line.sku, barcode=code
    ).exists()


def _quantity(line: PickListLine, quantity: int) -> None:
    if not 1 <= quantity <= MAX_UNITS:
        raise WarehouseError(Code.INVALID, "At least one unit.", field="quantity")
    if quantity > line.open_quantity:
        raise WarehouseError(
            Code.OVER_QUANTITY,
            f"Only {line.open_quantity} more of {line.sku} are to be picked here.",
            field="quantity",
        )


def _fill(
    splits: list[PickSplit], quantity: int, attribute: str, tote: int | None
) -> dict[int, int]:
    """Spread ``quantity`` over the splits' open units (tote order, or the one tote); units
    per release."""
    given: dict[int, int] = {}
    for split in sorted(splits, key=lambda s: s.tote):
        if tote is not None and split.tote != tote:
            continue
        take = min(quantity, split.quantity - split.picked - split.short)
        if take <= 0:
            continue
        setattr(split, attribute, getattr(split, attribute) + take)
        split.save(update_fields=[attribute])
        given[split.release_id] = given.get(split.release_id, 0) + take
        quantity -= take
        if quantity == 0:
            break
    if quantity:
        raise WarehouseError(Code.OVER_QUANTITY, "More than that tote still needs.", field="tote")
    return given


def pick_scan(
    *,
    tenant_id: int,
    line_id: int,
    bin_code: str,
    item_code: str,
    quantity: int,
    actor: Actor,
    tote: int | None = None,
) -> PickListLine:
    """Confirm ``quantity`` units of a pick list line, as scanned at ``bin_code``."""
    with transaction.atomic():
        line = _line(tenant_id, line_id)
        if bin_code.strip() != line.bin.code:
            raise WarehouseError(
                Code.WRONG_BIN,
                f"Wrong bin: {line.sku} is picked from {line.bin.code}, not {bin_code.strip()}.",
                field="bin_code",
            )
        if not _matches_item(tenant_id, line, item_code.strip()):
            raise WarehouseError(
                Code.WRONG_ITEM,
                f"Wrong item: this stop picks {line.sku}, not {item_code.strip()}.",
                field="item_code",
            )
        _quantity(line, quantity)
        given = _fill(lock_splits(line.pk), quantity, "picked", tote)
        line.picked = F("picked") + quantity
        line.save(update_fields=["picked"])
        line.refresh_from_db()
        audit_record(
            tenant_id=tenant_id,
            subject=line,
            verb=WarehouseEvent.PICK_CONFIRMED,
            actor=actor,
            data={"sku": line.sku, "bin": line.bin.code, "quantity": quantity, "releases": given},
        )
        _progress(line, given.keys(), actor)
    return line


def pick_short(*, tenant_id: int, line_id: int, quantity: int, actor: Actor) -> PickListLine:
    """Record that ``quantity`` units of a pick list line are not in its bin."""
    with transaction.atomic():
        line = _line(tenant_id, line_id)
        _quantity(line, quantity)
        given = _fill(lock_splits(line.pk), quantity, "short", None)
        line.short = F("short") + quantity
        line.save(update_fields=["short"])
        line.refresh_from_db()
        audit_record(
            tenant_id=tenant_id,
            subject=line,
            verb=WarehouseEvent.PICK_SHORT_RECORDED,
            actor=actor,
            data={"sku": line.sku, "bin": line.bin.code, "short": quantity, "releases": given},
        )
        _progress(line, given.keys(), actor)
    return line


def _progress(line: PickListLine, release_ids: Iterable[int], actor: Actor) -> None:
    """Move the list, its wave and the releases the units went to as far as they got."""
    pick_list = line.pick_list
    wave = lock_wave(line.tenant_id, pick_list.wave_id)
    assert wave is not None
    if wave.state == Wave.State.RELEASED:
        wave_move(wave, Wave.State.PICKING, actor=actor)
    if pick_list.state == PickList.State.OPEN:
        pick_list_move(pick_list, PickList.State.PICKING, actor=actor)
    if not pick_list.lines.filter(picked__lt=F("quantity") - F("short")).exists():
        pick_list_move(pick_list, PickList.State.DONE, actor=actor)
        if not wave.pick_lists.exclude(state=PickList.State.DONE).exists():
            wave_move(wave, Wave.State.DONE, actor=actor)
    for release in lock_releases(release_ids):
        _release_progress(release, actor)


def _release_progress(release: Release, actor: Actor) -> None:
    totals = PickSplit.objects.filter(release=release).aggregate(
        quantity=Sum("quantity"), picked=Sum("picked"), short=Sum("short")
    )
    if (totals["picked"] or 0) + (totals["short"] or 0) < (totals["quantity"] or 0):
        return
    if release.state != Release.State.PICKING:
        return
    short_by_sku: dict[str, int] = {}
    for sku, short in PickSplit.objects.filter(release=release, short__gt=0).values_list(
        "line__sku", "short"
    ):
        short_by_sku[sku] = short_by_sku.get(sku, 0) + short
    if not short_by_sku:
        release_move(release, Release.State.PICKED, actor=actor)
        return
    release.short_lines = missing_per_line(release.lines, short_by_sku)
    release_move(
        release, Release.State.SHORT_PICKED, actor=actor, data={"missing": release.short_lines}
    )
    publish(
        tenant_id=release.tenant_id,
        event=WarehouseEvent.PICK_SHORT,
        order_id=release.order_id,
        facts={
            "release_id": release.pk,
            "shipment_id": release.shipment_id,
            "location_id": release.location_id,
            "missing": release.short_lines,
        },
    )


def missing_per_line(lines: list[dict], short_by_sku: dict[str, int]) -> dict[str, int]:
    """Missing units of each SKU spread over the release's Saleor order lines of that SKU,
    each up to its quantity, in line order."""
    left = dict(short_by_sku)
    missing: dict[str, int] = {}
    for line in lines:
        take = min(left.get(line["sku"], 0), int(line["quantity"]))
        if take:
            missing[line["line_id"]] = missing.get(line["line_id"], 0) + take
            left[line["sku"]] -= take
    return missing
