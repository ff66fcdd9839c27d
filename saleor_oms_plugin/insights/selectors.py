"""Tenant-scoped reads of the rollups: figures by period or channel, each per currency, and
the totals of a range beside those of the previous range of the same length.

Money is always grouped by currency: no read adds amounts of different currencies unconverted.
:func:`insight_reporting` converts them into the tenant's reporting currency, day by day at the
rate valid that day (``conversion.py``). The order-level rows are read, unless a location
is asked for (``location_id``) or the rows are grouped by location: then the location rows,
whose figures are what the location shipped (shipments, units), was sent by the plans (routed
orders, routing cost; their saving reads 0) and short-picked. Cycle-time percentiles come from
the histograms summed over the range, bin by bin: in the same query on PostgreSQL, in Python
over the range's rows elsewhere (the embedded SQLite).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Aggregate, F, Func, JSONField, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from saleor_oms_plugin.insights.conversion import DayAmounts, Rate, RateTable, convert
from saleor_oms_plugin.insights.currencies import reporting_currency_of
from saleor_oms_plugin.insights.histograms import (
    BINS,
    empty_histogram,
    histogram_add,
    percentile_hours,
)
from saleor_oms_plugin.insights.models import DailyRollup, ExchangeRate
from saleor_oms_plugin.locations.models import Location

MAX_DAYS = 731
_MONEY = ("gross_total", "net_total", "routing_cost", "routing_baseline_cost")
_NO_MONEY = Decimal("0.0000")
_SUMMED = (
    "orders",
    "cancelled_orders",
    "lines",
    "units",
    "gross_total",
    "net_total",
    "shipped_orders",
    "split_orders",
    "shipments",
    "units_shipped",
    "first_plan_complete_orders",
    "routed_orders",
    "routing_cost",
    "routing_baseline_cost",
    "ship_judged_orders",
    "shipped_with_promise",
    "shipped_on_time",
    "backordered_orders",
    "backordered_units",
    "short_picks",
)
_HISTOGRAMS = ("paid_to_routed", "routed_to_shipped", "paid_to_shipped")


class _HistogramRows(Aggregate):
    """The histograms of the grouped rows gathered: on PostgreSQL into a two-dimensional int
    array (each JSON list read as an array literal, the cheapest cast), on SQLite into one JSON
    array of arrays."""

    function = "json_group_array"
    template = "%(function)s(json(%(expressions)s))"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        clone = self.copy()
        clone.function = "array_agg"
        clone.template = "%(function)s(translate((%(expressions)s)::text, '[]', '{}')::int[])"
        return super(_HistogramRows, clone).as_sql(compiler, connection, **extra)


class _BinSums(Func):
    """The bin-by-bin sums of the histograms of the grouped rows (``_HistogramRows``). On
    PostgreSQL one array of ``BINS`` sums, summed in the query (``unnest`` flattens the gathered
    array in row-major order; NULL over no rows); on SQLite
    the rows' histograms themselves, which :func:`_histogram_of` sums."""

    template = (
        "(SELECT to_jsonb(array_agg(total ORDER BY bin)) FROM (SELECT mod(position - 1, "
        f"{BINS}) AS bin, sum(count) AS total FROM unnest(%(expressions)s) WITH ORDINALITY "
        "AS counts(count, position) GROUP BY 1) AS bins)"
    )
    output_field = JSONField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return compiler.compile(self.source_expressions[0])


def _histogram_of(value: Any) -> tuple[int, ...]:
    """The summed histogram read from :class:`_BinSums`: the sums, or the rows' histograms
    to sum here (an empty histogram over no rows)."""
    if isinstance(value, str):
        value = json.loads(value)
    if not value:
        return (0,) * BINS
    if isinstance(value[0], list):
        total = empty_histogram()
        for counts in value:
            histogram_add(total, counts)
        return tuple(total)
    return tuple(int(count) for count in value)


