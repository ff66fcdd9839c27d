"""The one way a stock level changes: a conditional UPDATE plus its movement, atomically.

Every writer (sync, adjustments, reservations, later feeds and transfers) calls
:func:`stock_change`. It never reads a quantity and writes it back (check-then-act): the guard
is in the UPDATE's WHERE clause, evaluated by PostgreSQL on the row version it locks, so two
transactions can never both take the last unit. Writers that touch several rows lock or update
them in primary-key order so they cannot deadlock with each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.changes import stock_changed
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement, StockWriteBack
from saleor_oms_plugin.inventory.scheduling import write_back_debounced

_FIELDS = ("on_hand", "allocated", "reserved", "held", "safety_stock")
# A burst of changes schedules one write-back task per tenant per this many seconds.
WRITE_BACK_DEBOUNCE_SECONDS = 2


@dataclass(frozen=True)
class Change:
    """Deltas to apply to one stock level."""

    on_hand: int = 0
    allocated: int = 0
    reserved: int = 0
    held: int = 0  # carts' soft holds: never written back to Saleor
    safety_stock: int = 0

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _FIELDS)

    @property
    def saleor_target_delta(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class Origin:
    """Why, from where and by whom: recorded on every movement."""

    reason: StockMovement.Reason
    source: str
    actor: Actor
    reference: str = ""
    note: str = ""


def stock_ensure(*, tenant_id: int, location_id: int, variant_id: str, sku: str = "") -> StockLevel:
    """The stock level of a variant at a location, created empty if missing (race-safe)."""
    now = timezone.now()
    StockLevel.objects.bulk_create(
        [
            StockLevel(
                tenant_id=tenant_id,
                location_id=location_id,
                variant_id=variant_id,
                sku=sku,
                updated_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    stock = StockLevel.objects.get(
        tenant_id=tenant_id, location_id=location_id, variant_id=variant_id
    )
    if sku and stock.sku != sku:
        StockLevel.objects.filter(pk=stock.pk).update(sku=sku)
        stock.sku = sku
    return stock


def stock_ensure_many(
    *, tenant_id: int, wanted: dict[tuple[int, str], str]
) -> dict[tuple[int, str], int]:
    """The stock level ids of many ``(location id, variant id)`` pairs (value: the SKU, may be
    empty), created empty where missing, in one INSERT and one SELECT (race-safe)."""
    now = timezone.now()
    StockLevel.objects.bulk_create(
        [
            StockLevel(
                tenant_id=tenant_id,
                location_id=location_id,
                variant_id=variant_id,
                sku=wanted[(location_id, variant_id)],
                updated_at=now,
            )
            for location_id, variant_id in sorted(wanted)
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    found: dict[tuple[int, str], int] = {}
    unnamed: list[StockLevel] = []
    for stock in StockLevel.objects.filter(
        tenant_id=tenant_id,
        location_id__in={location_id for location_id, _ in wanted},
        variant_id__in={variant_id for _, variant_id in wanted},
    ).only("pk", "location_id", "variant_id", "sku"):
        key = (stock.location_id, stock.variant_id)
        if key in wanted:
            found[key] = stock.pk
            if wanted[key] and stock.sku != wanted[key]:
                stock.sku = wanted[key]
                unnamed.append(stock)
    StockLevel.objects.bulk_update(unnamed, ["sku"], batch_size=1000)
    return found


def stock_change(
    *,
    stock_id: int,
    change: Change,
    origin: Origin,
    require_available: int = 0,
    write_back: bool = False,
) -> StockMovement:
    """Apply ``change`` to one stock level and log it; refuse without changing anything.

    ``require_available``: the UPDATE only happens while at least this many units are
    available (on hand − allocated − reserved − safety stock) *before* the change, which is
    how reservations are made oversell-proof. Decrements are guarded the same way, so a
    quantity never goes below zero (the CHECK constraints are the last line of defence).
    ``write_back``: the change started outside Saleor and Saleor's quantity must follow
    (ignored at outside locations, which Saleor does not know).
    """
    if change.is_empty():
        raise InventoryError(InventoryErrorCode.INVALID_QUANTITY, "Nothing to change.")
    guard = Q(pk=stock_id)
    for name in _FIELDS:
        delta = getattr(change, name)
        if delta < 0:
            guard &= Q(**{f"{name}__gte": -delta})
    if require_available > 0:
        guard &= Q(
            on_hand__gte=F("allocated")
            + F("reserved")
            + F("held")
            + F("safety_stock")
            + require_available
        )
    # No savepoint: a refusal changed nothing (the UPDATE matched no row) and is raised after
    # the block, so a caller in a transaction can go on after one (feeds do, line by line).
    with transaction.atomic(savepoint=False):
        movement = _applied(stock_id, guard, change, origin, write_back)
    if movement is None:
        raise _refusal(stock_id, change, require_available)
    return movement


def _applied(
    stock_id: int, guard: Q, change: Change, origin: Origin, write_back: bool
) -> StockMovement | None:
    now = timezone.now()
    updated = StockLevel.objects.filter(guard).update(
        on_hand=F("on_hand") + change.on_hand,
        allocated=F("allocated") + change.allocated,
        reserved=F("reserved") + change.reserved,
        held=F("held") + change.held,
        safety_stock=F("safety_stock") + change.safety_stock,
        version=F("version") + 1,
        updated_at=now,
    )
    if not updated:
        return None
    # The row is ours (locked by the UPDATE) until commit: this reads our own result.
    stock = StockLevel.objects.select_related("location").get(pk=stock_id)
    movement = StockMovement.objects.create(
        tenant_id=stock.tenant_id,
        stock=stock,
        reason=origin.reason,
        source=origin.source,
        reference=origin.reference[:255],
        note=origin.note[:500],
        on_hand_delta=change.on_hand,
        allocated_delta=change.allocated,
        reserved_delta=change.reserved,
        held_delta=change.held,
        safety_stock_delta=change.safety_stock,
        on_hand_after=stock.on_hand,
        allocated_after=stock.allocated,
        reserved_after=stock.reserved,
        held_after=stock.held,
        safety_stock_after=stock.safety_stock,
        actor_type=origin.actor.type,
        actor_id=origin.actor.id,
        created_at=now,
    )
    # Saleor knows only its own warehouses: outside locations are never written back.
    if write_back and change.saleor_target_delta and stock.location.is_saleor_warehouse:
        write_back_mark(tenant_id=stock.tenant_id, stock_ids=[stock.pk])
    stock_changed(tenant_id=stock.tenant_id, stock_ids=[stock.pk])
    return movement


def _refusal(stock_id: int, change: Change, require_available: int) -> InventoryError:
    stock = StockLevel.objects.filter(pk=stock_id).first()
    if stock is None:
        return InventoryError(
            InventoryErrorCode.STOCK_NOT_FOUND, f"No stock level {stock_id}.", field="stock"
        )
    if require_available > 0 and stock.available < require_available:
        return InventoryError(
            InventoryErrorCode.INSUFFICIENT_STOCK,
            f"Only {stock.available} of {stock.variant_id} available at location "
            f"{stock.location_id}; {require_available} requested.",
            field="quantity",
        )
    return InventoryError(
        InventoryErrorCode.NEGATIVE_STOCK,
        f"The change would make a quantity of {stock.variant_id} negative.",
        field="quantity",
    )


def write_back_mark(*, tenant_id: int, stock_ids: Iterable[int]) -> None:
    """Open a write-back intent for each stock level (no-op where one is open already) and
    schedule the sender after commit."""
    now = timezone.now()
    StockWriteBack.objects.bulk_create(
        [
            StockWriteBack(tenant_id=tenant_id, stock_id=pk, created_at=now, updated_at=now)
            for pk in sorted(set(stock_ids))
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: write_back_schedule(tenant_id=tenant_id))


def write_back_schedule(*, tenant_id: int) -> None:
    """Queue the write-back task, at most once per debounce window and tenant."""
    # Off only where no Saleor is reachable (tests of the ledger alone, benchmarks); the open
    # intents stay and the beat sweep sends them once it is on again.
    if not settings.INVENTORY_WRITE_BACK_ENABLED:
        return
    write_back_debounced(tenant_id=tenant_id, seconds=WRITE_BACK_DEBOUNCE_SECONDS)
