"""Which shipping methods can the cart be honoured within? For Saleor's method filter.

A store's shipping method promises delivery within ``max_days`` calendar days of the order
date (Saleor's ``maximumDeliveryDays``), counted in the store's time zone; the OMS knows which
carrier service carries it. A method is honoured when every line of the cart has a promise with
that service and the whole order's latest delivery date is within the method's days. Otherwise
the verdict carries a sentence for the customer and a cause for the caller's policy (a caller
that must never break a sale may choose to exclude only ``late`` and ``out_of_range``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import PromiseInputError, PromiseInputErrorCode
from .model import CarrierService, OrderPromise, PromiseRequest, UnpromisedReason
from .promise import promise_for_services
from .sentence import english_date


@dataclass(frozen=True)
class ShippingMethodOption:
    method_id: str  # Saleor's shipping method id, handed back in the verdict
    service: CarrierService
    max_days: int | None = None  # None: the method promises nothing, any delivery date holds

    def __post_init__(self) -> None:
        if self.max_days is not None and (not isinstance(self.max_days, int) or self.max_days < 0):
            raise PromiseInputError(
                PromiseInputErrorCode.INVALID_PROMISE_DAYS,
                f"{self.method_id}: max_days must be a whole number ≥ 0, got {self.max_days!r}",
            )


class MethodRefusal(StrEnum):
    LATE = "late"  # every line ships, but later than the method promises
    OUT_OF_RANGE = "out_of_range"  # the service does not reach the address from a location
    NOT_IN_STOCK = "not_in_stock"  # some line has no location that holds it
    NOTHING_TO_SHIP = "nothing_to_ship"


@dataclass(frozen=True)
class MethodVerdict:
    method_id: str
    honoured: bool
    reason: str | None  # for the customer (Saleor shows it beside an excluded method)
    cause: MethodRefusal | None
    promise: OrderPromise  # with this method's service: what to tell the customer if chosen


def shipping_methods_check(
    request: PromiseRequest,
    methods: Sequence[ShippingMethodOption],
    *,
    timezone: str = "UTC",
) -> tuple[MethodVerdict, ...]:
    """One verdict per method, in the order given; ``request.service`` is not used.

    Raises ``PromiseInputError`` for a naive order time or an unknown ``timezone``.
    """
    tz = _zone(timezone)
    services = list(dict.fromkeys(method.service for method in methods))
    promises = dict(zip(services, promise_for_services(request, services), strict=True))
    order_date = request.order_time.astimezone(tz).date()
    return tuple(_verdict(method, promises[method.service], order_date) for method in methods)


def promise_days(promise: OrderPromise, *, timezone: str = "UTC") -> tuple[int, int] | None:
    """The whole order's window as Saleor's minimum and maximum delivery days.

    Calendar days from the order date in the store's time zone, as a method's
    ``minimumDeliveryDays`` / ``maximumDeliveryDays``; None when some line has no promise.
    """
    delivery = promise.delivery
    if not promise.complete or delivery is None:
        return None
    order_date = promise.order_time.astimezone(_zone(timezone)).date()
    return (delivery.earliest - order_date).days, (delivery.latest - order_date).days


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PromiseInputError(
            PromiseInputErrorCode.UNKNOWN_TIMEZONE, f"unknown time zone {timezone!r}"
        ) from exc


def _verdict(
    method: ShippingMethodOption, promise: OrderPromise, order_date: dt.date
) -> MethodVerdict:
    def refused(cause: MethodRefusal, reason: str) -> MethodVerdict:
        return MethodVerdict(method.method_id, False, reason, cause, promise)

    reasons = {item.reason for item in promise.unpromised}
    if reasons - {UnpromisedReason.OUT_OF_RANGE}:
        return refused(MethodRefusal.NOT_IN_STOCK, "Not every item in the cart is in stock")
    if reasons:
        return refused(MethodRefusal.OUT_OF_RANGE, f"{method.service.name} does not deliver here")
    delivery = promise.delivery
    if delivery is None:
        return refused(MethodRefusal.NOTHING_TO_SHIP, "Nothing in the cart to ship")
    if method.max_days is not None:
        promised_by = order_date + dt.timedelta(days=method.max_days)
        if delivery.latest > promised_by:
            return refused(
                MethodRefusal.LATE,
                f"Cannot arrive within {method.max_days} day{'' if method.max_days == 1 else 's'}: "
                f"delivery by {english_date(delivery.latest)} at the latest",
            )
    return MethodVerdict(method.method_id, True, None, None, promise)
