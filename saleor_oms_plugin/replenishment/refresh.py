"""Keeping velocity and alerts current as stock moves.

The stock change listener only marks the changed stock levels dirty and schedules one debounced
task per tenant; the task takes the dirty rows, counts new sales into the velocity and brings
the alerts in line. The beat sweep re-checks every tracked stock level (days of cover shrink
as days pass without any stock change) and picks up anything a lost task left dirty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.inventory.models import StockLevel, StockMovement
from saleor_oms_plugin.replenishment.alerts import UNRESOLVED, alerts_sync, unresolved_kinds
from saleor_oms_plugin.replenishment.forecasts import forecasts_of, outlook
from saleor_oms_plugin.replenishment.locks import lock_dirty_stock_ids, lock_velocities
from saleor_oms_plugin.replenishment.models import (
    DirtyStock,
    ReplenishmentSetting,
    SalesVelocity,
    StockAlert,
)
from saleor_oms_plugin.replenishment.policy import policies_for, tenant_default
from saleor_oms_plugin.replenishment.scheduling import refresh_debounced
from saleor_oms_plugin.replenishment.velocity import (
    Velocity,
    record_sale,
    units_per_day,
)
from saleor_oms_plugin.tenants.models import Tenant

DEBOUNCE_SECONDS = 2
BATCH_SIZE = 500
# A stock level seen for the first time gets its velocity from this much history.
BACKFILL_DAYS = 56
Reason = StockMovement.Reason
SALE_REASONS = (Reason.FULFILMENT, Reason.SALEOR_SYNC)


def sold_units(reason: str, on_hand_delta: int, allocated_delta: int) -> int:
    """Units a movement sold: a fulfilment of ours, or Saleor shipping allocated units (its
    quantity and allocation drop together; a stock count lowers the quantity alone)."""
    if reason == Reason.FULFILMENT:
        return max(0, -on_hand_delta)
    if reason == Reason.SALEOR_SYNC and on_hand_delta < 0 and allocated_delta < 0:
        return min(-on_hand_delta, -allocated_delta)
    return 0


# -- the listener ------------------------------------------------------------------------------


def on_stock_changes(tenant_id: int, stock_ids: frozenset[int]) -> None:
    now = timezone.now()
    DirtyStock.objects.bulk_create(
        [DirtyStock(tenant_id=tenant_id, stock_id=pk, marked_at=now) for pk in sorted(stock_ids)],
        ignore_conflicts=True,
    )
    refresh_schedule(tenant_id=tenant_id)


def refresh_schedule(*, tenant_id: int) -> None:
    refresh_debounced(tenant_id=tenant_id, seconds=DEBOUNCE_SECONDS)


# -- the work ----------------------------------------------------------------------------------


@dataclass
class RefreshResult:
    stocks: int = 0
    opened: list[int] = field(default_factory=list)
    resolved: int = 0

    def add(self, other: RefreshResult) -> None:
        self.stocks += other.stocks
        self.opened += other.opened
        self.resolved += other.resolved


def dirty_refresh(*, tenant_id: int, now: datetime | None = None) -> RefreshResult:
    """Refresh the tenant's dirty stock levels, a batch at a time, until none is left."""
    tenant = Tenant.objects.get(pk=tenant_id)
    result = RefreshResult()
    while True:
        with transaction.atomic():
            claimed = lock_dirty_stock_ids(tenant_id, BATCH_SIZE)
            if not claimed:
                return result
            DirtyStock.objects.filter(tenant_id=tenant_id, stock_id__in=claimed).delete()
            result.add(stocks_refresh(tenant=tenant, stock_ids=claimed, now=now))


def tracked_refresh(*, tenant_id: int, now: datetime | None = None) -> RefreshResult:
    """The sweep: every tracked stock level of the tenant, and any with an unresolved alert."""
    tenant = Tenant.objects.get(pk=tenant_id)
    stocks = StockLevel.objects.filter(tenant_id=tenant_id)
    if tenant_default(tenant) is None:
        settings = ReplenishmentSetting.objects.filter(tenant_id=tenant_id)
        alerted = StockAlert.objects.filter(tenant_id=tenant_id, state__in=UNRESOLVED)
        stocks = stocks.filter(
            Q(pk__in=alerted.values("stock_id"))
            | Q(
                pk__in=StockLevel.objects.filter(
                    tenant_id=tenant_id,
                    location_id__in=settings.values("location_id"),
                    variant_id__in=settings.values("variant_id"),
                ).values("pk")
            )
        )
    result = RefreshResult()
    for chunk in _chunks(stocks.order_by("pk").values_list("pk", flat=True).iterator()):
        with transaction.atomic():
            result.add(stocks_refresh(tenant=tenant, stock_ids=chunk, now=now))
    return result


