"""Small fixed worlds for the promising tests: two locations, two services, a cart."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from saleor_oms_plugin.promising.model import (
    Calendar,
    CarrierService,
    LocationProfile,
    PlannedShipment,
    PromiseLine,
    PromiseRequest,
    TransitBand,
)

LA = ZoneInfo("America/Los_Angeles")
LOCATIONS = {
    "LA": LocationProfile("LA", "Los Angeles", "America/Los_Angeles", cutoff=dt.time(15)),
    "DAL": LocationProfile("DAL", "Dallas", "America/Chicago", cutoff=dt.time(12)),
}
GROUND = CarrierService(
    "ground",
    "Ground",
    (TransitBand(500, 1, 1), TransitBand(2000, 2, 4)),  # nothing farther than 2,000 km
    price=Decimal("5.90"),
    currency="USD",
)
EXPRESS_SATURDAY = CarrierService(
    "express",
    "Express",
    (TransitBand(None, 1, 1),),
    Calendar(open_weekdays=frozenset(range(6))),
)
STOCK = {"LA": {"V1": 5, "V2": 1}, "DAL": {"V2": 3}}


def line(line_id: str, variant_id: str, quantity: int = 1) -> PromiseLine:
    return PromiseLine(line_id, variant_id, quantity, sku=f"SKU-{variant_id}")


def request(
    *shipments: PlannedShipment,
    order_time: dt.datetime | None = None,
    service: CarrierService | None = GROUND,
    stock: dict[str, dict[str, int]] | None = None,
    backordered: tuple[str, ...] = (),
) -> PromiseRequest:
    return PromiseRequest(
        order_time=order_time or dt.datetime(2026, 12, 2, 12, 50, tzinfo=LA),  # a Wednesday
        shipments=shipments,
        locations=LOCATIONS,
        stock=STOCK if stock is None else stock,
        service=service,
        backordered_line_ids=backordered,
    )
