"""Stored settings as the promising core's inputs: location profiles and carrier services.

A row whose settings the core refuses (an unknown time zone, say) is left out and logged: a
location without a profile gets no promise, a service without one is not offered. The answer
at checkout must never fail on a merchant's typo.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.delivery.service_document import Rate, rate_for, rates_parse
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.promising.errors import PromiseInputError
from saleor_oms_plugin.promising.model import (
    Calendar,
    CarrierService,
    Handling,
    HandlingUnit,
    LocationProfile,
    TransitBand,
)

logger = logging.getLogger(__name__)


def _calendar(weekdays: Iterable[int], holidays: Iterable[str]) -> Calendar:
    return Calendar(
        open_weekdays=frozenset(weekdays),
        holidays=frozenset(dt.date.fromisoformat(day) for day in holidays),
    )


def shown_place(location: Location) -> str:
    """The place a customer is told a parcel leaves from: the city (Saleor keeps addresses in
    capitals, "LOS ANGELES", which is shown as "Los Angeles"), else the location's name."""
    city = location.city.strip()
    if not city:
        return location.name
    return city.title() if city.isupper() else city


def location_profile(
    location: Location, calendar: LocationDeliveryCalendar | None
) -> LocationProfile | None:
    """The location's hand-over rules: time zone and cut-off from its routing settings, the
    working days, holidays and handling time from its delivery calendar (defaults: Monday to
    Friday, no holidays, no handling time, UTC, no cut-off)."""
    routing = getattr(location, "routing_settings", None)  # loaded with the location
    try:
        return LocationProfile(
            location_id=location.saleor_id,
            name=shown_place(location),
            timezone=routing.time_zone if routing is not None else "UTC",
            cutoff=routing.cutoff_time if routing is not None else None,
            calendar=(
                _calendar(calendar.working_weekdays, calendar.holidays)
                if calendar is not None
                else Calendar()
            ),
            handling=(
                Handling(calendar.handling_amount, HandlingUnit(calendar.handling_unit))
                if calendar is not None
                else Handling()
            ),
        )
    except (PromiseInputError, ValueError, TypeError):
        logger.warning("location %s has delivery settings promising cannot use", location.pk)
        return None


@dataclass(frozen=True)
class OfferedService:
    """A delivery service as checkout offers it: the carrier service plus prices and scope."""

    code: str
    name: str
    carrier: CarrierService
    rates: tuple[Rate, ...]
    channels: frozenset[str]  # empty: every channel
    saleor_method_ids: frozenset[str]

    def serves(self, channel_slug: str) -> bool:
        return not self.channels or channel_slug in self.channels

    def price(self, *, currency: str, weight_kg: float) -> Decimal | None:
        return rate_for(self.rates, currency=currency, weight_kg=weight_kg)


def offered_service(service: DeliveryService) -> OfferedService | None:
    try:
        carrier = CarrierService(
            service_id=service.code,
            name=service.name,
            bands=tuple(
                TransitBand(
                    None if band["upToKm"] is None else float(band["upToKm"]),
                    int(band["minDays"]),
                    int(band["maxDays"]),
                )
                for band in service.transit_bands
            ),
            calendar=_calendar(service.delivery_weekdays, service.holidays),
        )
        rates = rates_parse(service.rates)
    except (PromiseInputError, ValueError, TypeError, KeyError):
        logger.warning("delivery service %s has settings promising cannot use", service.pk)
        return None
    return OfferedService(
        code=service.code,
        name=service.name,
        carrier=carrier,
        rates=rates,
        channels=frozenset(service.channels or ()),
        saleor_method_ids=frozenset(service.saleor_method_ids or ()),
    )
