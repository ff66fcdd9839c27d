"""The documents, as plain data. Weights are whole grams; text is any Unicode (see
``text.py`` for what happens to characters no font can draw)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Address:
    name: str
    street_1: str
    city: str
    country: str  # ISO 3166-1 alpha-2, e.g. "DE"
    postal_code: str = ""
    company: str = ""
    street_2: str = ""
    country_area: str = ""
    phone: str = ""

    def lines(self) -> tuple[str, ...]:
        """The printed lines, empty parts left out (postal code before the city)."""
        city = " ".join(p for p in (self.postal_code, self.city) if p)
        lines = (
            self.company,
            self.name,
            self.street_1,
            self.street_2,
            city,
            " ".join(p for p in (self.country_area, self.country) if p),
        )
        return tuple(line for line in lines if line)


@dataclass(frozen=True)
class ToteSplit:
    tote: int  # 1-based position on the cart
    order: str  # the order's number or id, as printed
    quantity: int


@dataclass(frozen=True)
class PickListLine:
    sequence: int  # position along the walking sequence; lines print in this order
    bin: str
    sku: str
    name: str
    quantity: int  # the total over the splits (one order: no splits needed)
    splits: tuple[ToteSplit, ...] = ()


@dataclass(frozen=True)
class PickList:
    list_id: str
    location: str
    lines: tuple[PickListLine, ...]
    strategy: str = "discrete"  # "discrete", "batch", "zone", "wave": printed as is
    note: str = ""


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    quantity: int


@dataclass(frozen=True)
class PackingSlip:
    order: str  # the order number, printed and encoded as a Code 128 barcode
    ship_from: Address
    ship_to: Address
    lines: tuple[SlipLine, ...]
    order_date: str = ""  # printed as given (the caller formats dates in the shop's locale)
    billing: Address | None = None
    note: str = ""


@dataclass(frozen=True)
class ShippingLabel:
    """A 4×6 inch label for one parcel of a shipment."""

    tracking_number: str  # printable ASCII (Code 128 set B), 1 to 40 characters
    carrier: str
    service: str
    ship_from: Address
    ship_to: Address
    weight_grams: int
    parcel_index: int = 1  # n of ``parcel_count``
    parcel_count: int = 1
    reference: str = ""  # the order number or the shipment's reference
    qr_data: str = ""  # what the QR code carries; the tracking number when empty

    @property
    def qr_payload(self) -> str:
        return self.qr_data or self.tracking_number


Document = PickList | PackingSlip | ShippingLabel


class PageSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"
    LABEL_4X6 = "4x6"


# Points (1/72 inch): width, height, portrait.
PAGE_POINTS: dict[PageSize, tuple[float, float]] = {
    PageSize.A4: (595.2755905511812, 841.8897637795277),
    PageSize.LETTER: (612.0, 792.0),
    PageSize.LABEL_4X6: (288.0, 432.0),
}
