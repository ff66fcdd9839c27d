"""Routing against the contract pack's scenario: five US warehouses, 20 SKUs, real coordinates."""

import datetime as dt
import json
from pathlib import Path

import pytest

from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    CostParameters,
    Destination,
    OrderLine,
    ReasonCode,
    RoutingRequest,
)
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset
from saleor_oms_plugin.routing.saleor_native import SaleorStrategy, saleor_allocate

SCENARIO = Path(__file__).resolve().parents[3] / "shared" / "saleor" / "scenario.json"
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
SAN_FRANCISCO = Destination(
    Address("US", "94103", "San Francisco", "CA"), Coordinates(37.7749, -122.4194)
)

pytestmark = pytest.mark.skipif(not SCENARIO.exists(), reason="contract pack not beside the repo")


def load_scenario() -> tuple[tuple[CandidateLocation, ...], dict[str, float]]:
    data = json.loads(SCENARIO.read_text())
    weights = {v["sku"]: v["weightKg"] for v in data["variants"]}
    locations = tuple(
        CandidateLocation(
            location_id=w["slug"],
            name=w["name"],
            coordinates=Coordinates(w["lat"], w["lng"]),
            country="US",
            stock={v["sku"]: v["onHand"].get(w["slug"], 0) for v in data["variants"]},
            pickup=w["clickAndCollect"] != "DISABLED",
            priority=w["channelPriority"],
            cost=CostParameters(parcel_fixed_cost=6.0, handling_cost_per_unit=0.25),
        )
        for w in data["warehouses"]
    )
    return locations, weights


def order(lines: dict[str, int], destination: Destination = SAN_FRANCISCO) -> RoutingRequest:
    locations, weights = load_scenario()
    return RoutingRequest(
        order_id="sf-1",
        channel="oms-us",
        lines=tuple(
            OrderLine(f"line-{sku}", sku, sku, qty, weights[sku]) for sku, qty in lines.items()
        ),
        destination=destination,
        locations=locations,
    )


def ruleset(*rules: dict) -> object:
    return parse_ruleset({"name": "scenario", "rules": list(rules)})


def test_san_francisco_ships_from_los_angeles_where_saleor_picked_new_york():
    # given an order whose three lines Los Angeles and New York both hold
    request = order({"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2})
    native = saleor_allocate(request, SaleorStrategy.PRIORITIZE_SORTING_ORDER)
    assert [s.location.location_id for s in native.shipments] == ["oms-nyc"]

    # when routed by nearest
    decision = route(request, ruleset({"type": "nearest"}), now=NOW)

    # then one parcel leaves Los Angeles, ~559 km away, and the reason says why
    assert [s.location_id for s in decision.shipments] == ["oms-lax"]
    shipment = decision.shipments[0]
    assert 550 < shipment.distance_km < 565
    assert shipment.reasons[0].message == (
        "OMS Los Angeles: nearest location with all 3 lines in stock, 559 km"
    )
    assert decision.backorder == ()


def test_lowest_cost_also_picks_los_angeles_and_is_cheaper_than_native():
    request = order({"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2})
    decision = route(request, ruleset({"type": "lowest_cost"}), now=NOW)
    assert [s.location_id for s in decision.shipments] == ["oms-lax"]
    assert decision.scores["lowest_cost"] == pytest.approx(decision.total_cost)


def test_an_order_no_location_can_fill_alone_splits_the_least():
    # given lines that no single warehouse holds together: the headlamp is only in Los Angeles,
    # the skillet only in Seattle, the mug everywhere, the socks in Chicago and Los Angeles
    lines = {"OMS-SKU-004": 1, "OMS-SKU-005": 1, "OMS-SKU-001": 2, "OMS-SKU-002": 1}
    request = order(lines)
    native = saleor_allocate(request, SaleorStrategy.PRIORITIZE_SORTING_ORDER)

    # when routed with fewest shipments first
    decision = route(request, ruleset({"type": "fewest_shipments"}, {"type": "nearest"}), now=NOW)

    # then two parcels (the minimum: LA and Seattle); Saleor sends four (LA, SEA, NYC, CHI)
    assert sorted(s.location_id for s in decision.shipments) == ["oms-lax", "oms-sea"]
    assert len(native.shipments) == 4
    assert decision.backorder == ()
    shipped = {
        line.sku: line.quantity for shipment in decision.shipments for line in shipment.lines
    }
    assert shipped == lines


def test_excluding_a_tag_and_explaining_it():
    locations, _ = load_scenario()
    tagged = tuple(
        CandidateLocation(**{**loc.__dict__, "tags": frozenset({"store"})})
        if loc.location_id == "oms-lax"
        else loc
        for loc in locations
    )
    request = order({"OMS-SKU-001": 1})
    request = RoutingRequest(**{**request.__dict__, "locations": tagged})
    decision = route(
        request,
        ruleset({"type": "exclude_locations", "tags": ["store"]}, {"type": "nearest"}),
        now=NOW,
    )
    assert [s.location_id for s in decision.shipments] == ["oms-sea"]
    excluded = [r for r in decision.reasons if r.code == ReasonCode.LOCATION_EXCLUDED]
    assert [(r.location_id, r.message) for r in excluded] == [
        ("oms-lax", "OMS Los Angeles: excluded by tag store")
    ]
