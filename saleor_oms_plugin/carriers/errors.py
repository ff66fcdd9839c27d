"""Typed errors of the carrier adapters; the domain that calls them maps the codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CarrierErrorCode(StrEnum):
    INVALID_INPUT = "invalid_input"  # our request is wrong: fix it, do not retry
    NO_RATE = "no_rate"  # the carrier has no service for this parcel and destination
    REJECTED = "rejected"  # the carrier refused the request (HTTP 4xx)
    NOT_FOUND = "not_found"  # unknown tracking number
    UNAVAILABLE = "unavailable"  # timeout, connection error or 5xx after every retry
    BAD_RESPONSE = "bad_response"  # the carrier answered something we cannot read
    UNKNOWN_CARRIER = "unknown_carrier"  # no adapter registered under the key


RETRYABLE = frozenset({CarrierErrorCode.UNAVAILABLE})


class CarrierError(Exception):
    """One failure of a carrier call. ``retryable`` says whether the same call may succeed
    later (a Celery task retries those, with ``core.retry`` backoff)."""

    def __init__(self, code: CarrierErrorCode, message: str, *, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status  # the HTTP status, when the carrier answered one

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE


@dataclass(frozen=True)
class RateTableIssue:
    path: str  # JSON path into the table document, e.g. "services.express.bands[2].prices"
    message: str


class RateTableInvalid(ValueError):
    """The rate-table document is not valid; ``issues`` lists every problem."""

    def __init__(self, issues: list[RateTableIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{i.path}: {i.message}" for i in self.issues))
