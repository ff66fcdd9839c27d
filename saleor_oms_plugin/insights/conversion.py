"""Money of several currencies converted into one, day by day, at the rate valid each day.

Pure: plain values in, plain values out. A day's amount is multiplied by the rate of its own
day (the newest rate whose ``valid_from`` is on or before it) and the products are summed in
full precision; only the total is rounded, to the reporting currency's minor unit, so a
conversion never accumulates rounding. A currency lacking a rate on any day it has figures is
left out entirely (and named), so a converted total is never silently partial.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

# ISO 4217 minor units that are not 2; every other currency rounds to cents.
_MINOR_UNITS = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency`` (0.01 for most)."""
    return Decimal(1).scaleb(-_MINOR_UNITS.get(currency, 2))


@dataclass(frozen=True)
class Rate:
    currency: str
    valid_from: date
    rate: Decimal


@dataclass(frozen=True)
class DayAmounts:
    """The amounts of one day in one currency, by figure name."""

    day: date
    currency: str
    amounts: Mapping[str, Decimal]


@dataclass(frozen=True)
class Converted:
    """The converted totals by figure name, and the currencies left out."""

    totals: dict[str, Decimal]
    included: frozenset[str]
    unconverted: frozenset[str] = field(default_factory=frozenset)


class RateTable:
    """The rates into one reporting currency, looked up by currency and day."""

    def __init__(self, reporting: str, rates: Iterable[Rate]) -> None:
        self.reporting = reporting
        by_currency: dict[str, list[Rate]] = defaultdict(list)
        for rate in rates:
            by_currency[rate.currency].append(rate)
        self._starts: dict[str, list[date]] = {}
        self._rates: dict[str, list[Decimal]] = {}
        for currency, kept in by_currency.items():
            kept.sort(key=lambda rate: rate.valid_from)
            self._starts[currency] = [rate.valid_from for rate in kept]
            self._rates[currency] = [rate.rate for rate in kept]

    def rate_on(self, currency: str, day: date) -> Decimal | None:
        """1 ``currency`` in the reporting currency on ``day``; None without a rate yet."""
        if currency == self.reporting:
            return Decimal(1)
        starts = self._starts.get(currency)
        if not starts:
            return None
        index = bisect_right(starts, day) - 1
        return self._rates[currency][index] if index >= 0 else None


def convert(days: Sequence[DayAmounts], table: RateTable, names: Sequence[str]) -> Converted:
    """The sum of each figure in ``names`` over ``days``, converted day by day and rounded
    once at the end; a currency with a day lacking a rate is left out of every total."""
    unconverted = {row.currency for row in days if table.rate_on(row.currency, row.day) is None}
    exact = dict.fromkeys(names, Decimal(0))
    for row in days:
        if row.currency in unconverted:
            continue
        rate = table.rate_on(row.currency, row.day)
        assert rate is not None
        for name in names:
            exact[name] += row.amounts.get(name, Decimal(0)) * rate
    unit = minor_unit(table.reporting)
    return Converted(
        totals={
            name: value.quantize(unit, rounding=ROUND_HALF_EVEN) for name, value in exact.items()
        },
        included=frozenset(row.currency for row in days) - unconverted,
        unconverted=frozenset(unconverted),
    )
