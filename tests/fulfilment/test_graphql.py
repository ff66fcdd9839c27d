"""The routing API on /graphql/: plans on orders, rule sets, location settings, replay."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from graphql_relay import to_global_id

from saleor_oms_plugin.fulfilment.models import (
    LocationRoutingSettings,
    RoutingPlan,
    RoutingRuleSet,
)
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
SF_LINES = {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}
# No single warehouse holds all four: headlamp only in LA, skillet only in Seattle.
SPLIT_LINES = {"OMS-SKU-004": 1, "OMS-SKU-005": 1, "OMS-SKU-001": 2, "OMS-SKU-002": 1}

ROUTE = """
mutation Route($id: ID!) {
  routeOrder(orderId: $id) {
    plan { id state attempt rulesetName totalCost reasons { code message }
           shipments { id state saleorFulfillmentId location { name } lines { sku quantity } } }
    errors { field message code }
  }
}
"""
ORDER_PLANS = """
query Order($id: ID!) {
  order(id: $id) { number routingPlan { state } routingPlans { state attempt } }
}
"""
PLANS_IN_STATE = """
query Plans($state: OmsRoutingPlanState) {
  routingPlans(first: 10, state: $state) { edges { node { state } } }
}
"""
RULESETS_IN_STATE = """
query RuleSets($state: OmsRoutingRuleSetState) {
  routingRuleSets(first: 10, state: $state) { edges { node { version state } } }
}
"""
APPROVE = """
mutation Approve($id: ID!) {
  approveRoutingPlan(id: $id) { plan { state } errors { field code } }
}
"""
SHORT_PICK = """
mutation Short($id: ID!, $lines: [OmsShortPickLineInput!]!) {
  reportShortPick(shipmentId: $id, lines: $lines) { shipment { state } errors { field code } }
}
"""
RULESET_CREATE = """
mutation Create($input: OmsRoutingRuleSetInput!) {
  routingRuleSetCreate(input: $input) {
    ruleSet { id name version state channel document }
    errors { field message code }
  }
}
"""
RULESET_UPDATE = """
mutation Update($id: ID!, $input: OmsRoutingRuleSetInput!) {
  routingRuleSetUpdate(id: $id, input: $input) { ruleSet { version state } errors { field code } }
}
"""
RULESET_PUBLISH = """
mutation Publish($id: ID!) {
  routingRuleSetPublish(id: $id) { ruleSet { version state } errors { field code } }
}
"""
LOCATION_SETTINGS = """
mutation Settings($id: ID!, $input: OmsLocationRoutingSettingsInput!) {
  locationRoutingSettingsUpdate(locationId: $id, input: $input) {
    settings { tags ships dailyParcelCapacity cutoffTime timeZone parcelFixedCost location { name } }
    errors { field code }
  }
}
"""
REPLAY = """
query Replay($id: ID!, $last: Int) {
  routingReplay(draftId: $id, last: $last) {
    draft
    orders { orderNumber error draft { cost shipments distanceKm } published { cost shipments distanceKm } }
    draftTotal { orders cost shipments distanceKm }
    publishedTotal { orders cost shipments distanceKm }
  }
}
"""


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")


@pytest.fixture
def orders_key(tenant):
    return make_api_key(tenant, ["MANAGE_ORDERS"])


def _order_id(order):
    return to_global_id("OmsOrder", order.pk)


def test_route_order_applies_a_plan_and_the_order_shows_it_with_reasons(
    client, stock, tenant, orders_key, django_capture_on_commit_callbacks
):
    order = import_order(tenant, stock.add_order(SF_LINES))
    with django_capture_on_commit_callbacks(execute=True):
        status, body = gql(client, ROUTE, {"id": _order_id(order)}, api_key=orders_key)
    assert status == 200, body
    payload = body["data"]["routeOrder"]
    assert payload["errors"] == []
    plan = payload["plan"]
    # the answer comes before the apply task runs (after commit), so it shows the intent
    assert (plan["state"], plan["attempt"], plan["rulesetName"]) == (
        "APPLYING",
        1,
        "built-in default",
    )
    assert [(s["location"]["name"], s["state"]) for s in plan["shipments"]] == [
        ("OMS Los Angeles", "PENDING")
    ]
    assert "OMS Los Angeles: nearest location with all 3 lines in stock, 559 km" in [
        r["message"] for r in plan["reasons"]
    ]
    _, shown = gql(client, ORDER_PLANS, {"id": _order_id(order)}, api_key=orders_key)
    assert shown["data"]["order"]["routingPlan"] == {"state": "APPLIED"}
    assert shown["data"]["order"]["routingPlans"] == [{"state": "APPLIED", "attempt": 1}]
    # the plan list filters by state
    for state, expected in (("APPLIED", [{"state": "APPLIED"}]), ("PROPOSED", [])):
        _, listed = gql(client, PLANS_IN_STATE, {"state": state}, api_key=orders_key)
        assert [e["node"] for e in listed["data"]["routingPlans"]["edges"]] == expected
    # approving an applied plan is refused in the payload, with the exact code
    _, again = gql(client, APPROVE, {"id": plan["id"]}, api_key=orders_key)
    assert again["data"]["approveRoutingPlan"] == {
        "plan": None,
        "errors": [{"field": "state", "code": "ILLEGAL_TRANSITION"}],
    }
    # a short pick on it is accepted (the rest is covered in test_fulfilment_webhooks)
    shipment = plan["shipments"][0]["id"]
    _, short = gql(
        client,
        SHORT_PICK,
        {"id": shipment, "lines": [{"lineId": "nope", "missing": 1}]},
        api_key=orders_key,
    )
    assert short["data"]["reportShortPick"]["errors"] == [
        {"field": "lines", "code": "INVALID_QUANTITY"}
    ]


def test_routing_needs_manage_orders_and_nothing_is_created_without_it(
    client, stock, tenant, fake_saleor
):
    order = import_order(tenant, stock.add_order(SF_LINES))
    products_key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    status, body = gql(client, ROUTE, {"id": _order_id(order)}, api_key=products_key)
    assert status == 200
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert not RoutingPlan.objects.exists()
    assert fake_saleor.graphql_requests() == []


def test_another_tenant_can_neither_see_nor_approve_a_plan(
    client, stock, tenant, orders_key, django_capture_on_commit_callbacks
):
    tenant.settings = {"routing": {"trigger": "manual", "require_approval": True}}
    tenant.save()
    order = import_order(tenant, stock.add_order(SF_LINES))
    with django_capture_on_commit_callbacks(execute=True):
        _, body = gql(client, ROUTE, {"id": _order_id(order)}, api_key=orders_key)
    plan_id = body["data"]["routeOrder"]["plan"]["id"]
    assert body["data"]["routeOrder"]["plan"]["state"] == "PROPOSED"
    other = make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/", app_id="QXBwOjc=")
    other_key = make_api_key(other, ["MANAGE_ORDERS"])

    _, seen = gql(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": plan_id}, api_key=other_key
    )
    _, approved = gql(client, APPROVE, {"id": plan_id}, api_key=other_key)

    assert seen["data"]["node"] is None
    assert approved["data"]["approveRoutingPlan"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    assert RoutingPlan.objects.get().state == "proposed"
    # while its own tenant approves it
    with django_capture_on_commit_callbacks(execute=True):
        _, mine = gql(client, APPROVE, {"id": plan_id}, api_key=orders_key)
    assert mine["data"]["approveRoutingPlan"] == {"plan": {"state": "APPLYING"}, "errors": []}
    assert RoutingPlan.objects.get().state == "applied"


def test_rule_sets_are_drafted_validated_published_and_frozen(client, tenant, orders_key):
    # an invalid document is refused with the path of the problem
    _, bad = gql(
        client,
        RULESET_CREATE,
        {"input": {"name": "west", "document": json.dumps({"rules": [{"type": "teleport"}]})}},
        api_key=orders_key,
    )
    assert bad["data"]["routingRuleSetCreate"]["errors"][0]["code"] == "INVALID_RULESET"
    assert bad["data"]["routingRuleSetCreate"]["errors"][0]["field"] == "document.rules[0].type"
    assert not RoutingRuleSet.objects.exists()
    # a valid one becomes draft version 1
    document = {"rules": [{"type": "nearest"}]}
    _, created = gql(
        client,
        RULESET_CREATE,
        {"input": {"name": "west", "document": json.dumps(document)}},
        api_key=orders_key,
    )
    ruleset = created["data"]["routingRuleSetCreate"]["ruleSet"]
    assert (ruleset["version"], ruleset["state"], ruleset["channel"]) == (1, "DRAFT", None)
    assert json.loads(ruleset["document"]) == document
    # drafts change; published sets do not
    cheaper = json.dumps({"rules": [{"type": "lowest_cost"}]})
    _, updated = gql(
        client,
        RULESET_UPDATE,
        {"id": ruleset["id"], "input": {"document": cheaper}},
        api_key=orders_key,
    )
    assert updated["data"]["routingRuleSetUpdate"]["errors"] == []
    _, published = gql(client, RULESET_PUBLISH, {"id": ruleset["id"]}, api_key=orders_key)
    assert published["data"]["routingRuleSetPublish"]["ruleSet"] == {
        "version": 1,
        "state": "PUBLISHED",
    }
    _, frozen = gql(
        client,
        RULESET_UPDATE,
        {"id": ruleset["id"], "input": {"document": cheaper}},
        api_key=orders_key,
    )
    assert frozen["data"]["routingRuleSetUpdate"]["errors"] == [
        {"field": "id", "code": "RULESET_NOT_DRAFT"}
    ]
    # the next draft of the name is version 2; publishing it archives version 1
    _, second = gql(
        client, RULESET_CREATE, {"input": {"name": "west", "document": cheaper}}, api_key=orders_key
    )
    second_id = second["data"]["routingRuleSetCreate"]["ruleSet"]["id"]
    gql(client, RULESET_PUBLISH, {"id": second_id}, api_key=orders_key)
    assert list(RoutingRuleSet.objects.order_by("version").values_list("version", "state")) == [
        (1, "archived"),
        (2, "published"),
    ]
    _, archived = gql(client, RULESETS_IN_STATE, {"state": "ARCHIVED"}, api_key=orders_key)
    assert [e["node"] for e in archived["data"]["routingRuleSets"]["edges"]] == [
        {"version": 1, "state": "ARCHIVED"}
    ]


def test_location_settings_need_manage_products_or_orders_and_are_validated(client, tenant):
    location = Location.objects.get(tenant=tenant, name="OMS Seattle")
    location_id = to_global_id("OmsLocation", location.pk)
    products_key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    shipping_key = make_api_key(tenant, ["MANAGE_SHIPPING"], name="shipping")
    changes = {
        "tags": ["store", "west"],
        "dailyParcelCapacity": 40,
        "cutoffTime": "15:30",
        "timeZone": "America/Los_Angeles",
        "parcelFixedCost": 6.5,
    }
    _, body = gql(
        client, LOCATION_SETTINGS, {"id": location_id, "input": changes}, api_key=products_key
    )
    assert body["data"]["locationRoutingSettingsUpdate"] == {
        "settings": {
            "tags": ["store", "west"],
            "ships": True,
            "dailyParcelCapacity": 40,
            "cutoffTime": "15:30:00",
            "timeZone": "America/Los_Angeles",
            "parcelFixedCost": 6.5,
            "location": {"name": "OMS Seattle"},
        },
        "errors": [],
    }
    _, bad = gql(
        client,
        LOCATION_SETTINGS,
        {"id": location_id, "input": {"timeZone": "Mars/Olympus"}},
        api_key=products_key,
    )
    assert bad["data"]["locationRoutingSettingsUpdate"]["errors"] == [
        {"field": "time_zone", "code": "INVALID_SETTINGS"}
    ]
    assert LocationRoutingSettings.objects.get().time_zone == "America/Los_Angeles"
    _, refused = gql(
        client,
        LOCATION_SETTINGS,
        {"id": location_id, "input": {"ships": False}},
        api_key=shipping_key,
    )
    assert error_codes(refused) == ["PERMISSION_DENIED"]
    assert LocationRoutingSettings.objects.get().ships is True


def test_replay_reports_a_draft_against_the_published_rule_set(client, stock, tenant, orders_key):
    # given two orders: one Los Angeles can send whole, one no warehouse holds alone
    import_order(tenant, stock.add_order(SF_LINES, number=101))
    import_order(tenant, stock.add_order(SPLIT_LINES, number=102))
    # and a draft that keeps Los Angeles out (say, it is being refitted)
    los_angeles = stock.warehouse_ids["oms-lax"]
    rules = [
        {"type": "exclude_locations", "location_ids": [los_angeles]},
        {"type": "fewest_shipments"},
        {"type": "nearest"},
    ]
    _, created = gql(
        client,
        RULESET_CREATE,
        {"input": {"name": "without LA", "document": json.dumps({"rules": rules})}},
        api_key=orders_key,
    )
    draft_id = created["data"]["routingRuleSetCreate"]["ruleSet"]["id"]

    # when it is replayed over the last two orders against the built-in default
    _, body = gql(client, REPLAY, {"id": draft_id, "last": 2}, api_key=orders_key)

    # then each order and the totals compare shipments, cost and distance
    report = body["data"]["routingReplay"]
    assert report["draft"] == "without LA v1"
    rows = {row["orderNumber"]: row for row in report["orders"]}
    assert list(rows) == ["102", "101"]
    # San Francisco: Los Angeles (559 km) published, Chicago (~2,990 km) in the draft
    assert rows["101"]["published"] == {"cost": 1.92, "shipments": 1, "distanceKm": 558.6}
    assert rows["101"]["draft"]["shipments"] == 1
    assert 2950 < rows["101"]["draft"]["distanceKm"] < 3000
    assert rows["101"]["draft"]["cost"] > rows["101"]["published"]["cost"]
    # the split order: two parcels either way, but the headlamp exists only in Los Angeles
    assert rows["102"]["published"]["shipments"] == 2
    assert rows["102"]["draft"]["shipments"] == 2
    for side in ("draft", "published"):
        total = report[f"{side}Total"]
        assert total["orders"] == 2
        assert total["shipments"] == sum(row[side]["shipments"] for row in rows.values())
        assert total["cost"] == pytest.approx(sum(row[side]["cost"] for row in rows.values()))
        assert total["distanceKm"] == pytest.approx(
            sum(row[side]["distanceKm"] for row in rows.values())
        )
    assert report["draftTotal"] == {
        "orders": 2,
        "cost": 13.84,
        "shipments": 3,
        "distanceKm": 7064.5,
    }
    assert report["publishedTotal"] == {
        "orders": 2,
        "cost": 10.68,
        "shipments": 3,
        "distanceKm": 2211.1,
    }
    # nothing was stored or sent
    assert not RoutingPlan.objects.exists()

    # and the command line prints the same comparison
    out = StringIO()
    ruleset_pk = RoutingRuleSet.objects.get().pk
    call_command(
        "route",
        "replay",
        "--tenant",
        str(tenant.pk),
        "--draft",
        str(ruleset_pk),
        "--last",
        "2",
        "--json",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert printed["draft_total"]["shipments"] == report["draftTotal"]["shipments"]
    assert printed["published_total"]["shipments"] == report["publishedTotal"]["shipments"]
