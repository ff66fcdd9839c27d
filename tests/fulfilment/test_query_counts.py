"""SQL per request of the routing reads: plans, rule sets, location settings and replays."""

from __future__ import annotations

import itertools

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings, RoutingRuleSet
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant
from tests.fixtures.graphql import make_api_key, make_location, make_order
from tests.fixtures.order_stories import add_plan, add_shipment
from tests.fixtures.query_counts import assert_constant_queries, edges, queries_of

pytestmark = pytest.mark.django_db

PLAN_FIELDS = """
id state trigger attempt rulesetName rulesetVersion totalCost errorMessage createdAt
order { number lines { sku } flags { label } } reasons { code message rule }
backorder { sku quantity }
shipments { id state cost distanceKm location { name } lines { sku quantity } }
"""
# The Dashboard's Overview (pages/Overview.tsx), with what the order widget shows of a plan.
PLANS = f"""
query Plans {{ routingPlans(first: 100) {{ totalCount edges {{ node {{ {PLAN_FIELDS} }} }} }} }}
"""
PLAN = f"query Plan($id: ID!) {{ routingPlan(id: $id) {{ {PLAN_FIELDS} }} }}"
# The Dashboard's Routing page (pages/Routing.tsx).
RULE_SETS = """
query RuleSets {
  routingRuleSets(first: 50) {
    totalCount edges { node { id name channel version state document publishedAt } }
  }
}
"""
# The Dashboard's location routing settings (pages/locations/RoutingSettings.tsx).
LOCATION_ROUTING_SETTINGS = """
query LocationRoutingSettings($id: ID!) {
  locationRoutingSettings(locationId: $id) {
    tags ships pickup dailyParcelCapacity cutoffTime timeZone priority parcelFixedCost
    handlingCostPerUnit location { name }
  }
}
"""
# The Dashboard's replay (pages/Routing.tsx).
REPLAY = """
query Replay($id: ID!, $last: Int) {
  routingReplay(draftId: $id, last: $last) {
    draft
    orders {
      orderNumber error
      draft { cost shipments distanceKm backorderedUnits }
      published { cost shipments distanceKm backorderedUnits }
    }
    draftTotal { orders cost shipments distanceKm backorderedUnits }
    publishedTotal { orders cost shipments distanceKm backorderedUnits }
  }
}
"""
SF_LINES = {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}
RULES = {"rules": [{"type": "fewest_shipments"}, {"type": "nearest"}]}


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


@pytest.fixture
def locations(capture_tenant):
    return [make_location(capture_tenant, "Los Angeles"), make_location(capture_tenant, "Reno")]


def test_routing_plans(client, capture_tenant, headers, locations):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            add_plan(make_order(capture_tenant, next(numbers)), locations)

    # key (1), page with the orders (1), totalCount (1), shipments with their locations (1),
    # the orders' lines (1) and flags (1)
    assert_constant_queries(
        client, PLANS, grow=grow, rows=edges("routingPlans"), expected=6, headers=headers
    )


def test_routing_plan(client, capture_tenant, headers, locations):
    plan = add_plan(make_order(capture_tenant, 1), [])
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            add_shipment(plan, next(places))

    # key (1), plan (1), its order (1) with its lines (1) and flags (1), shipments with their
    # locations (1)
    assert_constant_queries(
        client,
        PLAN,
        grow=grow,
        rows=lambda body: len(body["data"]["routingPlan"]["shipments"]),
        expected=6,
        headers=headers,
        variables={"id": to_global_id("OmsRoutingPlan", plan.pk)},
    )


def test_routing_rule_sets(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            RoutingRuleSet.objects.create(
                tenant=capture_tenant, name=f"rules {next(numbers)}", version=1, document=RULES
            )

    # key (1), page (1), totalCount (1)
    assert_constant_queries(
        client, RULE_SETS, grow=grow, rows=edges("routingRuleSets"), expected=3, headers=headers
    )


def test_location_routing_settings(client, capture_tenant, headers, locations):
    LocationRoutingSettings.objects.create(
        tenant=capture_tenant, location=locations[0], tags=["fragile"]
    )
    # key (1), location (1), settings (1), their location (1)
    count, body = queries_of(
        client,
        LOCATION_ROUTING_SETTINGS,
        {"id": to_global_id("OmsLocation", locations[0].pk)},
        headers=headers,
    )
    assert body["data"]["locationRoutingSettings"]["location"] == {"name": "Los Angeles"}
    assert count == 4


def test_routing_replay(client, fake_saleor):
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")
    stock = SaleorStock(fake_saleor)
    headers = {"X-Api-Key": make_api_key(tenant, ["MANAGE_ORDERS"])}
    draft = RoutingRuleSet.objects.create(tenant=tenant, name="draft", version=1, document=RULES)
    numbers = itertools.count(101)

    def grow(count):
        for _ in range(count):
            import_order(tenant, stock.add_order(SF_LINES, number=next(numbers)))

    # key (1), draft (1), tenant (1), orders (1), their lines (1), the rule set published for
    # their channel (2: the channel's, the default), the channel's candidate locations (3:
    # whether it names locations, the locations, their parcels sent today)
    body = assert_constant_queries(
        client,
        REPLAY,
        grow=grow,
        rows=lambda body: len(body["data"]["routingReplay"]["orders"]),
        expected=10,
        headers=headers,
        variables={"id": to_global_id("OmsRoutingRuleSet", draft.pk), "last": 100},
    )
    assert body["data"]["routingReplay"]["draftTotal"]["orders"] == 10
