"""A carrier priced from a rate table: weight bands × destination zones × services, with
transit days per zone. Labels and tracking numbers are made as for the own fleet.

The table is a JSON-able document (``rate_table_parse`` checks all of it and names every
problem by its path)::

    {
      "name": "Parcel Co", "prefix": "PC", "currency": "EUR",
      "volumetric_divisor": 5000,
      "zones": [
        {"zone": "domestic", "countries": ["DE"]},
        {"zone": "eu", "countries": ["AT", "FR", "NL"]},
        {"zone": "world", "countries": ["*"]}
      ],
      "services": [
        {"service": "standard", "name": "Standard",
         "transit_days": {"domestic": [1, 2], "eu": [2, 4], "world": [5, 10]},
         "bands": [
           {"max_weight_g": 1000, "prices": {"domestic": "4.90", "eu": "9.90", "world": "19.00"}},
           {"max_weight_g": 5000, "prices": {"domestic": "6.90", "eu": "14.90"}}
         ]}
      ]
    }

A parcel is charged by the first band whose ``max_weight_g`` holds its weight: the actual one
or, with ``volumetric_divisor``, ``length × width × height (mm³) / divisor`` grams when that
is more (5000 is the common 5000 cm³/kg). The price of a shipment is the sum over its parcels;
a service is not offered when a parcel is heavier than its last band or the band has no price
for the zone. ``"*"`` is the zone of every country not listed elsewhere. Prices are strings
(``"4.90"``), never floats, so amounts are exact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from saleor_oms_plugin.labels.validation import tracking_number_problem

from .documents import check_shipment, shipment_labels
from .errors import CarrierError, CarrierErrorCode, RateTableInvalid, RateTableIssue
from .model import (
    Address,
    LabelResult,
    Money,
    Parcel,
    Rate,
    Shipment,
    TrackingState,
    TrackingStatus,
)
from .numbering import PREFIX, random_serials, tracking_number_make

KEY = "rate_table"
WILDCARD = "*"
COUNTRY = re.compile(r"^[A-Z]{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
TOP_KEYS = ("name", "prefix", "currency", "volumetric_divisor", "zones", "services")


@dataclass(frozen=True)
class Band:
    max_weight_g: int
    prices: Mapping[str, Decimal]  # zone → price per parcel


@dataclass(frozen=True)
class ServiceTable:
    service: str
    name: str
    transit_days: Mapping[str, tuple[int, int]]  # zone → (min, max)
    bands: tuple[Band, ...]  # ascending max_weight_g


@dataclass(frozen=True)
class RateTable:
    name: str
    prefix: str
    currency: str
    volumetric_divisor: int  # 0: actual weight only
    zone_by_country: Mapping[str, str]
    default_zone: str | None
    services: tuple[ServiceTable, ...]

    def zone_of(self, country: str) -> str | None:
        return self.zone_by_country.get(country.upper(), self.default_zone)

    def chargeable_grams(self, parcel: Parcel) -> int:
        if self.volumetric_divisor and parcel.volume_mm3:
            return max(parcel.weight_g, math.ceil(parcel.volume_mm3 / self.volumetric_divisor))
        return parcel.weight_g


class _Reader:
    def __init__(self) -> None:
        self.issues: list[RateTableIssue] = []

    def fail(self, path: str, message: str) -> None:
        self.issues.append(RateTableIssue(path, message))

    def text(self, data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{path}{key}", "must be a non-empty string")
            return ""
        return value.strip()

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return {}
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            self.fail(path, "must be a non-empty list")
            return []
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: Sequence[str], path: str) -> None:
        for key in sorted(set(data) - set(allowed)):
            self.fail(f"{path}{key}", "unknown key")

    def price(self, value: Any, path: str) -> Decimal | None:
        if not isinstance(value, str):
            self.fail(path, 'must be a decimal string such as "4.90"')
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.fail(path, f"{value!r} is not a decimal number")
            return None
        if not amount.is_finite() or amount < 0:
            self.fail(path, "must be zero or more")
            return None
        return amount

    def days(self, value: Any, path: str) -> tuple[int, int] | None:
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(d, int) and not isinstance(d, bool) for d in value)
            or not 0 <= value[0] <= value[1]
        ):
            self.fail(path, "must be [min, max] whole days with 0 <= min <= max")
            return None
        return value[0], value[1]


def _zones(reader: _Reader, value: Any) -> tuple[dict[str, str], str | None, set[str]]:
    by_country: dict[str, str] = {}
    default: str | None = None
    names: set[str] = set()
    for index, entry in enumerate(reader.items(value, "zones")):
        path = f"zones[{index}]."
        entry = reader.mapping(entry, f"zones[{index}]")
        reader.unknown_keys(entry, ("zone", "countries"), path)
        zone = reader.text(entry, "zone", path)
        if zone in names:
            reader.fail(f"{path}zone", f"zone {zone!r} is declared twice")
        names.add(zone)
        for n, country in enumerate(reader.items(entry.get("countries"), f"{path}countries")):
            at = f"{path}countries[{n}]"
            if country == WILDCARD:
                if default is not None:
                    reader.fail(at, f'"*" is already the zone {default!r}')
                default = zone
            elif not isinstance(country, str) or not COUNTRY.match(country):
                reader.fail(at, 'must be an ISO 3166 alpha-2 code in capitals, or "*"')
            elif country in by_country:
                reader.fail(at, f"{country} is already in zone {by_country[country]!r}")
            else:
                by_country[country] = zone
    return by_country, default, names


def _service(reader: _Reader, entry: Any, path: str, zones: set[str]) -> ServiceTable:
    entry = reader.mapping(entry, path.rstrip("."))
    reader.unknown_keys(entry, ("service", "name", "transit_days", "bands"), path)
    service = reader.text(entry, "service", path)
    name = reader.text(entry, "name", path, default=service or "-")
    transit: dict[str, tuple[int, int]] = {}
    declared = reader.mapping(entry.get("transit_days"), f"{path}transit_days")
    for zone, days in declared.items():
        if zone not in zones:
            reader.fail(f"{path}transit_days.{zone}", "is not a declared zone")
        parsed = reader.days(days, f"{path}transit_days.{zone}")
        if parsed is not None:
            transit[zone] = parsed
    bands: list[Band] = []
    previous = 0
    for index, band in enumerate(reader.items(entry.get("bands"), f"{path}bands")):
        at = f"{path}bands[{index}]"
        band = reader.mapping(band, at)
        reader.unknown_keys(band, ("max_weight_g", "prices"), f"{at}.")
        weight = band.get("max_weight_g")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= previous:
            reader.fail(f"{at}.max_weight_g", f"must be a whole number of grams above {previous}")
        else:
            previous = weight
        prices: dict[str, Decimal] = {}
        for zone, value in reader.mapping(band.get("prices"), f"{at}.prices").items():
            if zone not in zones:
                reader.fail(f"{at}.prices.{zone}", "is not a declared zone")
            elif zone not in declared:
                reader.fail(f"{at}.prices.{zone}", "has no transit_days for this zone")
            amount = reader.price(value, f"{at}.prices.{zone}")
            if amount is not None:
                prices[zone] = amount
        bands.append(Band(weight if isinstance(weight, int) else 0, prices))
    return ServiceTable(service, name, transit, tuple(bands))


def rate_table_parse(document: Any) -> RateTable:
    """The table, or ``RateTableInvalid`` naming every problem."""
    reader = _Reader()
    data = reader.mapping(document, "$")
    reader.unknown_keys(data, TOP_KEYS, "")
    name = reader.text(data, "name", "")
    prefix = reader.text(data, "prefix", "", default="RT")
    if prefix and not PREFIX.match(prefix):
        reader.fail("prefix", "must be 1 to 6 capital letters or digits")
    currency = reader.text(data, "currency", "")
    if currency and not CURRENCY.match(currency):
        reader.fail("currency", 'must be an ISO 4217 code such as "EUR"')
    divisor = data.get("volumetric_divisor", 0)
    if not isinstance(divisor, int) or isinstance(divisor, bool) or divisor < 0:
        reader.fail("volumetric_divisor", "must be a whole number (0: none)")
        divisor = 0
    by_country, default, zones = _zones(reader, data.get("zones"))
    services: list[ServiceTable] = []
    seen: set[str] = set()
    for index, entry in enumerate(reader.items(data.get("services"), "services")):
        table = _service(reader, entry, f"services[{index}].", zones)
        if table.service in seen:
            reader.fail(f"services[{index}].service", f"{table.service!r} is declared twice")
        seen.add(table.service)
        services.append(table)
    if reader.issues:
        raise RateTableInvalid(reader.issues)
    return RateTable(name, prefix, currency, divisor, by_country, default, tuple(services))


def table_rates(
    table: RateTable,
    key: str,
    parcels: Sequence[Parcel],
    country: str,
    service: str | None = None,
) -> list[Rate]:
    """The services that carry all ``parcels`` to ``country``, cheapest first."""
    zone = table.zone_of(country)
    if zone is None or not parcels:
        return []
    rates: list[Rate] = []
    for entry in table.services:
        if service is not None and entry.service != service:
            continue
        total = Decimal(0)
        for parcel in parcels:
            grams = table.chargeable_grams(parcel)
            band = next((b for b in entry.bands if grams <= b.max_weight_g), None)
            if band is None or zone not in band.prices:
                break
            total += band.prices[zone]
        else:
            low, high = entry.transit_days[zone]
            rates.append(Rate(key, entry.service, total, table.currency, low, high))
    return sorted(rates, key=lambda r: (r.amount, r.max_transit_days, r.service))


@dataclass
class RateTableCarrier:
    table: RateTable
    serials: Callable[[], int] = field(default_factory=random_serials)
    key: str = KEY

    def rates(
        self,
        parcels: Sequence[Parcel],
        ship_from: Address,
        ship_to: Address,
        service: str | None = None,
    ) -> list[Rate]:
        return table_rates(self.table, self.key, parcels, ship_to.country, service)

    def create_label(self, shipment: Shipment) -> LabelResult:
        check_shipment(shipment)
        found = self.rates(shipment.parcels, shipment.ship_from, shipment.ship_to, shipment.service)
        if not found:
            raise CarrierError(
                CarrierErrorCode.NO_RATE,
                f"{self.table.name} has no rate for service {shipment.service!r} to "
                f"{shipment.ship_to.country} for these parcels.",
            )
        number = shipment.tracking_number.strip()
        if number and tracking_number_problem(number):
            raise CarrierError(CarrierErrorCode.INVALID_INPUT, "The tracking number is not valid.")
        number = number or tracking_number_make(self.table.prefix, self.serials())
        name = next(s.name for s in self.table.services if s.service == shipment.service)
        label = shipment_labels(
            shipment, carrier=self.table.name, service=name, tracking_number=number
        )
        rate = found[0]
        return LabelResult(number, label, shipment.label_format, Money(rate.amount, rate.currency))

    def tracking(self, tracking_number: str) -> TrackingStatus:
        return TrackingStatus(tracking_number, TrackingState.UNKNOWN)

    def void(self, tracking_number: str) -> None:
        return None


def rate_table_from_config(config: Mapping[str, Any]) -> RateTableCarrier:
    """``config`` is the table document itself."""
    return RateTableCarrier(rate_table_parse(config))
