"""SQL per request of ``insights``: fixed, whatever the number of days and currencies it
covers: the API key, then the rows and the comparison, one query each. ``insightsReturns``:
the API key, the products, their reasons, the reasons overall and the refunds.
``insightsStock``: the API key, the location, the stock levels (last sale, receipt and first
movement as subqueries), velocities, forecasts and the snapshots' stock-out days."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.insights import Version, apply_order
from tests.fixtures.insights_returns import move_return, request_return
from tests.fixtures.inventory import make_stock
from tests.fixtures.query_counts import assert_constant_queries
from tests.fixtures.stock_health import Reason, add_movement, add_snapshot, set_velocity

pytestmark = pytest.mark.django_db

# A 90-day report by day, with the comparison to the 90 days before.
INSIGHTS = """
query Insights($range: OmsDateRangeInput!) {
  insights(range: $range, groupBy: DAY) {
    range { gte lte } previousRange { gte lte }
    rows {
      period channel currency
      figures { orders units grossTotal shippedOrders splitRate shipmentsPerOrder }
    }
    totals {
      currency
      current { orders grossTotal splitRate }
      previous { orders grossTotal splitRate }
    }
  }
}
"""
DAY = 24 * 60


def test_insights(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    days = itertools.count(0)

    def grow(count):
        for _ in range(count):
            day = next(days)
            # one order on a new day of the range, and one in the previous range
            apply_order(capture_tenant.pk, Version(day * 2 + 1, created_minutes=day * DAY + 120))
            apply_order(capture_tenant.pk, Version(day * 2 + 2, created_minutes=-60 * DAY))

    body = assert_constant_queries(
        client,
        INSIGHTS,
        grow=grow,
        rows=lambda body: len(body["data"]["insights"]["rows"]),
        expected=3,
        headers=headers,
        variables={"range": {"gte": "2026-11-21", "lte": "2027-02-18"}},
    )
    (totals,) = body["data"]["insights"]["totals"]
    assert (totals["current"]["orders"], totals["previous"]["orders"]) == (10, 10)


# -- returns and stock health --------------------------------------------------------------

INSIGHTS_RETURNS = """
query Returns($range: OmsDateRangeInput!) {
  insightsReturns(range: $range, first: 20) {
    range { gte lte }
    products {
      variantId sku productName unitsSold unitsReturned returnRate topReasons { reason count }
    }
    refunds { currency amount }
    topReasons { reason count }
  }
}
"""


def test_insights_returns(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    seeded = itertools.count(1)
    variants = [0]

    def grow(count):
        # an order of every variant so far and `count` new ones; a return of the new ones
        number, total = next(seeded), variants[0] + count
        apply_order(capture_tenant.pk, Version(number, quantities=(2,) * total))
        lines = [(p, 1, ("damaged", "wrong size")[p % 2]) for p in range(variants[0], total)]
        request = request_return(capture_tenant.pk, number, lines, minutes=60)
        for target in ("approved", "received", "inspected"):
            move_return(request.pk, target)
        move_return(request.pk, "completed", refund="3.00")
        variants[0] = total

    body = assert_constant_queries(
        client,
        INSIGHTS_RETURNS,
        grow=grow,
        rows=lambda body: len(body["data"]["insightsReturns"]["products"]),
        expected=5,
        headers=headers,
        variables={"range": {"gte": "2026-11-20", "lte": "2026-11-21"}},
    )
    assert body["data"]["insightsReturns"]["refunds"] == [{"currency": "USD", "amount": "6.0000"}]


INSIGHTS_STOCK = """
query Stock($locationId: ID) {
  insightsStock(locationId: $locationId, filter: ALL) {
    asOf stockOutsLast30Days
    items {
      variantId sku locationId locationName onHand dailyDemand daysOfCover lastSoldAt
      lastReceivedAt agedDays overstockedUnits stockOutDaysLast30 liquidationCandidate reasons
    }
  }
}
"""


def test_insights_stock(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])}
    location = make_location(capture_tenant, "Dallas")
    now = timezone.now()
    seeded = itertools.count(1)

    def grow(count):
        for _ in range(count):
            stock = make_stock(capture_tenant, location, f"v-{next(seeded):03d}", on_hand=40)
            add_movement(
                stock, days_ago=120, on_hand_delta=50, reason=Reason.EXTERNAL_FEED, now=now
            )
            add_movement(stock, days_ago=100, on_hand_delta=-10, reason=Reason.FULFILMENT, now=now)
            set_velocity(stock, 0.5, now=now)
            add_snapshot(stock, days_ago=2, available=0, now=now)

    body = assert_constant_queries(
        client,
        INSIGHTS_STOCK,
        grow=grow,
        rows=lambda body: len(body["data"]["insightsStock"]["items"]),
        expected=6,
        headers=headers,
        variables={"locationId": to_global_id("OmsLocation", location.pk)},
    )
    assert body["data"]["insightsStock"]["stockOutsLast30Days"] == 10
