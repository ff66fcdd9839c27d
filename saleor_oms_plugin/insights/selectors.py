"""Tenant-scoped reads of the rollups: figures by period or channel, each per currency, and
the totals of a range beside those of the previous range of the same length.

Money is always grouped by currency: no read adds amounts of different currencies unconverted.
:func:`insight_reporting` converts them into the tenant's reporting currency, day by day at the
rate valid that day (``conversion.py``). Only the order-level rows are read here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from saleor_oms_plugin.insights.conversion import DayAmounts, Rate, RateTable, convert
from saleor_oms_plugin.insights.currencies import reporting_currency_of
from saleor_oms_plugin.insights.models import DailyRollup, ExchangeRate

MAX_DAYS = 731
_MONEY = ("gross_total", "net_total")
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
)


class GroupBy(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CHANNEL = "channel"


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

    @classmethod
    def of(cls, row: Any, prefix: str = "") -> Figures:
        """The figures of a row of sums (``prefix`` before each name); a sum over no rows is 0."""
        values: dict[str, Any] = {name: row[prefix + name] for name in _SUMMED}
        for name, value in values.items():
            if value is None:
                values[name] = _NO_MONEY if name in _MONEY else 0
        return cls(**values)

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
    or month grouped by (None when grouped by channel); ``channel_slug`` None unless grouped
    by channel."""

    period: date | None
    channel_slug: str | None
    currency: str
    figures: Figures


@dataclass(frozen=True)
class Comparison:
    """A currency's totals over the range and over the previous range of the same length."""

    currency: str
    current: Figures
    previous: Figures


def _rollups(
    tenant_id: int, within: DateRange, channel: str | None, currency: str | None
) -> QuerySet[DailyRollup]:
    rows = DailyRollup.objects.filter(
        tenant_id=tenant_id, warehouse_id="", day__gte=within.start, day__lte=within.end
    )
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
) -> list[InsightRow]:
    """The figures of the range grouped by ``group_by``, each group per currency; in order of
    the group, then the currency."""
    rows = _rollups(tenant_id, within, channel, currency)
    if group_by is GroupBy.CHANNEL:
        keys = ["channel_slug", "currency"]
    else:
        rows = rows.annotate(period=_PERIODS[group_by])
        keys = ["period", "currency"]
    grouped = rows.values(*keys).annotate(**{name: Sum(name) for name in _SUMMED}).order_by(*keys)
    return [
        InsightRow(
            period=None if group_by is GroupBy.CHANNEL else row[keys[0]],
            channel_slug=row["channel_slug"] if group_by is GroupBy.CHANNEL else None,
            currency=row["currency"],
            figures=Figures.of(row),
        )
        for row in grouped
    ]


def insight_comparison(
    *, tenant_id: int, within: DateRange, channel: str | None = None, currency: str | None = None
) -> list[Comparison]:
    """Each currency's totals over the range and the previous range, in one query."""
    before = within.previous()
    current = Q(day__gte=within.start)
    sums = {}
    for name in _SUMMED:
        sums[f"now_{name}"] = Sum(name, filter=current)
        sums[f"before_{name}"] = Sum(name, filter=~current)
    both = DateRange(before.start, within.end)
    grouped = (
        _rollups(tenant_id, both, channel, currency)
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
    table = RateTable(
        reporting,
        (
            Rate(rate.currency, rate.valid_from, rate.rate)
            for rate in ExchangeRate.objects.filter(
                tenant_id=tenant_id, reporting_currency=reporting, valid_from__lte=within.end
            ).only("currency", "valid_from", "rate")
        ),
    )
    current, missing_now = _converted([r for r in rows if r["day"] >= within.start], table)
    previous, missing_before = _converted([r for r in rows if r["day"] < within.start], table)
    return Reporting(
        currency=reporting,
        totals=Comparison(currency=reporting, current=current, previous=previous),
        unconverted=sorted(missing_now | missing_before),
    )
