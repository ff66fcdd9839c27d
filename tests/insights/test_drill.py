"""``insightsOrders``: the orders behind a figure, as many as the figure counts, newest first,
page by page."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.tenants.services import tenant_settings_update
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import (
    EPOCH,
    Plan,
    Shipment,
    Version,
    apply_order,
    apply_plan,
    settle_promise,
)

pytestmark = pytest.mark.django_db

QUERY = """
query Drill($range: OmsDateRangeInput!, $figure: OmsInsightsDrill, $channel: String,
            $currency: String, $locationId: ID, $first: Int, $after: String) {
  insightsOrders(range: $range, figure: $figure, channel: $channel, currency: $currency,
                 locationId: $locationId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { saleorId number channel currency total status createdAt shipments } }
  }
}
"""
FIGURES = """
query Figures($range: OmsDateRangeInput!) {
  insights(range: $range) { totals { currency current { orders cancelledOrders shippedOrders splitOrders } } }
}
"""
DAY = 24 * 60
WEEK = {"gte": "2026-11-21", "lte": "2026-11-27"}
WAREHOUSE = "V2FyZWhvdXNlOjE="
STAFF = Actor("staff", "VXNlcjox")


@pytest.fixture
def key(capture_tenant):
    tenant = capture_tenant.pk
    apply_order(tenant, Version(1, created_minutes=120, shipments=(Shipment(1), Shipment(2))))
    apply_order(
        tenant, Version(2, created_minutes=DAY + 120, shipments=(Shipment(1, warehouse="other"),))
    )
    apply_order(tenant, Version(3, created_minutes=2 * DAY + 120))
    apply_order(tenant, Version(4, created_minutes=2 * DAY + 180, status="CANCELED"))
    apply_order(tenant, Version(5, created_minutes=180, currency="EUR", channel="oms-eu"))
    apply_order(tenant, Version(6, created_minutes=200, status="DRAFT"))
    apply_order(tenant, Version(7, created_minutes=-3 * DAY))  # the week before
    return make_api_key(capture_tenant, ["MANAGE_ORDERS"])


def _drill(client, key, **variables):
    status, body = gql(client, QUERY, {"range": WEEK, **variables}, api_key=key)
    assert status == 200
    return body


def _numbers(body):
    return [edge["node"]["number"] for edge in body["data"]["insightsOrders"]["edges"]]


def test_each_figure_lists_as_many_orders_as_it_counts(client, key):
    _, body = gql(client, FIGURES, {"range": WEEK}, api_key=key)
    counted = {t["currency"]: t["current"] for t in body["data"]["insights"]["totals"]}
    usd = counted["USD"]

    assert _numbers(_drill(client, key, currency="usd")) == ["3", "2", "1"]  # newest first
    assert _numbers(_drill(client, key, figure="CANCELLED")) == ["4"]
    assert _numbers(_drill(client, key, figure="SHIPPED")) == ["2", "1"]
    assert _numbers(_drill(client, key, figure="SPLIT")) == ["1"]
    assert _numbers(_drill(client, key, channel="oms-eu")) == ["5"]
    assert (usd["orders"], usd["cancelledOrders"], usd["shippedOrders"], usd["splitOrders"]) == (
        3,
        1,
        2,
        1,
    )


def test_the_order_as_listed(client, key):
    (edge,) = _drill(client, key, figure="SPLIT")["data"]["insightsOrders"]["edges"]
    assert edge["node"] == {
        "saleorId": "order-1",
        "number": "1",
        "channel": "oms-us",
        "currency": "USD",
        "total": "10.0000",
        "status": "UNFULFILLED",
        "createdAt": "2026-11-21T01:00:00+00:00",
        "shipments": 2,
    }


def test_pages_follow_the_cursor(client, key):
    first = _drill(client, key, first=2)["data"]["insightsOrders"]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["number"] for e in first["edges"]] == ["3", "2"]
    rest = _drill(client, key, first=2, after=first["pageInfo"]["endCursor"])["data"]
    assert _numbers({"data": rest}) == ["5", "1"]
    assert rest["insightsOrders"]["pageInfo"]["hasNextPage"] is False


def test_by_location_keeps_the_orders_it_shipped(client, capture_tenant, key):
    location = Location.objects.create(
        tenant=capture_tenant, saleor_id=WAREHOUSE, name="LA", source_issued_at=EPOCH
    )
    body = _drill(client, key, locationId=to_global_id("OmsLocation", location.pk))
    assert _numbers(body) == ["1"]


ORDER_FLOW = """
query Figures($range: OmsDateRangeInput!, $channel: String) {
  insights(range: $range, channel: $channel) {
    totals { currency current {
      shippedOrders firstPlanCompleteOrders shipJudgedOrders shippedOnTime backorderedOrders
    } }
  }
}
"""
DRILLED = {
    "NOT_FIRST_PLAN_COMPLETE": lambda f: f["shippedOrders"] - f["firstPlanCompleteOrders"],
    "LATE": lambda f: f["shipJudgedOrders"] - f["shippedOnTime"],
    "BACKORDERED": lambda f: f["backorderedOrders"],
}


def _order_flow(tenant: int) -> None:
    """Orders of the week with plans, backorders and promises (10-15), beside those of ``key``."""
    shipped = (Shipment(1),)
    apply_order(tenant, Version(10, created_minutes=60, status="FULFILLED", shipments=shipped))
    apply_plan(tenant, Plan(10))  # complete from its first plan
    settle_promise(tenant, 10, kept=True)
    apply_order(tenant, Version(11, created_minutes=DAY, status="FULFILLED", shipments=shipped))
    apply_plan(tenant, Plan(11, backorder=(1,)))  # shipped, backordered, late
    settle_promise(tenant, 11, kept=False)
    apply_order(tenant, Version(12, created_minutes=2 * DAY))
    apply_plan(tenant, Plan(12, backorder=(2,)))  # backordered, not shipped: no fill-rate order
    apply_order(tenant, Version(13, created_minutes=3 * DAY, shipments=shipped))
    apply_plan(tenant, Plan(13, state="superseded"))  # re-routed: not complete from the first
    apply_plan(tenant, Plan(13, decided_minutes=3 * DAY + 60))
    settle_promise(tenant, 13, kept=False)
    apply_order(tenant, Version(14, created_minutes=3 * DAY + 60, status="CANCELED"))
    apply_plan(tenant, Plan(14, backorder=(1,)))  # cancelled: in no figure but CANCELLED
    apply_order(tenant, Version(15, created_minutes=4 * DAY, currency="EUR", shipments=shipped))


def test_the_order_flow_figures_list_as_many_orders_as_they_count(client, capture_tenant, key):
    _order_flow(capture_tenant.pk)
    _, body = gql(client, ORDER_FLOW, {"range": WEEK}, api_key=key)
    counted = {t["currency"]: t["current"] for t in body["data"]["insights"]["totals"]}
    listed = {
        figure: {
            currency: _numbers(_drill(client, key, figure=figure, currency=currency))
            for currency in ("USD", "EUR")
        }
        for figure in DRILLED
    }
    # orders 1 and 2 of ``key`` shipped with no plan: not complete from a first plan
    assert listed == {
        "NOT_FIRST_PLAN_COMPLETE": {"USD": ["13", "2", "11", "1"], "EUR": ["15"]},
        "LATE": {"USD": ["13", "11"], "EUR": []},
        "BACKORDERED": {"USD": ["12", "11"], "EUR": []},
    }
    for figure, count in DRILLED.items():
        for currency, figures in counted.items():
            assert len(listed[figure][currency]) == count(figures), (figure, currency)
    # totalCount says the same, for every currency at once
    for figure, numbers in listed.items():
        connection = _drill(client, key, figure=figure)["data"]["insightsOrders"]
        assert connection["totalCount"] == sum(len(n) for n in numbers.values())


def test_the_order_flow_figures_by_channel(client, capture_tenant, key):
    _order_flow(capture_tenant.pk)
    apply_order(capture_tenant.pk, Version(20, channel="oms-eu", created_minutes=60))
    apply_plan(capture_tenant.pk, Plan(20, backorder=(1,)))
    for channel, expected in (("oms-eu", ["20"]), ("oms-us", ["12", "11"])):
        _, body = gql(client, ORDER_FLOW, {"range": WEEK, "channel": channel}, api_key=key)
        (usd,) = [
            t["current"] for t in body["data"]["insights"]["totals"] if t["currency"] == "USD"
        ]
        listed = _numbers(_drill(client, key, figure="BACKORDERED", channel=channel))
        assert listed == expected and len(listed) == usd["backorderedOrders"]


def test_the_list_follows_the_reporting_time_zone_as_the_figures_do(client, capture_tenant, key):
    # given a tenant reporting in Auckland (UTC+13 in November): order 1, created at 01:00 UTC
    # on the 21st, counts on the 21st there too, order 7 (23:00 UTC on the 17th) on the 18th
    tenant = capture_tenant.pk
    tenant_settings_update(
        tenant_id=tenant, changes={"insights": {"time_zone": "Pacific/Auckland"}}, actor=STAFF
    )
    rollups_rebuild(tenant_id=tenant)
    day = {"gte": "2026-11-18", "lte": "2026-11-18"}
    _, body = gql(client, FIGURES, {"range": day}, api_key=key)
    (usd,) = body["data"]["insights"]["totals"]
    assert usd["current"]["orders"] == 1
    assert _numbers(_drill(client, key, range=day)) == ["7"]


def test_a_location_narrows_the_counts_and_refuses_the_per_order_figures(
    client, capture_tenant, key
):
    _order_flow(capture_tenant.pk)
    location = Location.objects.get(tenant=capture_tenant, saleor_id=WAREHOUSE)
    location_id = to_global_id("OmsLocation", location.pk)
    # what the location shipped some of, per figure it holds
    assert _numbers(_drill(client, key, locationId=location_id)) == ["15", "13", "11", "1", "10"]
    assert _numbers(_drill(client, key, figure="SPLIT", locationId=location_id)) == ["1"]
    for figure in DRILLED:
        body = _drill(client, key, figure=figure, locationId=location_id)
        assert error_codes(body) == ["FIGURE_NOT_AVAILABLE"]


def test_needs_manage_orders(client, capture_tenant, key):
    _, body = gql(
        client,
        QUERY,
        {"range": WEEK},
        api_key=make_api_key(capture_tenant, ["MANAGE_PRODUCTS"]),
    )
    assert error_codes(body) == ["PERMISSION_DENIED"]
