"""Tenant-scoped reads of stock health: the facts of each stock level gathered in a fixed
number of queries, then judged by ``stock_health`` (plain functions).

Queries, whatever the number of stock levels: the stock levels with their location and their
last sale, last receipt and first movement (subqueries on the movement index), the demand
(replenishment's forecasts and velocities, two), and the stock-out days of the last 30 days
from the daily snapshots (one); one more to check a location asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, OuterRef, Q, Subquery

from saleor_oms_plugin.insights.models import StockSnapshot
from saleor_oms_plugin.insights.stock_health import (
    HealthFilter,
    HealthPolicy,
    StockFacts,
    StockHealth,
    health_list,
    stock_health,
)
from saleor_oms_plugin.insights.stock_snapshots import stock_out_window
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.replenishment.selectors import demand_outlooks
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get

MAX_ITEMS = 1000
Reason = StockMovement.Reason

# A sale as replenishment counts one (``refresh.sold_units``): a fulfilment of ours, or Saleor
# shipping allocated units (its quantity and allocation drop together).
SOLD = Q(reason=Reason.FULFILMENT, on_hand_delta__lt=0) | Q(
    reason=Reason.SALEOR_SYNC, on_hand_delta__lt=0, allocated_delta__lt=0
)
# Stock that came in: any movement that raised the units on hand (receipts, feeds, counts,
# transfers in, restocked returns, raises made in Saleor).
RECEIVED = Q(on_hand_delta__gt=0)


class UnknownLocation(LookupError):
    """The location asked for is not one of the tenant's."""


@dataclass(frozen=True)
class StockReport:
    as_of: datetime
    stock_outs_last_30_days: int
    items: list[StockHealth]


def health_policy(tenant: Tenant) -> HealthPolicy:
    settings = tenant_settings_get(tenant=tenant).stock_health
    return HealthPolicy(settings.aged_days, settings.overstock_days, settings.low_cover_days)


def _moved(condition: Q | None, newest: bool = True) -> Subquery:
    moves = StockMovement.objects.filter(tenant_id=OuterRef("tenant_id"), stock_id=OuterRef("pk"))
    if condition is not None:
        moves = moves.filter(condition)
    order = "-created_at" if newest else "created_at"
    return Subquery(moves.order_by(order).values("created_at")[:1])


def stock_facts(*, tenant: Tenant, location_id: int | None, now: datetime) -> list[StockFacts]:
    """The facts of every stock level of the tenant (at one location if given)."""
    today = now.astimezone(UTC).date()
    policy = health_policy(tenant)
    stocks = StockLevel.objects.filter(tenant_id=tenant.pk).select_related("location")
    if location_id is not None:
        stocks = stocks.filter(location_id=location_id)
    levels = list(
        stocks.annotate(
            last_sold_at=_moved(SOLD),
            last_received_at=_moved(RECEIVED),
            first_moved_at=_moved(None, newest=False),
        ).order_by("pk")
    )
    if not levels:
        return []
    outlooks = demand_outlooks(tenant_id=tenant.pk, stocks=levels, today=today, on_hand=True)
    start, end = stock_out_window(today)
    outs = StockSnapshot.objects.filter(
        tenant_id=tenant.pk, day__gte=start, day__lte=end, min_available__lte=0
    )
    if location_id is not None:
        outs = outs.filter(stock__location_id=location_id)
    out_days = dict(
        outs.order_by().values("stock_id").annotate(n=Count("pk")).values_list("stock_id", "n")
    )
    facts = []
    for level in levels:
        seen = outlooks[level.pk]
        rate = seen.units_per_day
        over = seen.demand_over(policy.overstock_days)
        if over is None and rate is not None:
            over = rate * policy.overstock_days
        facts.append(
            StockFacts(
                stock_id=level.pk,
                variant_id=level.variant_id,
                sku=level.sku,
                location_id=level.location_id,
                location_name=level.location.name,
                on_hand=level.on_hand,
                available=level.available,
                daily_demand=rate,
                days_of_cover=seen.days_of_cover,
                demand_over=over,
                last_sold_at=level.last_sold_at,  # type: ignore[attr-defined]
                last_received_at=level.last_received_at,  # type: ignore[attr-defined]
                first_moved_at=level.first_moved_at,  # type: ignore[attr-defined]
                stock_out_days=out_days.get(level.pk, 0),
            )
        )
    return facts


def stock_report(
    *,
    tenant: Tenant,
    location_id: int | None = None,
    wanted: HealthFilter = HealthFilter.ALL,
    first: int = 100,
    now: datetime,
) -> StockReport:
    """The stock levels of ``wanted`` (worst first, at most ``first``) and how many stock levels
    were out of stock on some day of the last 30. Raises :class:`UnknownLocation` for a
    location that is not the tenant's."""
    if (
        location_id is not None
        and not Location.objects.filter(tenant_id=tenant.pk, pk=location_id).exists()
    ):
        raise UnknownLocation(location_id)
    policy = health_policy(tenant)
    healths = [
        stock_health(facts, policy, now)
        for facts in stock_facts(tenant=tenant, location_id=location_id, now=now)
    ]
    return StockReport(
        as_of=now,
        stock_outs_last_30_days=sum(1 for h in healths if h.facts.stock_out_days),
        items=health_list(healths, wanted, policy)[:first],
    )
