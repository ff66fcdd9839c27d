"""Tenant-scoped reads: settings, alerts, days of cover and purchase suggestions."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.replenishment.forecasts import (
    DemandSource,
    Outlook,
    forecasts_of,
    outlook,
    reorder_point,
)
from saleor_oms_plugin.replenishment.models import (
    DemandForecast,
    ReplenishmentSetting,
    SalesVelocity,
    StockAlert,
)
from saleor_oms_plugin.replenishment.policy import Policy, policies_for
from saleor_oms_plugin.replenishment.refresh import velocity_state
from saleor_oms_plugin.replenishment.velocity import run_out_date, units_per_day
from saleor_oms_plugin.tenants.models import Tenant

InboundSource = Callable[[int, list[StockLevel]], dict[int, int]]
"""``(tenant_id, stocks) -> {stock pk: units on their way}`` (transfers, purchase orders…)."""

_INBOUND: list[InboundSource] = []


def inbound_source_register(source: InboundSource) -> None:
    """Let a domain (transfers, purchasing) tell suggestions what is already on its way."""
    if source not in _INBOUND:
        _INBOUND.append(source)


def setting_list(
    *, tenant_id: int, location_id: int | None = None, variant_id: str | None = None
) -> QuerySet[ReplenishmentSetting]:
    rows = ReplenishmentSetting.objects.filter(tenant_id=tenant_id).select_related("location")
    if location_id is not None:
        rows = rows.filter(location_id=location_id)
    if variant_id is not None:
        rows = rows.filter(variant_id=variant_id)
    return rows.order_by("variant_id", "location__name", "pk")


def setting_get(*, tenant_id: int, pk: int) -> ReplenishmentSetting | None:
    return ReplenishmentSetting.objects.filter(tenant_id=tenant_id, pk=pk).first()


def alert_list(
    *,
    tenant_id: int,
    states: Iterable[str] | None = None,
    kind: str | None = None,
    location_id: int | None = None,
) -> QuerySet[StockAlert]:
    alerts = StockAlert.objects.filter(tenant_id=tenant_id).select_related("stock__location")
    if states is not None:
        alerts = alerts.filter(state__in=list(states))
    if kind is not None:
        alerts = alerts.filter(kind=kind)
    if location_id is not None:
        alerts = alerts.filter(stock__location_id=location_id)
    return alerts.order_by("-opened_at", "-pk")


def alert_get(*, tenant_id: int, pk: int) -> StockAlert | None:
    return StockAlert.objects.filter(tenant_id=tenant_id, pk=pk).first()


def demand_outlooks(
    *, tenant_id: int, stocks: Sequence[StockLevel], today: date, on_hand: bool = False
) -> dict[int, Outlook]:
    """What replenishment plans each stock level with (by pk): its current demand forecast,
    else its sales velocity (``forecasts.outlook``); days of cover of the available units, or
    with ``on_hand`` of the units on hand. Two queries whatever the number of stocks."""
    pks = [s.pk for s in stocks]
    rows = {v.stock_id: v for v in SalesVelocity.objects.filter(stock_id__in=pks)}
    forecasts = forecasts_of(tenant_id=tenant_id, stock_ids=pks)
    outlooks = {}
    for stock in stocks:
        row = rows.get(stock.pk)
        outlooks[stock.pk] = outlook(
            available=stock.on_hand if on_hand else stock.available,
            velocity=units_per_day(velocity_state(row), today) if row is not None else None,
            forecast=forecasts.get(stock.pk),
            today=today,
        )
    return outlooks


@dataclass(frozen=True)
class Cover:
    stock: StockLevel
    policy: Policy | None
    units_per_day: float | None
    days_of_cover: float | None
    run_out_on: date | None
    source: DemandSource = DemandSource.VELOCITY
    forecast: DemandForecast | None = None
    # Forecast units over the lead time (None: no forecast, or no policy)
    lead_time_demand: float | None = None

    @property
    def runs_out_before_restock(self) -> bool:
        return (
            self.policy is not None
            and self.days_of_cover is not None
            and self.days_of_cover < self.policy.lead_time_days
        )


def cover_of(*, tenant: Tenant, stocks: list[StockLevel], today: date) -> list[Cover]:
    """Days of cover per stock level: from its demand forecast when it has a current one, else
    from its sales velocity (``forecasts.outlook``)."""
    rows = {
        v.stock_id: v for v in SalesVelocity.objects.filter(stock_id__in=[s.pk for s in stocks])
    }
    forecasts = forecasts_of(tenant_id=tenant.pk, stock_ids=[s.pk for s in stocks])
    policies = policies_for(tenant, stocks)
    covers = []
    for stock in stocks:
        row = rows.get(stock.pk)
        rate = units_per_day(velocity_state(row), today) if row is not None else None
        seen = outlook(
            available=stock.available,
            velocity=rate,
            forecast=forecasts.get(stock.pk),
            today=today,
        )
        policy = policies[stock.pk]
        covers.append(
            Cover(
                stock,
                policy,
                seen.units_per_day,
                seen.days_of_cover,
                run_out_date(today, seen.days_of_cover),
                seen.source,
                seen.forecast,
                None if policy is None else seen.demand_over(policy.lead_time_days),
            )
        )
    return covers


@dataclass(frozen=True)
class PurchaseSuggestion:
    stock: StockLevel
    available: int
    reorder_point: int
    target_level: int
    inbound: int
    quantity: int
    lead_time_days: int
    supplier: str
    units_per_day: float | None
    days_of_cover: float | None
    run_out_on: date | None
    arrives_on: date
    # What the reorder point and quantity used: the setting's alone (VELOCITY), or raised to
    # the forecast demand over the lead time (FORECAST).
    source: DemandSource = DemandSource.VELOCITY
    forecast: DemandForecast | None = None
    lead_time_demand: float | None = None
    reorder_point_used: int = 0

    @property
    def runs_out_before_restock(self) -> bool:
        return self.run_out_on is not None and self.run_out_on < self.arrives_on


def suggested_quantity(*, available: int, inbound: int, target_level: int) -> int:
    """Units to order to bring available (plus what is on its way) up to the target."""
    return max(0, target_level - (available + inbound))


def purchase_suggestions(
    *, tenant: Tenant, location_id: int | None = None, now: datetime | None = None
) -> list[PurchaseSuggestion]:
    """What to buy: every tracked stock level at or below its reorder point still short of its
    target after what is on order or in transit; most urgent (soonest run-out) first.

    With a current demand forecast the reorder point is raised to the forecast demand over the
    lead time, and the quantity tops up to the larger of the target and that point
    (``forecasts.reorder_point``); without one both are the setting's, as before forecasts."""
    today = (now or timezone.now()).date()
    stocks = StockLevel.objects.filter(tenant_id=tenant.pk).select_related("location")
    if location_id is not None:
        stocks = stocks.filter(location_id=location_id)
    candidates = list(stocks.order_by("pk"))
    covers = cover_of(tenant=tenant, stocks=candidates, today=today)
    points = {
        c.stock.pk: reorder_point(setting=c.policy.reorder_point, demand=c.lead_time_demand)
        for c in covers
        if c.policy is not None
    }
    low = [c for c in covers if c.policy is not None and c.stock.available <= points[c.stock.pk]]
    inbound: dict[int, int] = {}
    for source in _INBOUND:
        for pk, units in source(tenant.pk, [c.stock for c in low]).items():
            inbound[pk] = inbound.get(pk, 0) + units
    suggestions = []
    for c in low:
        policy = c.policy
        assert policy is not None
        on_way = policy.on_order + inbound.get(c.stock.pk, 0)
        quantity = suggested_quantity(
            available=c.stock.available,
            inbound=on_way,
            target_level=max(policy.target_level, points[c.stock.pk]),
        )
        if quantity <= 0:
            continue
        suggestions.append(
            PurchaseSuggestion(
                stock=c.stock,
                available=c.stock.available,
                reorder_point=policy.reorder_point,
                target_level=policy.target_level,
                inbound=on_way,
                quantity=quantity,
                lead_time_days=policy.lead_time_days,
                supplier=policy.supplier,
                units_per_day=c.units_per_day,
                days_of_cover=c.days_of_cover,
                run_out_on=c.run_out_on,
                arrives_on=today + timedelta(days=policy.lead_time_days),
                source=c.source,
                forecast=c.forecast,
                lead_time_demand=c.lead_time_demand,
                reorder_point_used=points[c.stock.pk],
            )
        )
    suggestions.sort(key=lambda s: (s.run_out_on or date.max, s.stock.variant_id, s.stock.pk))
    return suggestions


CSV_COLUMNS = [
    "variant_id",
    "sku",
    "location",
    "available",
    "reorder_point",
    "target_level",
    "inbound",
    "quantity",
    "lead_time_days",
    "supplier",
    "units_per_day",
    "days_of_cover",
    "run_out_on",
    "arrives_on",
    "runs_out_before_restock",
    "reorder_point_used",
    "demand_source",
]


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def suggestions_csv(suggestions: Iterable[PurchaseSuggestion]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in suggestions:
        writer.writerow(
            [
                _cell(s.stock.variant_id),
                _cell(s.stock.sku),
                _cell(s.stock.location.name),
                s.available,
                s.reorder_point,
                s.target_level,
                s.inbound,
                s.quantity,
                s.lead_time_days,
                _cell(s.supplier),
                "" if s.units_per_day is None else f"{s.units_per_day:.3f}",
                "" if s.days_of_cover is None else f"{s.days_of_cover:.1f}",
                s.run_out_on.isoformat() if s.run_out_on else "",
                s.arrives_on.isoformat(),
                "yes" if s.runs_out_before_restock else "no",
                s.reorder_point_used,
                str(s.source),
            ]
        )
    return out.getvalue()
