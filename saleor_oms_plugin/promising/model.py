"""Plain data the promising core takes and returns.

Frozen dataclasses with no ORM or Django dependency. The inputs are checked when they are built
(a bad calendar, time zone or band table raises ``PromiseInputError`` at once), so a profile
built once from the tenant's settings can be reused for every checkout without checks.

Dates are local dates: a ship date in the location's time zone, delivery dates in the carrier
service's calendar (the destination's). Instants (``order_time``, ``order_by``) are aware.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import PromiseInputError, PromiseInputErrorCode

MONDAY_TO_FRIDAY = frozenset(range(5))

# ------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Calendar:
    """Open weekdays (Monday 0 … Sunday 6) minus holiday dates.

    A location's working days, or the days a carrier service delivers on (its holidays are the
    destination's).
    """

    open_weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if not self.open_weekdays:
            raise PromiseInputError(
                PromiseInputErrorCode.NO_OPEN_WEEKDAY, "a calendar needs at least one open weekday"
            )
        if any(not isinstance(d, int) or not 0 <= d <= 6 for d in self.open_weekdays):
            raise PromiseInputError(
                PromiseInputErrorCode.INVALID_WEEKDAY,
                f"weekdays are 0 (Monday) to 6 (Sunday), got {sorted(self.open_weekdays)}",
            )

    def is_open(self, day: dt.date) -> bool:
        return day.weekday() in self.open_weekdays and day not in self.holidays


class HandlingUnit(StrEnum):
    BUSINESS_DAYS = "business_days"  # whole working days after the day the order counts for
    HOURS = "hours"  # hours on the clock; the parcel must be ready by a working day's cut-off


@dataclass(frozen=True)
class Handling:
    amount: int = 0
    unit: HandlingUnit = HandlingUnit.BUSINESS_DAYS

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or self.amount < 0:
            raise PromiseInputError(
                PromiseInputErrorCode.INVALID_HANDLING,
                f"handling time must be a whole number ≥ 0, got {self.amount!r}",
            )


@dataclass(frozen=True)
class LocationProfile:
    """What a location needs to say when it can hand a parcel over."""

    location_id: str
    name: str  # shown to customers: "Los Angeles"
    timezone: str  # IANA name, "America/Los_Angeles"
    calendar: Calendar = Calendar()
    # Local time after which an order counts for the next working day; None: the end of the day.
    cutoff: dt.time | None = None
    handling: Handling = Handling()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise PromiseInputError(
                PromiseInputErrorCode.UNKNOWN_TIMEZONE,
                f"{self.location_id}: unknown time zone {self.timezone!r}",
            ) from exc

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class TransitBand:
    up_to_km: float | None  # None: the open-ended last band
    min_days: int
    max_days: int


@dataclass(frozen=True)
class CarrierService:
    """A carrier service: transit days by distance band, counted in its own delivery days."""

    service_id: str
    name: str
    bands: tuple[TransitBand, ...]
    calendar: Calendar = Calendar()  # the days it delivers on (and the destination's holidays)
    price: Decimal | None = None
    currency: str | None = None

    def __post_init__(self) -> None:
        problem = _bands_problem(self.bands)
        if problem:
            raise PromiseInputError(
                PromiseInputErrorCode.INVALID_TRANSIT_BANDS, f"{self.service_id}: {problem}"
            )

    def band_for(self, distance_km: float) -> TransitBand | None:
        """The first band that reaches the distance; None when the service does not go so far."""
        for band in self.bands:
            if band.up_to_km is None or distance_km <= band.up_to_km:
                return band
        return None


def _bands_problem(bands: tuple[TransitBand, ...]) -> str | None:
    if not bands:
        return "at least one transit band is needed"
    previous = -1.0
    for n, band in enumerate(bands):
        if not 0 <= band.min_days <= band.max_days:
            return f"band {n}: need 0 ≤ min_days ≤ max_days, got {band.min_days}–{band.max_days}"
        if band.up_to_km is None:
            if n != len(bands) - 1:
                return f"band {n}: only the last band may be open-ended"
        elif band.up_to_km <= previous:
            return f"band {n}: bands must go outwards ({band.up_to_km} km after {previous} km)"
        else:
            previous = band.up_to_km
    return None


@dataclass(frozen=True)
class PromiseLine:
    line_id: str
    variant_id: str
    quantity: int
    sku: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.quantity, int) or self.quantity < 1:
            raise PromiseInputError(
                PromiseInputErrorCode.INVALID_QUANTITY,
                f"line {self.line_id}: quantity must be ≥ 1, got {self.quantity!r}",
            )


@dataclass(frozen=True)
class PlannedShipment:
    """One parcel of a routing decision: where it leaves from, what is in it, how far it goes."""

    location_id: str
    lines: tuple[PromiseLine, ...]
    distance_km: float = 0.0


@dataclass(frozen=True)
class PromiseRequest:
    order_time: dt.datetime  # aware
    shipments: tuple[PlannedShipment, ...]
    locations: Mapping[str, LocationProfile]  # by location id
    stock: Mapping[str, Mapping[str, int]]  # location id -> variant id -> units available
    service: CarrierService | None = None  # None: collection at the (single) location
    backordered_line_ids: tuple[str, ...] = ()  # lines routing could place nowhere


# ------------------------------------------------------------------------------------ outputs


@dataclass(frozen=True)
class DeliveryWindow:
    earliest: dt.date
    latest: dt.date


@dataclass(frozen=True)
class Countdown:
    """Time left to order and keep the promise, whole hours and minutes (rounded down)."""

    hours: int
    minutes: int

    @classmethod
    def between(cls, start: dt.datetime, end: dt.datetime) -> Countdown:
        minutes = max(0, int((end - start).total_seconds() // 60))
        return cls(minutes // 60, minutes % 60)

    @property
    def total_minutes(self) -> int:
        return self.hours * 60 + self.minutes


@dataclass(frozen=True)
class ShipmentPromise:
    location_id: str
    location_name: str
    line_ids: tuple[str, ...]
    ship_date: dt.date  # local to the location: the day it hands the parcel over
    order_by: dt.datetime  # ordering before this instant keeps this ship date (UTC)
    countdown: Countdown
    delivery: DeliveryWindow  # for a collection: the day it is ready, both ends


class UnpromisedReason(StrEnum):
    NOT_IN_STOCK = "not_in_stock"
    UNKNOWN_LOCATION = "unknown_location"
    OUT_OF_RANGE = "out_of_range"  # farther than the service's last band
    BACKORDERED = "backordered"


@dataclass(frozen=True)
class Unpromised:
    location_id: str | None
    line_ids: tuple[str, ...]
    reason: UnpromisedReason
    message: str


@dataclass(frozen=True)
class OrderPromise:
    order_time: dt.datetime
    service_id: str | None  # None: a collection
    shipments: tuple[ShipmentPromise, ...]
    unpromised: tuple[Unpromised, ...] = field(default=())

    @property
    def pickup(self) -> bool:
        return self.service_id is None

    @property
    def complete(self) -> bool:
        """Every line has a promise: nothing backordered, out of stock or out of range."""
        return bool(self.shipments) and not self.unpromised

    @property
    def ship_date(self) -> dt.date | None:
        """The day the last parcel leaves."""
        return max((s.ship_date for s in self.shipments), default=None)

    @property
    def delivery(self) -> DeliveryWindow | None:
        """When the whole order has arrived: the last parcel's window."""
        if not self.shipments:
            return None
        return DeliveryWindow(
            max(s.delivery.earliest for s in self.shipments),
            max(s.delivery.latest for s in self.shipments),
        )

    @property
    def order_by(self) -> dt.datetime | None:
        """The first deadline: ordering before it keeps every parcel's promise."""
        return min((s.order_by for s in self.shipments), default=None)

    @property
    def countdown(self) -> Countdown | None:
        order_by = self.order_by
        return None if order_by is None else Countdown.between(self.order_time, order_by)
