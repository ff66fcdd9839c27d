import datetime as dt

import pytest

from saleor_oms_plugin.promising.errors import PromiseInputError, PromiseInputErrorCode
from saleor_oms_plugin.promising.model import (
    Countdown,
    DeliveryWindow,
    PlannedShipment,
    UnpromisedReason,
)
from saleor_oms_plugin.promising.promise import promise_for_services, promise_order
from saleor_oms_plugin.promising.sentence import english_sentence, promise_parts

from .worlds import EXPRESS_SATURDAY, GROUND, LA, line, request


def test_one_parcel_before_the_cutoff_is_promised_for_tomorrow():
    promise = promise_order(request(PlannedShipment("LA", (line("l1", "V1", 2),), 120.0)))

    (shipment,) = promise.shipments
    assert shipment.ship_date == dt.date(2026, 12, 2)
    assert shipment.delivery == DeliveryWindow(dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert shipment.countdown == Countdown(2, 10)
    assert promise.complete
    assert english_sentence(promise_parts(promise)) == (
        "Order within 2 h 10 min, get it Thursday 3 Dec from Los Angeles"
    )


def test_the_whole_order_arrives_with_its_last_parcel_and_the_first_deadline_counts():
    promise = promise_order(
        request(
            PlannedShipment("LA", (line("l1", "V1"),), 120.0),
            PlannedShipment("DAL", (line("l2", "V2"),), 1800.0),
            order_time=dt.datetime(2026, 12, 2, 9, 0, tzinfo=LA),  # 11:00 in Dallas
        )
    )

    la, dallas = promise.shipments
    assert la.delivery == DeliveryWindow(dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert dallas.ship_date == dt.date(2026, 12, 2)
    assert dallas.delivery == DeliveryWindow(dt.date(2026, 12, 4), dt.date(2026, 12, 8))
    assert promise.ship_date == dt.date(2026, 12, 2)
    assert promise.delivery == DeliveryWindow(dt.date(2026, 12, 4), dt.date(2026, 12, 8))
    assert promise.countdown == Countdown(1, 0)  # Dallas's noon cut-off comes first
    assert english_sentence(promise_parts(promise)) == (
        "Order within 1 h, get it between Friday 4 Dec and Tuesday 8 Dec "
        "from Los Angeles and Dallas"
    )


def test_a_service_that_delivers_on_saturday_delivers_on_saturday():
    friday = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LA)
    shipment = PlannedShipment("LA", (line("l1", "V1"),), 120.0)

    ground, express = promise_for_services(
        request(shipment, order_time=friday), [GROUND, EXPRESS_SATURDAY]
    )

    assert ground.delivery == DeliveryWindow(dt.date(2026, 12, 7), dt.date(2026, 12, 7))
    assert express.delivery == DeliveryWindow(dt.date(2026, 12, 5), dt.date(2026, 12, 5))


def test_parcels_the_location_cannot_stock_are_not_promised():
    # Two parcels from Los Angeles claim V2 twice; it holds one.
    promise = promise_order(
        request(
            PlannedShipment("LA", (line("l1", "V1"), line("l2", "V2")), 120.0),
            PlannedShipment("LA", (line("l3", "V2"),), 120.0),
        )
    )

    assert promise.shipments == ()
    assert [u.reason for u in promise.unpromised] == [UnpromisedReason.NOT_IN_STOCK] * 2
    assert promise.unpromised[0].message == "Los Angeles does not hold SKU-V2"
    assert not promise.complete
    assert promise_parts(promise) is None


def test_unknown_locations_distances_beyond_the_service_and_backorders_are_listed():
    promise = promise_order(
        request(
            PlannedShipment("NYC", (line("l1", "V1"),), 10.0),
            PlannedShipment("DAL", (line("l2", "V2"),), 2500.0),
            PlannedShipment("LA", (line("l3", "V1"),), 100.0),
            backordered=("l4",),
        )
    )

    assert [s.line_ids for s in promise.shipments] == [("l3",)]
    assert [(u.reason, u.line_ids) for u in promise.unpromised] == [
        (UnpromisedReason.UNKNOWN_LOCATION, ("l1",)),
        (UnpromisedReason.BACKORDERED, ("l4",)),
        (UnpromisedReason.OUT_OF_RANGE, ("l2",)),
    ]
    assert promise.unpromised[2].message == "Ground does not deliver 2,500 km from Dallas"
    assert not promise.complete


def test_a_collection_is_ready_the_day_it_would_have_shipped():
    promise = promise_order(
        request(
            PlannedShipment("LA", (line("l1", "V1"),)),
            service=None,
            order_time=dt.datetime(2026, 12, 2, 16, 0, tzinfo=LA),  # past the cut-off
        )
    )

    assert promise.pickup
    assert promise.delivery == DeliveryWindow(dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert english_sentence(promise_parts(promise)) == (
        "Order within 23 h, pick it up Thursday 3 Dec at Los Angeles"
    )


def test_a_naive_order_time_is_refused():
    shipment = PlannedShipment("LA", (line("l1", "V1"),))

    with pytest.raises(PromiseInputError) as error:
        promise_order(request(shipment, order_time=dt.datetime(2026, 12, 2, 12, 0)))

    assert error.value.code == PromiseInputErrorCode.NAIVE_ORDER_TIME
