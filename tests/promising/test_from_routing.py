"""A routing decision, as ``route`` returns it, promised through the adapter."""

import datetime as dt

import pytest

from saleor_oms_plugin.promising.errors import PromiseInputError, PromiseInputErrorCode
from saleor_oms_plugin.promising.from_routing import promise_request_from_decision
from saleor_oms_plugin.promising.model import (
    CarrierService,
    LocationProfile,
    PromiseLine,
    TransitBand,
    UnpromisedReason,
)
from saleor_oms_plugin.promising.promise import promise_order
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    Destination,
    OrderLine,
    RoutingRequest,
)
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

NOW = dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.UTC)  # 10:00 in Los Angeles
CANDIDATES = (
    CandidateLocation("LA", "Los Angeles", Coordinates(34.05, -118.24), "US", {"V1": 3, "V2": 1}),
    CandidateLocation("NYC", "New York", Coordinates(40.71, -74.0), "US", {"V2": 5}),
)
PROFILES = {
    "LA": LocationProfile("LA", "Los Angeles", "America/Los_Angeles", cutoff=dt.time(15)),
    "NYC": LocationProfile("NYC", "New York", "America/New_York", cutoff=dt.time(12)),
}
SERVICE = CarrierService("ground", "Ground", (TransitBand(800, 1, 2), TransitBand(None, 3, 5)))
RULESET = parse_ruleset(
    {
        "name": "nearest",
        "version": 1,
        "state": "published",
        "rules": [{"type": "fewest_shipments"}, {"type": "nearest"}],
    }
)


def _route(*lines: OrderLine):
    request = RoutingRequest(
        "O1",
        "web",
        lines,
        Destination(Address("US"), Coordinates(36.17, -115.14)),  # Las Vegas
        CANDIDATES,
    )
    return route(request, RULESET, now=NOW)


def test_a_decision_is_promised_from_the_locations_it_chose():
    decision = _route(OrderLine("l1", "V1", "SKU1", 2, 1.0), OrderLine("l2", "V2", "SKU2", 1, 1.0))

    promise = promise_order(
        promise_request_from_decision(
            decision, candidates=CANDIDATES, locations=PROFILES, order_time=NOW, service=SERVICE
        )
    )

    (shipment,) = promise.shipments
    assert shipment.location_name == "Los Angeles"
    assert set(shipment.line_ids) == {"l1", "l2"}
    assert shipment.ship_date == dt.date(2026, 12, 2)
    assert shipment.delivery.earliest == dt.date(2026, 12, 3)  # about 370 km: the first band
    assert promise.complete


def test_backordered_lines_leave_the_promise_incomplete():
    decision = _route(OrderLine("l1", "V1", "SKU1", 9, 1.0))

    promise = promise_order(
        promise_request_from_decision(
            decision, candidates=CANDIDATES, locations=PROFILES, order_time=NOW, service=SERVICE
        )
    )

    assert not promise.complete
    assert UnpromisedReason.BACKORDERED in {u.reason for u in promise.unpromised}


@pytest.mark.parametrize(
    "bands",
    [
        (),
        (TransitBand(100, 3, 2),),
        (TransitBand(None, 1, 2), TransitBand(100, 1, 2)),
        (TransitBand(500, 1, 2), TransitBand(100, 1, 2)),
    ],
)
def test_transit_bands_that_make_no_sense_are_refused(bands):
    with pytest.raises(PromiseInputError) as error:
        CarrierService("bad", "Bad", bands)

    assert error.value.code == PromiseInputErrorCode.INVALID_TRANSIT_BANDS


def test_a_line_without_units_is_refused():
    with pytest.raises(PromiseInputError) as error:
        PromiseLine("l1", "V1", 0)

    assert error.value.code == PromiseInputErrorCode.INVALID_QUANTITY
