"""``insightsOrders``: the orders behind a figure, as many as the figure counts, newest first,
page by page."""

from __future__ import annotations

import pytest
from django.db.models import Q
from graphql_relay import to_global_id

from saleor_oms_plugin.insights import drill
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import EPOCH, Shipment, Version, apply_order

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


def test_figures_not_kept_yet_are_refused_with_their_code(client, key, monkeypatch):
    monkeypatch.setattr(drill, "_SOURCES", {})
    for figure in ("NOT_FIRST_PLAN_COMPLETE", "LATE", "BACKORDERED"):
        assert error_codes(_drill(client, key, figure=figure)) == ["FIGURE_NOT_AVAILABLE"]


def test_a_figure_of_another_domain_lists_what_its_source_says(client, key, monkeypatch):
    monkeypatch.setattr(drill, "_SOURCES", {})
    drill.drill_source_register(drill.Drill.LATE, lambda tenant_id: Q(number__in=["2", "4"]))
    # the cancelled order 4 is no order of a figure but CANCELLED
    assert _numbers(_drill(client, key, figure="LATE")) == ["2"]


def test_needs_manage_orders(client, capture_tenant, key):
    _, body = gql(
        client,
        QUERY,
        {"range": WEEK},
        api_key=make_api_key(capture_tenant, ["MANAGE_PRODUCTS"]),
    )
    assert error_codes(body) == ["PERMISSION_DENIED"]
