"""What goes to a carrier and what comes back. Lengths are whole millimetres, weights whole
grams, money a ``Decimal`` with an ISO 4217 currency code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from saleor_oms_plugin.labels.model import Address

__all__ = [
    "Address",
    "LabelFormat",
    "LabelResult",
    "Money",
    "Parcel",
    "Rate",
    "Shipment",
    "TrackingEvent",
    "TrackingState",
    "TrackingStatus",
]


@dataclass(frozen=True)
class Parcel:
    weight_g: int
    length_mm: int = 0  # 0: unknown (no volumetric weight)
    width_mm: int = 0
    height_mm: int = 0

    @property
    def volume_mm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Rate:
    carrier: str  # the adapter's key
    service: str
    amount: Decimal  # for all the parcels together
    currency: str
    min_transit_days: int
    max_transit_days: int


class LabelFormat(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"


@dataclass(frozen=True)
class Shipment:
    """One shipment: its parcels go together, one label page per parcel."""

    reference: str  # ours, unique per shipment (the idempotency key towards the carrier)
    service: str
    ship_from: Address
    ship_to: Address
    parcels: tuple[Parcel, ...]
    label_format: LabelFormat = LabelFormat.PDF
    tracking_number: str = ""  # given by staff for manual carriers; else the carrier's


@dataclass(frozen=True)
class LabelResult:
    tracking_number: str
    label: bytes  # one page (PDF) or one ^XA…^XZ block (ZPL) per parcel, in parcel order
    label_format: LabelFormat
    cost: Money | None  # None when the carrier does not say


class TrackingState(StrEnum):
    UNKNOWN = "unknown"  # nothing known (manual carriers: staff record delivery)
    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    VOIDED = "voided"


@dataclass(frozen=True)
class TrackingEvent:
    at: dt.datetime  # aware
    state: TrackingState
    description: str = ""
    location: str = ""


@dataclass(frozen=True)
class TrackingStatus:
    tracking_number: str
    state: TrackingState
    events: tuple[TrackingEvent, ...] = ()  # oldest first
