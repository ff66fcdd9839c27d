"""Own fleet / manual tracking: the merchant's vans, a courier booked by phone, a pickup.

Staff give the tracking number (the courier's) or leave it empty and one is made with a check
digit (``numbering.py``); the label is drawn by ``labels``. Nothing is called: ``tracking``
knows nothing (staff record delivery in the warehouse domain) and ``void`` has nothing to
cancel. Rates: the configured flat price per shipment, if any.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from saleor_oms_plugin.labels.validation import tracking_number_problem

from .documents import check_shipment, shipment_labels
from .errors import CarrierError, CarrierErrorCode
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
from .numbering import random_serials, tracking_number_make

KEY = "own_fleet"


@dataclass
class OwnFleetCarrier:
    name: str = "Own fleet"
    prefix: str = "OF"
    service: str = "standard"
    price: Money | None = None  # a flat price per shipment; None: no rate is quoted
    transit_days: tuple[int, int] = (1, 2)
    serials: Callable[[], int] = field(default_factory=random_serials)
    key: str = KEY

    def rates(
        self,
        parcels: Sequence[Parcel],
        ship_from: Address,
        ship_to: Address,
        service: str | None = None,
    ) -> list[Rate]:
        if self.price is None or service not in (None, self.service) or not parcels:
            return []
        low, high = self.transit_days
        return [Rate(self.key, self.service, self.price.amount, self.price.currency, low, high)]

    def create_label(self, shipment: Shipment) -> LabelResult:
        check_shipment(shipment)
        if shipment.service != self.service:
            raise CarrierError(CarrierErrorCode.NO_RATE, f"Unknown service {shipment.service!r}.")
        number = shipment.tracking_number.strip()
        if number:
            problem = tracking_number_problem(number)
            if problem:
                raise CarrierError(CarrierErrorCode.INVALID_INPUT, f"tracking_number {problem}.")
        else:
            number = tracking_number_make(self.prefix, self.serials())
        label = shipment_labels(
            shipment, carrier=self.name, service=self.service, tracking_number=number
        )
        return LabelResult(number, label, shipment.label_format, self.price)

    def tracking(self, tracking_number: str) -> TrackingStatus:
        return TrackingStatus(tracking_number, TrackingState.UNKNOWN)

    def void(self, tracking_number: str) -> None:
        return None


def own_fleet_from_config(config: Mapping[str, Any]) -> OwnFleetCarrier:
    """``{"name": "Own fleet", "prefix": "OF", "service": "standard",
    "price": {"amount": "4.90", "currency": "EUR"}, "transit_days": [1, 2]}``, all optional."""
    price = config.get("price")
    try:
        money = Money(Decimal(str(price["amount"])), str(price["currency"])) if price else None
        low, high = (int(d) for d in config.get("transit_days", (1, 2)))
        carrier = OwnFleetCarrier(
            name=str(config.get("name", "Own fleet")),
            prefix=str(config.get("prefix", "OF")),
            service=str(config.get("service", "standard")),
            price=money,
            transit_days=(low, high),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, f"Own fleet settings: {error}") from None
    if not 0 <= low <= high:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "transit_days must be [min, max].")
    tracking_number_make(carrier.prefix, 0)  # refuses a bad prefix now, not at the first label
    return carrier
