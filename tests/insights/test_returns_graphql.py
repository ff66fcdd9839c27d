"""``insightsReturns`` on the staff API: who may read it, the figures per product, reasons,
refunds per currency, and refused arguments."""

from __future__ import annotations

import pytest

from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.insights import Version, apply_order
from tests.fixtures.insights_returns import move_return, request_return
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

QUERY = """
query Returns($range: OmsDateRangeInput, $channel: String, $first: Int) {
  insightsReturns(range: $range, channel: $channel, first: $first) {
    range { gte lte }
    products {
      variantId sku productName unitsSold unitsReturned returnRate
      topReasons { reason count }
    }
    refunds { currency amount }
    topReasons { reason count }
  }
}
"""
WEEK = {"gte": "2026-11-20", "lte": "2026-11-26"}


def _complete(request_id: int, refund: str) -> None:
    for target in ("approved", "received", "inspected"):
        move_return(request_id, target)
    move_return(request_id, "completed", refund=refund)


@pytest.fixture
def shop(capture_tenant):
    tenant_id = capture_tenant.pk
    # variant-0: 4 + 6 sold, 3 returned (2 damaged, 1 wrong size); variant-1: 2 sold, none back
    apply_order(tenant_id, Version(1, quantities=(4, 2)))
    apply_order(tenant_id, Version(2, quantities=(6,), channel="oms-eu", currency="EUR"))
    _complete(request_return(tenant_id, 1, [(0, 2, "damaged")], minutes=60).pk, "8.00")
    _complete(request_return(tenant_id, 2, [(0, 1, "wrong size")], minutes=60).pk, "5.50")
    # a rejected return counts nowhere
    move_return(request_return(tenant_id, 1, [(1, 1, "changed mind")]).pk, "rejected")
    return capture_tenant


def _post(client, tenant, variables, permissions=("MANAGE_ORDERS",)):
    return gql(client, QUERY, variables, api_key=make_api_key(tenant, list(permissions)))[1]


def test_products_reasons_and_refunds_per_currency(client, shop):
    data = _post(client, shop, {"range": WEEK})["data"]["insightsReturns"]
    assert data["range"] == WEEK
    assert data["products"] == [
        {
            "variantId": "variant-0",
            "sku": "SKU-0",
            "productName": "Juice",
            "unitsSold": 10,
            "unitsReturned": 3,
            "returnRate": 0.3,
            "topReasons": [{"reason": "damaged", "count": 2}, {"reason": "wrong size", "count": 1}],
        },
        {
            "variantId": "variant-1",
            "sku": "SKU-1",
            "productName": "Juice",
            "unitsSold": 2,
            "unitsReturned": 0,
            "returnRate": 0.0,
            "topReasons": [],
        },
    ]
    # money in each currency on its own, never added up
    assert data["refunds"] == [
        {"currency": "EUR", "amount": "5.5000"},
        {"currency": "USD", "amount": "8.0000"},
    ]
    assert data["topReasons"] == [
        {"reason": "damaged", "count": 2},
        {"reason": "wrong size", "count": 1},
    ]


def test_one_channel_and_the_first_products(client, shop):
    data = _post(client, shop, {"range": WEEK, "channel": "oms-eu", "first": 1})["data"]
    (product,) = data["insightsReturns"]["products"]
    assert (product["unitsSold"], product["unitsReturned"]) == (6, 1)
    assert data["insightsReturns"]["refunds"] == [{"currency": "EUR", "amount": "5.5000"}]


def test_a_range_without_sales_has_no_products(client, shop):
    data = _post(client, shop, {"range": {"gte": "2026-10-01", "lte": "2026-10-31"}})["data"]
    assert data["insightsReturns"] == {
        "range": {"gte": "2026-10-01", "lte": "2026-10-31"},
        "products": [],
        "refunds": [],
        "topReasons": [],
    }


def test_another_shops_figures_are_not_seen(client, shop):
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    data = _post(client, other, {"range": WEEK})["data"]["insightsReturns"]
    assert (data["products"], data["refunds"]) == ([], [])


def test_requires_manage_orders(client, shop):
    body = _post(client, shop, {"range": WEEK}, permissions=["MANAGE_PRODUCTS"])
    assert error_codes(body) == ["PERMISSION_DENIED"]


@pytest.mark.parametrize(
    "variables",
    [
        {"range": {"gte": "2026-11-27", "lte": "2026-11-21"}},
        {"range": {"gte": "2020-01-01", "lte": "2026-11-21"}},
        {"range": WEEK, "first": 0},
        {"range": WEEK, "first": 501},
    ],
)
def test_bad_arguments_are_refused(client, shop, variables):
    body = _post(client, shop, variables)
    assert error_codes(body) == ["INVALID_ARGUMENTS"]
    assert body["data"] is None
