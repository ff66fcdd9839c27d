"""Typed refusals of the promising core: bad input is refused whole, with a code."""

from __future__ import annotations

from enum import StrEnum


class PromiseInputErrorCode(StrEnum):
    NAIVE_ORDER_TIME = "naive_order_time"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    NO_OPEN_WEEKDAY = "no_open_weekday"
    INVALID_WEEKDAY = "invalid_weekday"
    INVALID_HANDLING = "invalid_handling"
    INVALID_TRANSIT_BANDS = "invalid_transit_bands"
    INVALID_QUANTITY = "invalid_quantity"
    INVALID_PROMISE_DAYS = "invalid_promise_days"
    CALENDAR_EXHAUSTED = "calendar_exhausted"


class PromiseInputError(ValueError):
    def __init__(self, code: PromiseInputErrorCode, message: str) -> None:
        self.code = code
        super().__init__(message)
