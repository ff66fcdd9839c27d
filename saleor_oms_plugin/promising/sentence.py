"""What to tell the customer: the parts of a promise, and an English sentence built from them.

The parts are data (a countdown in hours and minutes, dates, place names), so a storefront can
word them in any language; ``english_sentence`` is the one wording the OMS ships with. Names of
days and months come from the tables below, not from the process locale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Countdown, OrderPromise

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A countdown longer than this is not worth showing ("order within 61 h" says nothing).
DEFAULT_COUNTDOWN_LIMIT = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PromiseParts:
    countdown: Countdown | None  # None: not worth showing
    earliest: dt.date
    latest: dt.date
    places: tuple[str, ...]  # location names, each once, in shipment order
    pickup: bool


def promise_parts(
    promise: OrderPromise, *, countdown_limit: dt.timedelta = DEFAULT_COUNTDOWN_LIMIT
) -> PromiseParts | None:
    """The parts of a complete promise; None when some line has no promise."""
    delivery = promise.delivery
    countdown = promise.countdown
    if not promise.complete or delivery is None or countdown is None:
        return None
    if countdown.total_minutes == 0 or countdown.total_minutes > countdown_limit / dt.timedelta(
        minutes=1
    ):
        countdown = None
    places = tuple(dict.fromkeys(s.location_name for s in promise.shipments))
    return PromiseParts(countdown, delivery.earliest, delivery.latest, places, promise.pickup)


def english_date(day: dt.date) -> str:
    """``Thursday 3 Dec``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def english_countdown(countdown: Countdown) -> str:
    """``2 h 10 min``, ``2 h``, ``45 min``."""
    if countdown.hours and countdown.minutes:
        return f"{countdown.hours} h {countdown.minutes} min"
    if countdown.hours:
        return f"{countdown.hours} h"
    return f"{countdown.minutes} min"


def english_list(items: tuple[str, ...]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def english_sentence(parts: PromiseParts) -> str:
    """``Order within 2 h 10 min, get it Thursday 3 Dec from Los Angeles``."""
    when = (
        english_date(parts.earliest)
        if parts.earliest == parts.latest
        else f"between {english_date(parts.earliest)} and {english_date(parts.latest)}"
    )
    where = (
        f"at {english_list(parts.places)}"
        if parts.pickup
        else (f"from {english_list(parts.places)}")
    )
    action = f"pick it up {when} {where}" if parts.pickup else f"get it {when} {where}"
    if parts.countdown is None:
        return action[0].upper() + action[1:]
    return f"Order within {english_countdown(parts.countdown)}, {action}"
