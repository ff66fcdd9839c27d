"""``promise_order``: the ship date and delivery window of each parcel of a routing decision.

A parcel is promised only when its location is known and holds the stock for every line it
carries (summed over all parcels leaving that location), and when the carrier service reaches
the distance. Anything else is listed as unpromised with its reason, never dropped: the order
as a whole is ``complete`` only when every line has a promise.

The hand-over (ship date, deadline) does not depend on the carrier service, so
``promise_for_services`` works it out once per location and then prices each service's transit
on top: the shipping-method filter asks about several services for the same cart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .calendars import calendar_index
from .errors import PromiseInputError, PromiseInputErrorCode
from .handover import HandOver, hand_over
from .model import (
    CarrierService,
    Countdown,
    DeliveryWindow,
    LocationProfile,
    OrderPromise,
    PlannedShipment,
    PromiseRequest,
    ShipmentPromise,
    Unpromised,
    UnpromisedReason,
)


def promise_order(request: PromiseRequest) -> OrderPromise:
    """The promise of one cart or order with ``request.service`` (None: a collection)."""
    services = (request.service,)
    return promise_for_services(request, services)[0]


def promise_for_services(
    request: PromiseRequest, services: Sequence[CarrierService | None]
) -> list[OrderPromise]:
    """One promise per service, in the order given (``request.service`` is not used).

    Raises ``PromiseInputError`` when ``request.order_time`` is naive.
    """
    order_time = _as_utc(request.order_time)
    handed, refused = _hand_overs(request, order_time)
    return [_with_service(order_time, handed, refused, service) for service in services]


@dataclass(frozen=True)
class _Handed:
    shipment: PlannedShipment
    profile: LocationProfile
    hand_over: HandOver


def _as_utc(order_time: dt.datetime) -> dt.datetime:
    if order_time.tzinfo is None or order_time.utcoffset() is None:
        raise PromiseInputError(
            PromiseInputErrorCode.NAIVE_ORDER_TIME, "order_time must be timezone-aware"
        )
    return order_time.astimezone(dt.UTC)


def _hand_overs(
    request: PromiseRequest, order_time: dt.datetime
) -> tuple[list[_Handed], list[Unpromised]]:
    handed: list[_Handed] = []
    refused: list[Unpromised] = []
    short = _short_locations(request.shipments, request.stock)
    by_location: dict[str, HandOver] = {}
    for shipment in request.shipments:
        line_ids = tuple(line.line_id for line in shipment.lines)
        location_id = shipment.location_id
        profile = request.locations.get(location_id)
        if profile is None:
            refused.append(
                Unpromised(
                    location_id,
                    line_ids,
                    UnpromisedReason.UNKNOWN_LOCATION,
                    f"no calendar for location {location_id}",
                )
            )
            continue
        missing = [line for line in shipment.lines if line.variant_id in short.get(location_id, ())]
        if missing:
            refused.append(
                Unpromised(
                    location_id,
                    line_ids,
                    UnpromisedReason.NOT_IN_STOCK,
                    f"{profile.name} does not hold "
                    + ", ".join(line.sku or line.variant_id for line in missing),
                )
            )
            continue
        handover = by_location.get(location_id)
        if handover is None:
            handover = by_location[location_id] = hand_over(profile, order_time)
        handed.append(_Handed(shipment, profile, handover))
    if request.backordered_line_ids:
        refused.append(
            Unpromised(
                None,
                tuple(request.backordered_line_ids),
                UnpromisedReason.BACKORDERED,
                "no location holds these lines",
            )
        )
    return handed, refused


def _short_locations(
    shipments: Iterable[PlannedShipment], stock: Mapping[str, Mapping[str, int]]
) -> dict[str, set[str]]:
    """Location id -> the variants its parcels claim more of than it holds."""
    claimed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for shipment in shipments:
        for line in shipment.lines:
            claimed[shipment.location_id][line.variant_id] += line.quantity
    short: dict[str, set[str]] = {}
    for location_id, wants in claimed.items():
        held = stock.get(location_id, {})
        lacking = {variant for variant, units in wants.items() if held.get(variant, 0) < units}
        if lacking:
            short[location_id] = lacking
    return short


def _with_service(
    order_time: dt.datetime,
    handed: list[_Handed],
    refused: list[Unpromised],
    service: CarrierService | None,
) -> OrderPromise:
    promised: list[ShipmentPromise] = []
    unpromised = list(refused)
    for item in handed:
        shipment = item.shipment
        line_ids = tuple(line.line_id for line in shipment.lines)
        window = _window(item.hand_over.ship_date, service, shipment.distance_km)
        if window is None:
            assert service is not None
            unpromised.append(
                Unpromised(
                    shipment.location_id,
                    line_ids,
                    UnpromisedReason.OUT_OF_RANGE,
                    f"{service.name} does not deliver {shipment.distance_km:,.0f} km "
                    f"from {item.profile.name}",
                )
            )
            continue
        promised.append(
            ShipmentPromise(
                location_id=shipment.location_id,
                location_name=item.profile.name,
                line_ids=line_ids,
                ship_date=item.hand_over.ship_date,
                order_by=item.hand_over.order_by,
                countdown=Countdown.between(order_time, item.hand_over.order_by),
                delivery=window,
            )
        )
    return OrderPromise(
        order_time=order_time,
        service_id=None if service is None else service.service_id,
        shipments=tuple(promised),
        unpromised=tuple(unpromised),
    )


def _window(
    ship_date: dt.date, service: CarrierService | None, distance_km: float
) -> DeliveryWindow | None:
    if service is None:  # a collection: ready the day it would have shipped
        return DeliveryWindow(ship_date, ship_date)
    band = service.band_for(distance_km)
    if band is None:
        return None
    index = calendar_index(service.calendar)
    return DeliveryWindow(
        index.add_open_days(ship_date, band.min_days),
        index.add_open_days(ship_date, band.max_days),
    )
