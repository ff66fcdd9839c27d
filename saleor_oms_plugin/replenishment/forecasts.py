"""Demand forecasts per stock level: daily sales history in, ``forecasting`` picks and forecasts.

The history is the same sales the velocity counts (``refresh.sold_units``: our fulfilments and
Saleor shipping allocated units), summed per stock level and UTC day in the database, from the
first day with a sale (in the last ``HISTORY_DAYS``) through yesterday: the open day does not
count, as for the velocity. A stock level without a sale in that window has no forecast.

How replenishment plans with it (``outlook``): a current forecast (one whose days have not all
passed) gives the units per day (its mean over the days left), the days of cover (walking the
daily forecast) and the demand over the lead time; without one, the velocity does as before.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Least, TruncDate
from django.utils import timezone

from saleor_oms_plugin.forecasting import cover
from saleor_oms_plugin.forecasting.engine import Settings, forecast_many
from saleor_oms_plugin.inventory.models import StockMovement
from saleor_oms_plugin.replenishment.models import DemandForecast
from saleor_oms_plugin.replenishment.velocity import days_of_cover

HORIZON_DAYS = 28
# Two years of 52 weeks (what the yearly pattern needs) and a four-week backtest margin.
HISTORY_DAYS = 2 * 364 + 28
WRITE_BATCH = 1000
Reason = StockMovement.Reason


class DemandSource(StrEnum):
    FORECAST = "FORECAST"
    VELOCITY = "VELOCITY"


# -- history -----------------------------------------------------------------------------------


def _sold() -> Case:
    """``refresh.sold_units`` as SQL, so the database sums a day's sales per stock level."""
    return Case(
        When(Q(reason=Reason.FULFILMENT, on_hand_delta__lt=0), then=-F("on_hand_delta")),
        When(
            Q(reason=Reason.SALEOR_SYNC, on_hand_delta__lt=0, allocated_delta__lt=0),
            then=Least(-F("on_hand_delta"), -F("allocated_delta")),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def sales_history(
    *, tenant_id: int, today: date, days: int = HISTORY_DAYS
) -> dict[int, list[float]]:
    """Units sold per closed day of each stock level with a sale, from its first sale day."""
    since = datetime.combine(today - timedelta(days=days), time.min, tzinfo=UTC)
    until = datetime.combine(today, time.min, tzinfo=UTC)
    rows = (
        StockMovement.objects.filter(
            tenant_id=tenant_id,
            reason__in=(Reason.FULFILMENT, Reason.SALEOR_SYNC),
            created_at__gte=since,
            created_at__lt=until,
        )
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("stock_id", "day")
        .annotate(units=Sum(_sold()))
        .filter(units__gt=0)
        .values_list("stock_id", "day", "units")
    )
    by_stock: dict[int, dict[date, int]] = defaultdict(dict)
    for stock_id, day, units in rows:
        by_stock[stock_id][day] = units
    history = {}
    for stock_id, sold in by_stock.items():
        first = min(sold)
        length = (today - first).days
        history[stock_id] = [float(sold.get(first + timedelta(d), 0)) for d in range(length)]
    return history


# -- the daily refresh -------------------------------------------------------------------------


@dataclass
class ForecastRefreshResult:
    stocks: int = 0
    removed: int = 0
    methods: dict[str, int] = field(default_factory=dict)


def forecasts_refresh(*, tenant_id: int, now: datetime | None = None) -> ForecastRefreshResult:
    """Recompute the tenant's forecasts from its sales history; drop those without sales.

    Safe to repeat: the same history gives the same rows (a later run replaces them)."""
    now = now or timezone.now()
    today = now.date()
    history = sales_history(tenant_id=tenant_id, today=today)
    stock_ids = sorted(history)
    results = forecast_many(
        [history[pk] for pk in stock_ids], settings=Settings(horizon=HORIZON_DAYS)
    )
    rows = [
        DemandForecast(
            tenant_id=tenant_id,
            stock_id=pk,
            method=r.method,
            demand_class=str(r.demand_class),
            starts_on=today,
            daily=[round(x, 4) for x in r.daily],
            history_days=r.history_days,
            backtest_windows=r.folds,
            wape=r.wape,
            mase=r.mase,
            ewma_wape=r.ewma_wape,
            naive_wape=r.naive_wape,
            computed_at=now,
        )
        for pk, r in zip(stock_ids, results, strict=True)
    ]
    result = ForecastRefreshResult(stocks=len(rows))
    for r in results:
        result.methods[r.method] = result.methods.get(r.method, 0) + 1
    with transaction.atomic():
        result.removed, _ = (
            DemandForecast.objects.filter(tenant_id=tenant_id)
            .exclude(stock_id__in=stock_ids)
            .delete()
        )
        DemandForecast.objects.bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["stock"],
            update_fields=[
                "method",
                "demand_class",
                "starts_on",
                "daily",
                "history_days",
                "backtest_windows",
                "wape",
                "mase",
                "ewma_wape",
                "naive_wape",
                "computed_at",
            ],
        )
    return result


# -- planning with it --------------------------------------------------------------------------


def forecasts_of(*, tenant_id: int, stock_ids: Iterable[int]) -> dict[int, DemandForecast]:
    """The stored forecasts of these stock levels, by stock pk (one query)."""
    return {
        f.stock_id: f
        for f in DemandForecast.objects.filter(tenant_id=tenant_id, stock_id__in=list(stock_ids))
    }


@dataclass(frozen=True)
class Outlook:
    """What replenishment plans a stock level with, and where it came from."""

    source: DemandSource
    units_per_day: float | None
    days_of_cover: float | None
    forecast: DemandForecast | None = None
    days_left: tuple[float, ...] = ()  # the forecast's days from today on

    def demand_over(self, days: int) -> float | None:
        """Forecast demand over the next ``days`` days; None without a forecast."""
        if self.source is not DemandSource.FORECAST:
            return None
        return cover.demand_over(self.days_left, days)


def outlook(
    *, available: int, velocity: float | None, forecast: DemandForecast | None, today: date
) -> Outlook:
    """The forecast when there is a current one, else the velocity (the rule before forecasts)."""
    days = None if forecast is None else cover.remaining(forecast.daily, forecast.starts_on, today)
    if forecast is None or days is None:
        return Outlook(DemandSource.VELOCITY, velocity, days_of_cover(available, velocity))
    return Outlook(
        DemandSource.FORECAST,
        cover.mean_rate(days),
        cover.days_of_cover(available, days),
        forecast,
        tuple(days),
    )


def reorder_point(*, setting: int, demand: float | None) -> int:
    """The reorder point suggestions use: the one set, raised to the forecast ``demand`` over
    the lead time (stock that runs out before a purchase could arrive must be bought now);
    without a forecast (``demand`` None), the one set."""
    if demand is None:
        return setting
    return max(setting, math.ceil(demand - 1e-9))
