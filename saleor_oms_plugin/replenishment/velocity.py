"""Sales velocity: an exponentially weighted mean of units sold per day, updated per day bucket.

Units sold on a day go into that day's bucket; when the day is over, the bucket folds into two
decayed sums, ``units = d·units + bucket`` and ``days = d·days + 1``, with the daily decay
``d = 0.5 ** (1 / HALF_LIFE_DAYS)``: a day's sales weigh half as much a week later. The
velocity is ``units / days``, the weighted mean over the days observed so far (dividing by the
decayed day count removes the start-up bias of a plain EWMA that starts at zero). The open
day does not count until it closes, so a morning's first sale does not look like a slow day.

Updating costs O(1) per movement and per day, whatever the history's length.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

HALF_LIFE_DAYS = 7.0
DECAY = 0.5 ** (1 / HALF_LIFE_DAYS)


@dataclass(frozen=True)
class Velocity:
    ew_units: float
    ew_days: float
    bucket_day: date
    bucket_units: int

    @classmethod
    def start(cls, day: date) -> Velocity:
        return cls(0.0, 0.0, day, 0)


def advance(state: Velocity, day: date) -> Velocity:
    """The state with every bucket before ``day`` closed (empty days between count as 0)."""
    gap = (day - state.bucket_day).days
    if gap <= 0:
        return state
    units = DECAY * state.ew_units + state.bucket_units
    days = DECAY * state.ew_days + 1
    empty = gap - 1  # closed days without sales after the folded bucket
    if empty:
        factor = DECAY**empty
        units *= factor
        days = days * factor + (1 - factor) / (1 - DECAY)
    return Velocity(units, days, day, 0)


def record_sale(state: Velocity, *, day: date, units: int) -> Velocity:
    """Count ``units`` sold on ``day``; a late movement (an earlier day) counts in the open one."""
    state = advance(state, day)
    return replace(state, bucket_units=state.bucket_units + units)


def units_per_day(state: Velocity, today: date) -> float | None:
    """The velocity as of ``today``; None until a whole day has been observed."""
    state = advance(state, today)
    if state.ew_days <= 0:
        return None
    return state.ew_units / state.ew_days


def days_of_cover(available: int, velocity: float | None) -> float | None:
    """Days ``available`` units last at ``velocity``; None when nothing sells (no run-out)."""
    if velocity is None or velocity <= 0:
        return None
    return max(0, available) / velocity


def run_out_date(today: date, cover: float | None) -> date | None:
    if cover is None:
        return None
    return today + timedelta(days=int(cover))
