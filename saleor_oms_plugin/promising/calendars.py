"""Working-day arithmetic on a ``Calendar``, precomputed per year and cached per calendar.

A checkout asks the same few calendars (one per location, one per carrier service) the same
questions many times a second, so each calendar's open days are laid out once per year as a
sorted tuple of ordinals; "the next open day" and "the n-th open day after" are then a binary
search. The cache is keyed by the calendar itself (a frozen, hashable value): a tenant that
changes its holidays builds a new ``Calendar`` and so a new index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

from .errors import PromiseInputError, PromiseInputErrorCode
from .model import Calendar

# A calendar whose holidays close every day of this many years in a row has no answer.
MAX_YEARS_AHEAD = 5


class CalendarIndex:
    def __init__(self, calendar: Calendar) -> None:
        self._calendar = calendar
        self._years: dict[int, tuple[int, ...]] = {}

    def _open_in(self, year: int) -> tuple[int, ...]:
        days = self._years.get(year)
        if days is None:
            first = dt.date(year, 1, 1).toordinal()
            last = dt.date(year, 12, 31).toordinal()
            weekdays = self._calendar.open_weekdays
            holidays = {d.toordinal() for d in self._calendar.holidays if d.year == year}
            # date.weekday() of ordinal n is (n - 1) % 7 (ordinal 1 is Monday 1 Jan of year 1).
            days = tuple(
                n for n in range(first, last + 1) if (n - 1) % 7 in weekdays and n not in holidays
            )
            self._years[year] = days
        return days

    def warm(self, years: Iterable[int]) -> None:
        for year in years:
            self._open_in(year)

    def next_open(self, day: dt.date) -> dt.date:
        """``day`` itself when it is open, else the first open day after it."""
        ordinal = day.toordinal()
        year = day.year
        for _ in range(MAX_YEARS_AHEAD + 1):
            days = self._open_in(year)
            i = bisect_left(days, ordinal)
            if i < len(days):
                return dt.date.fromordinal(days[i])
            year += 1
        raise _exhausted(day)

    def add_open_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th open day after ``day`` (``count`` 0: ``next_open(day)``)."""
        if count == 0:
            return self.next_open(day)
        ordinal = day.toordinal()
        year = day.year
        days = self._open_in(year)
        i = bisect_right(days, ordinal)
        for _ in range(MAX_YEARS_AHEAD + 1 + count // 52):
            if i + count - 1 < len(days):
                return dt.date.fromordinal(days[i + count - 1])
            count -= len(days) - i
            year += 1
            days = self._open_in(year)
            i = 0
        raise _exhausted(day)


def _exhausted(day: dt.date) -> PromiseInputError:
    return PromiseInputError(
        PromiseInputErrorCode.CALENDAR_EXHAUSTED,
        f"no open day within {MAX_YEARS_AHEAD} years of {day.isoformat()}",
    )


@lru_cache(maxsize=4096)
def calendar_index(calendar: Calendar) -> CalendarIndex:
    return CalendarIndex(calendar)


def calendars_warm(calendars: Iterable[Calendar], years: Iterable[int]) -> None:
    """Build the indexes ahead (at process start), so no checkout pays for the first lookup."""
    wanted = tuple(years)
    for calendar in calendars:
        calendar_index(calendar).warm(wanted)
