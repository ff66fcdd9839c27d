"""When a location hands a parcel over: its cut-off, handling time and working days.

Instants are compared in UTC, never as local wall-clock times: on the night clocks go back a
local time happens twice, and a later order must never count for an earlier day.

A day's cut-off instant is the earliest instant its local time can denote: the first of the two
when the clocks go back, and for a time the clocks skip when they go forward, the same time on
the new offset (one hour earlier on the old clock). Both err on the side of the customer being
told a later day, never an earlier one.

Business-day handling: an order counts for the day it arrives when that is a working day and it
arrives before that day's cut-off, otherwise for the next working day; the parcel ships that
many working days later (0: the same day).

Hour handling: the clock starts at the order (at midnight of the next working day when the order
arrives on a closed day); the parcel ships on the first working day whose cut-off it is ready by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .calendars import calendar_index
from .model import HandlingUnit, LocationProfile

ONE_DAY = dt.timedelta(days=1)
MIDNIGHT = dt.time(0)


@dataclass(frozen=True)
class HandOver:
    ship_date: dt.date  # local to the location
    order_by: dt.datetime  # UTC: ordering before it keeps ``ship_date``


def earliest_instant(day: dt.date, wall: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The earliest UTC instant at which ``day`` ``wall`` is (or would be) shown in ``tz``."""
    first = dt.datetime.combine(day, wall, tzinfo=tz).astimezone(dt.UTC)
    second = dt.datetime.combine(day, wall, tzinfo=tz).replace(fold=1).astimezone(dt.UTC)
    return min(first, second)


def cutoff_instant(profile: LocationProfile, day: dt.date) -> dt.datetime:
    """When ``day``'s cut-off passes; with no cut-off, at the end of the day."""
    if profile.cutoff is None:
        return earliest_instant(day + ONE_DAY, MIDNIGHT, profile.tz)
    return earliest_instant(day, profile.cutoff, profile.tz)


def hand_over(profile: LocationProfile, order_time: dt.datetime) -> HandOver:
    """The ship date of an order placed at ``order_time`` (aware, UTC) and its deadline."""
    if profile.handling.unit == HandlingUnit.HOURS:
        return _hand_over_hours(profile, order_time)
    return _hand_over_days(profile, order_time)


def _hand_over_days(profile: LocationProfile, order_time: dt.datetime) -> HandOver:
    index = calendar_index(profile.calendar)
    day = order_time.astimezone(profile.tz).date()
    if profile.calendar.is_open(day) and order_time < cutoff_instant(profile, day):
        start = day
    else:
        start = index.next_open(day + ONE_DAY)
    return HandOver(
        ship_date=index.add_open_days(start, profile.handling.amount),
        order_by=cutoff_instant(profile, start),
    )


def _hand_over_hours(profile: LocationProfile, order_time: dt.datetime) -> HandOver:
    tz = profile.tz
    calendar = profile.calendar
    index = calendar_index(calendar)
    handling = dt.timedelta(hours=profile.handling.amount)
    day = order_time.astimezone(tz).date()
    clock = (
        order_time
        if calendar.is_open(day)
        else earliest_instant(index.next_open(day), MIDNIGHT, tz)
    )
    ready = clock + handling
    ready_day = ready.astimezone(tz).date()
    if calendar.is_open(ready_day) and ready < cutoff_instant(profile, ready_day):
        ship_date = ready_day
    else:
        ship_date = index.next_open(ready_day + ONE_DAY)
    return HandOver(ship_date, _hours_order_by(profile, ship_date, handling))


def _hours_order_by(
    profile: LocationProfile, ship_date: dt.date, handling: dt.timedelta
) -> dt.datetime:
    """The first instant an order is no longer ready by ``ship_date``'s cut-off.

    Ordering at ``latest`` makes the parcel ready exactly at the cut-off, unless ``latest`` falls
    on a closed day (or at the midnight ending one): orders on closed days start the clock at
    the next working day's midnight, which is already too late, so the deadline is the start of
    that run of closed days.
    """
    tz = profile.tz
    calendar = profile.calendar
    latest = cutoff_instant(profile, ship_date) - handling
    day = latest.astimezone(tz).date()
    if calendar.is_open(day) and latest > earliest_instant(day, MIDNIGHT, tz):
        return latest
    closed = day if not calendar.is_open(day) else day - ONE_DAY
    if calendar.is_open(closed):
        return latest
    while not calendar.is_open(closed - ONE_DAY):
        closed -= ONE_DAY
    return earliest_instant(closed, MIDNIGHT, tz)
