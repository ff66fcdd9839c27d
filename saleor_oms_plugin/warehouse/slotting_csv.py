"""Slotting from a CSV file: ``sku,bin`` per row (a header row naming them first).

Every row is checked before anything is written; one bad row refuses the whole file, with
an error for every bad row (its line number, what is wrong), and nothing changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.execution import location_of
from saleor_oms_plugin.warehouse.models import Bin, Slot

MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line of the file
    message: str


class SlottingCsvInvalid(WarehouseError):
    """The file was refused; ``rows`` says what is wrong on which line."""

    def __init__(self, rows: list[RowError]) -> None:
        super().__init__(
            Code.CSV_INVALID,
            "; ".join(f"line {r.line}: {r.message}" for r in rows[:20]),
            field="csv",
        )
        self.rows = tuple(rows)


@dataclass(frozen=True)
class SlottingImported:
    created: int
    updated: int
    unchanged: int


def _parse(text: str) -> list[tuple[int, str, str]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if "sku" not in header or "bin" not in header:
        raise SlottingCsvInvalid([RowError(1, "the header must name the columns sku and bin")])
    sku_at, bin_at = header.index("sku"), header.index("bin")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(at: int, cells: list[str] = cells) -> str:
            return cells[at].strip() if at < len(cells) else ""

        rows.append((number, cell(sku_at), cell(bin_at)))
    return rows


def slotting_import(
    *, tenant_id: int, location_id: int, csv_text: str, actor: Actor
) -> SlottingImported:
    """Slot every SKU of the file in its bin at the location; all rows or none."""
    location_of(tenant_id, location_id)
    rows = _parse(csv_text)
    if len(rows) > MAX_ROWS:
        raise SlottingCsvInvalid([RowError(1, f"at most {MAX_ROWS} rows")])
    bins = {b.code: b for b in Bin.objects.filter(tenant_id=tenant_id, location_id=location_id)}
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    wanted: dict[str, Bin] = {}
    for line, sku, bin_code in rows:
        if not sku:
            errors.append(RowError(line, "the SKU is empty"))
        elif sku in first_line:
            errors.append(RowError(line, f"{sku} is on line {first_line[sku]} already"))
        if not bin_code:
            errors.append(RowError(line, "the bin is empty"))
        elif bin_code not in bins:
            errors.append(RowError(line, f"no bin {bin_code} at this location"))
        if sku and sku not in first_line:
            first_line[sku] = line
        if sku and bin_code in bins:
            wanted[sku] = bins[bin_code]
    if not rows:
        errors.append(RowError(1, "the file has no rows"))
    if errors:
        raise SlottingCsvInvalid(errors)
    created = updated = unchanged = 0
    now = timezone.now()
    with transaction.atomic():
        existing = {
            s.sku: s for s in Slot.objects.filter(tenant_id=tenant_id, location_id=location_id)
        }
        new, changed = [], []
        for sku, target in wanted.items():
            slot = existing.get(sku)
            if slot is None:
                new.append(Slot(tenant_id=tenant_id, location_id=location_id, sku=sku, bin=target))
            elif slot.bin_id != target.pk:
                slot.bin, slot.updated_at = target, now
                changed.append(slot)
            else:
                unchanged += 1
        Slot.objects.bulk_create(new)
        Slot.objects.bulk_update(changed, ["bin", "updated_at"])
        created, updated = len(new), len(changed)
        audit_record(
            tenant_id=tenant_id,
            subject=("oms_locations.location", str(location_id)),
            verb=WarehouseEvent.SLOTTING_IMPORTED,
            actor=actor,
            data={"rows": len(rows), "created": created, "updated": updated},
        )
    return SlottingImported(created=created, updated=updated, unchanged=unchanged)
