"""SQL per request of ``insights``: fixed, whatever the number of days and currencies it
covers: the API key, then the rows and the comparison, one query each."""

from __future__ import annotations

import itertools

import pytest

from tests.fixtures.graphql import make_api_key
from tests.fixtures.insights import Shipment, Version, apply_order, location_for
from tests.fixtures.query_counts import assert_constant_queries

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


BY_LOCATION = """
query Insights($range: OmsDateRangeInput!) {
  insights(range: $range, groupBy: LOCATION) {
    rows {
      location locationName currency
      figures { shipments unitsShipped routingCost shortPicks cycleTimes { paidToShipped { p50Hours } } }
    }
    totals { currency current { shipments shortPicks } }
  }
}
"""


def test_insights_by_location(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            # an order shipped from a location of its own, which the OMS knows by name
            warehouse = f"warehouse-{number}"
            location_for(capture_tenant.pk, warehouse)
            apply_order(
                capture_tenant.pk,
                Version(number, created_minutes=120, shipments=(Shipment(1, warehouse),)),
            )

    # the API key, the rows, the locations' names, the comparison
    assert_constant_queries(
        client,
        BY_LOCATION,
        grow=grow,
        rows=lambda body: len(body["data"]["insights"]["rows"]),
        expected=4,
        headers=headers,
        variables={"range": {"gte": "2026-11-20", "lte": "2026-11-21"}},
    )