def _sums(condition: Q | None = None, prefix: str = "") -> dict[str, Any]:
    """The aggregates of a row of figures: each figure summed, each histogram bin by bin."""
    sums: dict[str, Any] = {prefix + name: Sum(name, filter=condition) for name in _SUMMED}
    for histogram in _HISTOGRAMS:
        sums[prefix + histogram] = _BinSums(_HistogramRows(histogram, filter=condition))
    return sums


class GroupBy(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CHANNEL = "channel"
    LOCATION = "location"


# The first day of the period a day falls in (weeks start on Monday).
_PERIODS = {GroupBy.DAY: F("day"), GroupBy.WEEK: TruncWeek("day"), GroupBy.MONTH: TruncMonth("day")}


@dataclass(frozen=True)
class DateRange:
    """Whole days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> DateRange:
        """The range of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return DateRange(end - timedelta(days=self.days - 1), end)


@dataclass(frozen=True)
class Durations:
    """A cycle time's histogram (counts per bin, ``histograms``) and its percentiles."""

    counts: tuple[int, ...]

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def p50_hours(self) -> float | None:
        return percentile_hours(self.counts, 0.5)

    @property
    def p90_hours(self) -> float | None:
        return percentile_hours(self.counts, 0.9)


_NO_DURATIONS = Durations((0,) * BINS)


@dataclass(frozen=True)
class Figures:
    orders: int = 0
    cancelled_orders: int = 0
    lines: int = 0
    units: int = 0
    gross_total: Decimal = _NO_MONEY
    net_total: Decimal = _NO_MONEY
    shipped_orders: int = 0
    split_orders: int = 0
    shipments: int = 0
    units_shipped: int = 0
    first_plan_complete_orders: int = 0
    routed_orders: int = 0
    routing_cost: Decimal = _NO_MONEY
    routing_baseline_cost: Decimal = _NO_MONEY
    ship_judged_orders: int = 0
    shipped_with_promise: int = 0
    shipped_on_time: int = 0
    backordered_orders: int = 0
    backordered_units: int = 0
    short_picks: int = 0
    paid_to_routed: Durations = _NO_DURATIONS
    routed_to_shipped: Durations = _NO_DURATIONS
    paid_to_shipped: Durations = _NO_DURATIONS

    @classmethod
    def of(cls, row: Any, prefix: str = "") -> Figures:
        """The figures of a row of sums (``prefix`` before each name); a sum over no rows is 0."""
        values: dict[str, Any] = {name: row[prefix + name] for name in _SUMMED}
        for name, value in values.items():
            if value is None:
                values[name] = _NO_MONEY if name in _MONEY else 0
        for histogram in _HISTOGRAMS:
            values[histogram] = Durations(_histogram_of(row[prefix + histogram]))
        return cls(**values)

    @property
    def fill_rate(self) -> float | None:
        """Shipped orders shipped complete from their first plan; None before any shipped."""
        return (
            self.first_plan_complete_orders / self.shipped_orders if self.shipped_orders else None
        )

    @property
    def routing_saving(self) -> Decimal:
        """What Saleor's own allocation would have cost minus what the plans cost."""
        return self.routing_baseline_cost - self.routing_cost

    @property
    def routing_cost_per_order(self) -> Decimal | None:
        if not self.routed_orders:
            return None
        return (self.routing_cost / self.routed_orders).quantize(Decimal("0.0001"))

    @property
    def on_time_rate(self) -> float | None:
        """Orders judged that shipped on time; None before any was judged."""
        return self.shipped_on_time / self.ship_judged_orders if self.ship_judged_orders else None

    @property
    def split_rate(self) -> float | None:
        """Shipped orders that left in more than one fulfilment; None before any shipped."""
        return self.split_orders / self.shipped_orders if self.shipped_orders else None

    @property
    def shipments_per_order(self) -> float | None:
        return self.shipments / self.shipped_orders if self.shipped_orders else None


@dataclass(frozen=True)
class InsightRow:
    """The figures of one group in one currency: ``period`` is the first day of the day, week
    or month grouped by (None when grouped by channel or location); ``channel_slug`` None
    unless grouped by channel; ``location`` (Saleor's warehouse id) and its name None unless
    grouped by location."""

    period: date | None
    channel_slug: str | None
    currency: str
    figures: Figures
    location: str | None = None
    location_name: str | None = None


@dataclass(frozen=True)
class Comparison:
    """A currency's totals over the range and over the previous range of the same length."""

    currency: str
    current: Figures
    previous: Figures


def _rollups(
    tenant_id: int,
    within: DateRange,
    channel: str | None,
    currency: str | None,
    location_id: str | None = None,
    by_location: bool = False,
) -> QuerySet[DailyRollup]:
    rows = DailyRollup.objects.filter(
        tenant_id=tenant_id, day__gte=within.start, day__lte=within.end
    )
    if location_id:
        rows = rows.filter(warehouse_id=location_id)
    elif by_location:
        rows = rows.exclude(warehouse_id="")
    else:
        rows = rows.filter(warehouse_id="")
    if channel:
        rows = rows.filter(channel_slug=channel)
    if currency:
        rows = rows.filter(currency=currency.upper())
    return rows.order_by()


def insight_rows(
    *,
    tenant_id: int,
    within: DateRange,
    group_by: GroupBy,
    channel: str | None = None,
    currency: str | None = None,
    location_id: str | None = None,
) -> list[InsightRow]:
    """The figures of the range grouped by ``group_by``, each group per currency; in order of
    the group, then the currency. Grouped by location, the locations' names are read in one
    more query."""
    by_location = group_by is GroupBy.LOCATION
    rows = _rollups(tenant_id, within, channel, currency, location_id, by_location)
    if group_by is GroupBy.CHANNEL:
        keys = ["channel_slug", "currency"]
    elif by_location:
        keys = ["warehouse_id", "currency"]
    else:
        rows = rows.annotate(period=_PERIODS[group_by])
        keys = ["period", "currency"]
    grouped = list(rows.values(*keys).annotate(**_sums()).order_by(*keys))
    names = (
        _location_names(tenant_id, {row["warehouse_id"] for row in grouped}) if by_location else {}
    )
    return [
        InsightRow(
            period=row["period"] if "period" in keys else None,
            channel_slug=row["channel_slug"] if group_by is GroupBy.CHANNEL else None,
            currency=row["currency"],
            figures=Figures.of(row),
            location=row["warehouse_id"] if by_location else None,
            location_name=names.get(row["warehouse_id"]) if by_location else None,
        )
        for row in grouped
    ]


def _location_names(tenant_id: int, saleor_ids: set[str]) -> dict[str, str]:
    if not saleor_ids:
        return {}
    return dict(
        Location.objects.filter(tenant_id=tenant_id, saleor_id__in=saleor_ids).values_list(
            "saleor_id", "name"
        )
    )


def insight_comparison(
    *,
    tenant_id: int,
    within: DateRange,
    channel: str | None = None,
    currency: str | None = None,
    location_id: str | None = None,
    by_location: bool = False,
) -> list[Comparison]:
    """Each currency's totals over the range and the previous range, in one query (of the
    location rows when ``location_id`` or ``by_location``)."""
    before = within.previous()
    current = Q(day__gte=within.start)
    sums = {**_sums(current, "now_"), **_sums(~current, "before_")}
    both = DateRange(before.start, within.end)
    grouped = (
        _rollups(tenant_id, both, channel, currency, location_id, by_location)
        .values("currency")
        .annotate(**sums)
        .order_by("currency")
    )
    return [
        Comparison(
            currency=row["currency"],
            current=Figures.of(row, "now_"),
            previous=Figures.of(row, "before_"),
        )
        for row in grouped
    ]


def money_figures() -> tuple[str, ...]:
    """The summed figures that are amounts of money (typed ``Decimal`` on :class:`Figures`):
    the ones a conversion multiplies, every other one is a count."""
    decimal_fields = {f.name for f in fields(Figures) if f.type in ("Decimal", Decimal)}
    return tuple(name for name in _SUMMED if name in decimal_fields)


def summed_figures() -> tuple[str, ...]:
    """Every figure a period's total adds up from the daily rows."""
    return _SUMMED


@dataclass(frozen=True)
class Reporting:
    """The totals converted into the reporting currency (None when the tenant has none), and
    the currencies left out of them for want of a rate on some day."""

    currency: str | None
    totals: Comparison | None
    unconverted: list[str]


def _converted(rows: list[Any], table: RateTable) -> tuple[Figures, frozenset[str]]:
    money = money_figures()
    days = [
        DayAmounts(row["day"], row["currency"], {name: row[name] or _NO_MONEY for name in money})
        for row in rows
    ]
    converted = convert(days, table, money)
    values: dict[str, Any] = dict(converted.totals)
    for name in _SUMMED:
        if name not in money:
            values[name] = sum(
                row[name] or 0 for row in rows if row["currency"] in converted.included
            )
    return Figures(**values), converted.unconverted


def reporting_rate_table(*, tenant_id: int, reporting: str, until: date) -> RateTable:
    """The tenant's rates into ``reporting`` valid from ``until`` or before: what converts the
    days up to ``until``."""
    return RateTable(
        reporting,
        (
            Rate(rate.currency, rate.valid_from, rate.rate)
            for rate in ExchangeRate.objects.filter(
                tenant_id=tenant_id, reporting_currency=reporting, valid_from__lte=until
            ).only("currency", "valid_from", "rate")
        ),
    )


def insight_money_by_day(
    *,
    tenant_id: int,
    within: DateRange,
    group_by: GroupBy,
    channel: str | None = None,
    currency: str | None = None,
    location_id: str | None = None,
) -> dict[tuple[Any, str], list[DayAmounts]]:
    """The money of each row of :func:`insight_rows` (same arguments) day by day, by the row's
    group key (its period, channel or location) and currency: what converting a row at the
    rate of each of its days needs. One query."""
    by_location = group_by is GroupBy.LOCATION
    rows = _rollups(tenant_id, within, channel, currency, location_id, by_location)
    if group_by is GroupBy.CHANNEL:
        key = "channel_slug"
    elif by_location:
        key = "warehouse_id"
    else:
        rows = rows.annotate(period=_PERIODS[group_by])
        key = "period"
    money = money_figures()
    grouped = (
        rows.values(key, "day", "currency")
        .annotate(**{name: Sum(name) for name in money})
        .order_by(key, "currency", "day")
    )
    days: dict[tuple[Any, str], list[DayAmounts]] = {}
    for row in grouped:
        amounts = {name: row[name] or _NO_MONEY for name in money}
        days.setdefault((row[key], row["currency"]), []).append(
            DayAmounts(row["day"], row["currency"], amounts)
        )
    return days


def insight_reporting(
    *, tenant_id: int, within: DateRange, channel: str | None = None, currency: str | None = None
) -> Reporting:
    """The range's and the previous range's totals in the reporting currency: each day's money
    converted at the rate valid that day, summed exactly, rounded once; counts are summed over
    the currencies converted. Three queries (one without a reporting currency)."""
    reporting = reporting_currency_of(tenant_id=tenant_id)
    if reporting is None:
        return Reporting(currency=None, totals=None, unconverted=[])
    before = within.previous()
    rows: list[Any] = list(
        _rollups(tenant_id, DateRange(before.start, within.end), channel, currency)
        .values("day", "currency")
        .annotate(**{name: Sum(name) for name in _SUMMED})
        .order_by("day", "currency")
    )
    table = reporting_rate_table(tenant_id=tenant_id, reporting=reporting, until=within.end)
    current, missing_now = _converted([r for r in rows if r["day"] >= within.start], table)
    previous, missing_before = _converted([r for r in rows if r["day"] < within.start], table)
    return Reporting(
        currency=reporting,
        totals=Comparison(currency=reporting, current=current, previous=previous),
        unconverted=sorted(missing_now | missing_before),
    )
