"""What a daily forecast says about stock: days of cover and demand over the next days.

``daily[0]`` is the forecast of ``starts_on``; a forecast read on a later day skips the days
already past. Beyond the horizon the forecast's mean rate continues.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date


def remaining(daily: Sequence[float], starts_on: date, today: date) -> list[float] | None:
    """The days of the forecast from ``today`` on; None when it has run out (stale)."""
    skip = max(0, (today - starts_on).days)
    if skip >= len(daily):
        return None
    return list(daily[skip:])


def _tail_rate(daily: Sequence[float]) -> float:
    return math.fsum(daily) / len(daily) if daily else 0.0


def demand_over(daily: Sequence[float], days: float) -> float:
    """Units the forecast expects over the next ``days`` days (fractions count pro rata)."""
    if days <= 0:
        return 0.0
    whole = min(int(days), len(daily))
    total = math.fsum(daily[:whole])
    rest = days - whole
    if rest > 0:
        total += rest * (daily[whole] if whole < len(daily) else _tail_rate(daily))
    return total


def days_of_cover(available: int, daily: Sequence[float]) -> float | None:
    """Days until forecast demand uses up ``available``; None when the forecast sells nothing."""
    stock = float(max(0, available))
    days = 0.0
    for units in daily:
        if units > 0 and stock < units:
            return days + stock / units
        stock -= units
        days += 1
    rate = _tail_rate(daily)
    if rate <= 0:
        return None
    return days + stock / rate


def mean_rate(daily: Sequence[float]) -> float:
    return _tail_rate(daily)