def _chunks(ids: Iterator[int]) -> Iterator[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == BATCH_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stocks_refresh(
    *, tenant: Tenant, stock_ids: Iterable[int], now: datetime | None = None
) -> RefreshResult:
    """Count new sales of these stock levels and bring their alerts in line (one transaction).

    Two refreshes of one stock level (the debounced task and the sweep) serialise on its
    velocity row, locked first, so they never both open or resolve the same alert.
    """
    now = now or timezone.now()
    today = now.date()
    result = RefreshResult()
    with transaction.atomic():
        stocks = list(
            StockLevel.objects.filter(tenant_id=tenant.pk, pk__in=list(stock_ids))
            .select_related("location")
            .order_by("pk")
        )
        velocities = velocities_update(tenant_id=tenant.pk, stocks=stocks, today=today)
        forecasts = forecasts_of(tenant_id=tenant.pk, stock_ids=[s.pk for s in stocks])
        policies = policies_for(tenant, stocks)
        alerted = unresolved_kinds([s.pk for s in stocks])
        for stock in stocks:
            # The forecast's days of cover when the stock level has a current one.
            cover = outlook(
                available=stock.available,
                velocity=velocities.get(stock.pk),
                forecast=forecasts.get(stock.pk),
                today=today,
            ).days_of_cover
            opened, resolved = alerts_sync(
                stock=stock,
                policy=policies[stock.pk],
                cover=cover,
                now=now,
                have=alerted.get(stock.pk, set()),
            )
            result.stocks += 1
            result.opened += [alert.pk for alert in opened]
            result.resolved += resolved
    return result


def velocity_state(row: SalesVelocity) -> Velocity:
    return Velocity(row.ew_units, row.ew_days, row.bucket_day, row.bucket_units)


def velocities_update(
    *, tenant_id: int, stocks: list[StockLevel], today: date
) -> dict[int, float | None]:
    """Fold the sales since each stock's last update into its velocity; units/day per stock."""
    if not stocks:
        return {}
    rows = {v.stock_id: v for v in lock_velocities([s.pk for s in stocks])}
    since = datetime.combine(today - timedelta(days=BACKFILL_DAYS), time.min, tzinfo=UTC)
    moves = (
        StockMovement.objects.filter(
            tenant_id=tenant_id,
            stock_id__in=[s.pk for s in stocks],
            reason__in=SALE_REASONS,
            created_at__gte=since,
            pk__gt=min((r.last_movement_id for r in rows.values()), default=0)
            if len(rows) == len(stocks)
            else 0,
        )
        .order_by("pk")
        .values_list("pk", "stock_id", "reason", "on_hand_delta", "allocated_delta", "created_at")
    )
    states: dict[int, Velocity] = {pk: velocity_state(r) for pk, r in rows.items()}
    last: dict[int, int] = {pk: r.last_movement_id for pk, r in rows.items()}
    for pk, stock_id, reason, on_hand, allocated, created_at in moves:
        if pk <= last.get(stock_id, 0):
            continue
        last[stock_id] = pk
        units = sold_units(reason, on_hand, allocated)
        if units:
            day = created_at.date()
            state = states.get(stock_id) or Velocity.start(day)
            states[stock_id] = record_sale(state, day=day, units=units)
    for stock in stocks:
        state = states.get(stock.pk) or Velocity.start(today)
        states[stock.pk] = state
        row = rows.get(stock.pk)
        if row is None:
            # A concurrent refresh of the same new stock level inserted an equivalent row.
            SalesVelocity.objects.bulk_create(
                [
                    SalesVelocity(
                        tenant_id=tenant_id,
                        stock_id=stock.pk,
                        ew_units=state.ew_units,
                        ew_days=state.ew_days,
                        bucket_day=state.bucket_day,
                        bucket_units=state.bucket_units,
                        last_movement_id=last.get(stock.pk, 0),
                        updated_at=timezone.now(),
                    )
                ],
                ignore_conflicts=True,
            )
        elif last.get(stock.pk, 0) != row.last_movement_id:
            SalesVelocity.objects.filter(pk=row.pk).update(
                ew_units=state.ew_units,
                ew_days=state.ew_days,
                bucket_day=state.bucket_day,
                bucket_units=state.bucket_units,
                last_movement_id=last[stock.pk],
                updated_at=timezone.now(),
            )
    return {pk: units_per_day(state, today) for pk, state in states.items()}
