"""Report periods: whole days, weeks (Monday to Sunday) and calendar months, of the days of
the tenant's reporting time zone (the caller passes its ``today`` there). Pure."""

from __future__ import annotations

from datetime import date, timedelta

from saleor_oms_plugin.insights.selectors import DateRange

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"


def period_containing(frequency: str, day: date) -> DateRange:
    """The day, week or month ``day`` falls in."""
    if frequency == DAILY:
        return DateRange(day, day)
    if frequency == WEEKLY:
        start = day - timedelta(days=day.weekday())
        return DateRange(start, start + timedelta(days=6))
    if frequency == MONTHLY:
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return DateRange(start, following - timedelta(days=1))
    raise ValueError(f"unknown frequency {frequency!r}")


def period_before(frequency: str, period: DateRange) -> DateRange:
    """The period just before ``period`` (a month before a month, whatever their lengths)."""
    return period_containing(frequency, period.start - timedelta(days=1))


def last_complete_period(frequency: str, today: date) -> DateRange:
    """The newest period that ended before ``today``."""
    return period_before(frequency, period_containing(frequency, today))


def next_period_to_report(
    frequency: str, *, created_on: date, last_reported_start: date | None
) -> DateRange:
    """The first period not reported yet: the one the schedule was made in, or the one after
    the last reported."""
    if last_reported_start is None:
        return period_containing(frequency, created_on)
    last = period_containing(frequency, last_reported_start)
    return period_containing(frequency, last.end + timedelta(days=1))
