"""Bringing Saleor's stock into the ledger: a three-way merge per stock level.

Saleor only knows absolute stock (``Stock.quantity``); our ledger knows physical units
(``on_hand``) and our reservations. ``saleor_quantity`` is the base: the quantity Saleor held
when we last agreed. For each stock level read from Saleor (quantity ``q``, allocated ``a``):

- with no write-back open, Saleor is the truth for physical units: ``on_hand = q + reserved``
  (Saleor holds ``on_hand - reserved``, see ``StockLevel.saleor_target``);
- with a write-back open (we changed on hand and Saleor does not know yet), only Saleor's own
  change is merged: ``on_hand += q - base``; the write-back then sends the merged target;
- with a write-back in flight (SENDING), on hand is left alone: Saleor may already hold our
  value, and counting it as Saleor's change would count it twice;
- ``allocated = a`` always: allocations are Saleor's.

Each correction is a SALEOR_SYNC movement. Rows are locked in primary-key order. Stock at
outside locations (stores, 3PLs…) is never read from nor merged with Saleor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change, write_back_mark
from saleor_oms_plugin.inventory.locks import lock_stock_levels_of
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement, StockWriteBack
from saleor_oms_plugin.locations.models import Location

MAX_DRIFT_SAMPLES = 50
_MERGE_FIELDS = (
    "tenant_id",
    "location_id",
    "variant_id",
    "sku",
    "on_hand",
    "allocated",
    "reserved",
    "saleor_quantity",
    "version",
)


@dataclass(frozen=True)
class SaleorStock:
    warehouse_id: str
    quantity: int
    allocated: int


@dataclass(frozen=True)
class SaleorVariant:
    variant_id: str
    sku: str
    stocks: tuple[SaleorStock, ...]


def parse_variant(node: dict[str, Any]) -> SaleorVariant:
    """A ``productVariants`` node of queries/inventory_variant_stocks."""
    return SaleorVariant(
        variant_id=node["id"],
        sku=node.get("sku") or "",
        stocks=tuple(
            SaleorStock(
                warehouse_id=stock["warehouse"]["id"],
                quantity=max(0, int(stock.get("quantity") or 0)),
                allocated=max(0, int(stock.get("quantityAllocated") or 0)),
            )
            for stock in node.get("stocks") or []
        ),
    )


@dataclass
class SyncReport:
    variants: int = 0
    rows_checked: int = 0
    rows_created: int = 0
    rows_corrected: int = 0
    on_hand_from_saleor: int = 0  # rows where Saleor's quantity changed since we last agreed
    on_hand_ledger_drift: int = 0  # rows where our on hand had moved without telling Saleor
    allocated_changed: int = 0
    unknown_warehouses: int = 0
    write_backs_opened: int = 0
    samples: list[dict[str, Any]] = field(default_factory=list)
    # Variants Saleor could not return (they null their page): {"variant_id", "reason"}.
    unreadable: list[dict[str, str]] = field(default_factory=list)

    def add(self, other: SyncReport) -> None:
        for name, value in other.__dict__.items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.samples.extend(other.samples[: MAX_DRIFT_SAMPLES - len(self.samples)])
        self.unreadable.extend(other.unreadable)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def location_ids_by_warehouse(*, tenant_id: int) -> dict[str, int]:
    return dict(
        Location.objects.saleor_warehouses()
        .filter(tenant_id=tenant_id, is_deleted=False)
        .values_list("saleor_id", "pk")
    )


def stocks_apply_from_saleor(
    *,
    tenant_id: int,
    variants: Iterable[SaleorVariant],
    locations: dict[str, int] | None = None,
) -> SyncReport:
    """Merge Saleor's stocks of ``variants`` (their complete stock lists) into the ledger.

    A ledger row of one of these variants that Saleor did not list has no stock in Saleor
    (deleted there): it is merged as quantity 0.
    """
    report = SyncReport()
    by_variant = {variant.variant_id: variant for variant in variants}
    if not by_variant:
        return report
    locations = (
        locations if locations is not None else location_ids_by_warehouse(tenant_id=tenant_id)
    )
    now = timezone.now()
    seen: dict[tuple[int, str], SaleorStock] = {}
    for variant in by_variant.values():
        for stock in variant.stocks:
            location_id = locations.get(stock.warehouse_id)
            if location_id is None:
                # A warehouse the read model does not know yet: the next pass takes it.
                report.unknown_warehouses += 1
                continue
            seen[(location_id, variant.variant_id)] = stock
    report.variants = len(by_variant)
    outside = list(
        Location.objects.outside().filter(tenant_id=tenant_id).values_list("pk", flat=True)
    )
    with transaction.atomic():
        rows = _locked(tenant_id, by_variant, outside)
        have = {(row.location_id, row.variant_id) for row in rows}
        missing = [
            StockLevel(
                tenant_id=tenant_id,
                location_id=location_id,
                variant_id=variant_id,
                sku=by_variant[variant_id].sku,
                updated_at=now,
            )
            for location_id, variant_id in seen.keys() - have
        ]
        if missing:
            # Only rows that do not exist are inserted: a clean pass writes nothing at all.
            StockLevel.objects.bulk_create(missing, ignore_conflicts=True)
            rows = _locked(tenant_id, by_variant, outside)
            report.rows_created = len(rows) - len(have)
        intents = {
            intent.stock_id: intent
            for intent in StockWriteBack.objects.filter(
                stock__in=[row.pk for row in rows],
                state__in=[StockWriteBack.State.PENDING, StockWriteBack.State.SENDING],
            )
        }
        to_write_back: list[int] = []
        touched: list[StockLevel] = []
        for row in rows:
            report.rows_checked += 1
            saleor = seen.get((row.location_id, row.variant_id))
            sku = by_variant[row.variant_id].sku
            write_back, corrected = _merge_row(row, saleor, intents.get(row.pk), report)
            if write_back:
                to_write_back.append(row.pk)
            new_base = saleor.quantity if saleor else None
            if corrected or new_base != row.saleor_quantity or (sku and sku != row.sku):
                row.saleor_quantity, row.sku, row.saleor_synced_at = new_base, sku or row.sku, now
                touched.append(row)
        StockLevel.objects.bulk_update(touched, ["saleor_quantity", "sku", "saleor_synced_at"])
        if to_write_back:
            write_back_mark(tenant_id=tenant_id, stock_ids=to_write_back)
            report.write_backs_opened += len(to_write_back)
    return report


def _locked(
    tenant_id: int, by_variant: dict[str, SaleorVariant], outside: list[int]
) -> list[StockLevel]:
    rows = StockLevel.objects.filter(tenant_id=tenant_id, variant_id__in=by_variant)
    # Stock at outside locations is not Saleor's: its absence there means nothing. (Their ids,
    # usually none, are excluded rather than joining every row to its location.)
    if outside:
        rows = rows.exclude(location_id__in=outside)
    # The merge needs these; skipping the timestamps halves the cost of a clean page.
    return lock_stock_levels_of(rows.only(*_MERGE_FIELDS))


def _merge_row(
    row: StockLevel,
    saleor: SaleorStock | None,
    intent: StockWriteBack | None,
    report: SyncReport,
) -> tuple[bool, bool]:
    """Correct one locked row towards Saleor; (Saleor must be written to, row corrected)."""
    quantity = saleor.quantity if saleor else 0
    base = row.saleor_quantity
    if intent is not None and intent.sent_quantity is not None and quantity == intent.sent_quantity:
        # An earlier attempt whose answer we never got did land: it is the base now.
        base = intent.sent_quantity
    sending = intent is not None and intent.state == StockWriteBack.State.SENDING
    on_hand = row.on_hand
    if sending:
        pass
    elif intent is not None:
        on_hand = row.on_hand + quantity - (base or 0)
    else:
        on_hand = quantity + row.reserved
    on_hand = max(0, on_hand)
    change = Change(
        on_hand=on_hand - row.on_hand, allocated=(saleor.allocated if saleor else 0) - row.allocated
    )
    # A row this pass created (never changed, never seen in Saleor) is being filled, not fixed.
    filling = row.version == 0 and row.saleor_quantity is None
    if not change.is_empty() and not filling:
        report.rows_corrected += 1
        if change.on_hand:
            if quantity != (base or 0):
                report.on_hand_from_saleor += 1
            else:
                report.on_hand_ledger_drift += 1
        if change.allocated:
            report.allocated_changed += 1
        if len(report.samples) < MAX_DRIFT_SAMPLES:
            report.samples.append(
                {
                    "variant_id": row.variant_id,
                    "location_id": row.location_id,
                    "on_hand": [row.on_hand, on_hand],
                    "allocated": [row.allocated, row.allocated + change.allocated],
                    "saleor_quantity": [base, quantity if saleor else None],
                }
            )
    if not change.is_empty():
        stock_change(
            stock_id=row.pk,
            change=change,
            origin=Origin(StockMovement.Reason.SALEOR_SYNC, "saleor", Actor.saleor()),
        )
        row.on_hand, row.allocated = on_hand, row.allocated + change.allocated
    corrected = not change.is_empty()
    if sending or intent is not None:
        return False, corrected  # the open intent sends the merged target anyway
    differs = max(0, row.on_hand - row.reserved) != quantity
    return differs and (saleor is not None or on_hand > 0), corrected
