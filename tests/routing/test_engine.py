"""Engine behaviour the property tests do not pin down: Saleor's baseline, pickup, cut-off, inputs."""

import datetime as dt

import pytest

from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.errors import RoutingInputError, RoutingInputErrorCode
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    CostParameters,
    DeliveryMethod,
    Destination,
    OrderLine,
    ReasonCode,
    RoutingRequest,
)
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset
from saleor_oms_plugin.routing.saleor_native import SaleorStrategy, saleor_allocate

NOW = dt.datetime(2026, 3, 2, 20, 30, tzinfo=dt.UTC)  # 12:30 in Los Angeles, 15:30 in New York
HERE = Destination(Address("US"), Coordinates(34.0, -118.0))


def location(loc_id: str, stock: dict[str, int], priority: int, **extra) -> CandidateLocation:
    return CandidateLocation(
        loc_id, loc_id.upper(), Coordinates(34.0, -118.0), "US", stock, priority=priority, **extra
    )


def request(
    lines: dict[str, int], *locations: CandidateLocation, delivery: DeliveryMethod | None = None
) -> RoutingRequest:
    order_lines = tuple(OrderLine(f"l-{v}", v, v, q, 1.0) for v, q in lines.items())
    return RoutingRequest("o1", "c", order_lines, HERE, locations, delivery or DeliveryMethod())


def units(plan) -> dict[tuple[str, str], int]:
    return {
        (s.location.location_id, line.variant_id): q
        for s in plan.shipments
        for line, q in s.units.items()
    }


def test_saleor_sorting_order_fills_each_line_from_the_first_warehouse_with_stock():
    order = request(
        {"A": 3, "B": 1}, location("w2", {"A": 5, "B": 1}, 2), location("w1", {"A": 2}, 1)
    )
    plan = saleor_allocate(order, SaleorStrategy.PRIORITIZE_SORTING_ORDER)
    assert units(plan) == {("w1", "A"): 2, ("w2", "A"): 1, ("w2", "B"): 1}


def test_the_decision_records_what_saleors_own_allocation_would_cost():
    # Saleor splits A over w1 and w2 by the channel's order; one parcel from w2 does it all
    parcel = CostParameters(parcel_fixed_cost=4.0)
    order = request(
        {"A": 3, "B": 1},
        location("w2", {"A": 5, "B": 1}, 2, cost=parcel),
        location("w1", {"A": 2}, 1, cost=parcel),
    )
    ruleset = parse_ruleset({"name": "n", "rules": [{"type": "fewest_shipments"}]})
    decision = route(order, ruleset, now=NOW)
    assert [s.location_id for s in decision.shipments] == ["w2"]
    assert decision.baseline_cost is not None
    assert decision.baseline_cost == pytest.approx(decision.total_cost + 4.0)
    assert decision.as_dict()["baseline_cost"] == decision.baseline_cost


def test_saleor_high_stock_takes_each_line_from_the_deepest_warehouse():
    order = request(
        {"A": 3, "B": 2}, location("w1", {"A": 2, "B": 9}, 1), location("w2", {"A": 5, "B": 1}, 2)
    )
    plan = saleor_allocate(order, SaleorStrategy.PRIORITIZE_HIGH_STOCK)
    assert units(plan) == {("w2", "A"): 3, ("w1", "B"): 2}


def test_pickup_short_of_stock_backorders_at_the_pickup_location():
    store = location("store", {"A": 1}, 2, pickup=True)
    order = request(
        {"A": 3}, location("dc", {"A": 10}, 1), store, delivery=DeliveryMethod.pickup_at("store")
    )

    decision = route(order, parse_ruleset({"name": "n", "rules": [{"type": "nearest"}]}), now=NOW)

    assert [(s.location_id, s.units) for s in decision.shipments] == [("store", 1)]
    assert [(b.line_id, b.quantity) for b in decision.backorder] == [("l-A", 2)]
    short = [r for r in decision.reasons if r.code == ReasonCode.PICKUP_SHORT]
    assert short[0].message == "A: 2 units short at the pickup location; backordered there"


def test_cutoff_prefers_locations_that_still_ship_today():
    # given two equal locations; Los Angeles (cut-off 14:00 local) still ships, New York (15:00) does not
    late = location("nyc", {"A": 5}, 1, cutoff=dt.time(15, 0), timezone="America/New_York")
    open_ = location("lax", {"A": 5}, 2, cutoff=dt.time(14, 0), timezone="America/Los_Angeles")
    order = request({"A": 1}, late, open_)
    ruleset = parse_ruleset(
        {"name": "n", "rules": [{"type": "capacity_and_cutoff"}, {"type": "location_priority"}]}
    )

    decision = route(order, ruleset, now=NOW)

    assert [s.location_id for s in decision.shipments] == ["lax"]
    assert decision.scores == {"capacity_and_cutoff": 0.0, "location_priority": 2.0}
    decided = [r for r in decision.reasons if r.code == ReasonCode.DECIDED_BY_RULE]
    assert decided[0].message == "Chose LAX over NYC: capacity_and_cutoff 0.00 vs 1.00"


def test_decision_serialises_to_plain_json_types():
    order = request({"A": 1}, location("lax", {"A": 5}, 1))
    data = route(order, parse_ruleset({"name": "n", "rules": []}), now=NOW).as_dict()
    assert data["shipments"][0]["lines"] == [
        {"line_id": "l-A", "variant_id": "A", "sku": "A", "quantity": 1}
    ]
    assert data["solver"]["mode"] == "exact"
    assert data["decided_at"] == "2026-03-02T20:30:00+00:00"


@pytest.mark.parametrize(
    ("lines", "delivery", "now", "code"),
    [
        ((), DeliveryMethod(), NOW, RoutingInputErrorCode.NO_LINES),
        (
            (OrderLine("x", "A", "A", 0, 1.0),),
            DeliveryMethod(),
            NOW,
            RoutingInputErrorCode.INVALID_QUANTITY,
        ),
        (
            (OrderLine("x", "A", "A", 1, 1.0),) * 2,
            DeliveryMethod(),
            NOW,
            RoutingInputErrorCode.DUPLICATE_LINE,
        ),
        (
            (OrderLine("x", "A", "A", 1, 1.0),),
            DeliveryMethod.pickup_at("nowhere"),
            NOW,
            RoutingInputErrorCode.UNKNOWN_PICKUP_LOCATION,
        ),
        (
            (OrderLine("x", "A", "A", 1, 1.0),),
            DeliveryMethod(),
            NOW.replace(tzinfo=None),
            RoutingInputErrorCode.NAIVE_NOW,
        ),
    ],
)
def test_bad_requests_are_refused_with_a_code(lines, delivery, now, code):
    order = RoutingRequest("o", "c", lines, HERE, (location("lax", {"A": 5}, 1),), delivery)
    with pytest.raises(RoutingInputError) as raised:
        route(order, parse_ruleset({"name": "n", "rules": []}), now=now)
    assert raised.value.code == code
