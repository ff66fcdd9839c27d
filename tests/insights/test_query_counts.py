"""SQL per request of ``insights``: fixed, whatever the number of days and currencies it
covers: the API key, then the rows and the comparison, one query each. ``insightsReturns``:
the API key, the products, their reasons, the reasons overall and the refunds.
``insightsStock``: the API key, the location, the stock levels (last sale, receipt and first
movement as subqueries), velocities, forecasts and the snapshots' stock-out days."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.insights import Shipment, Version, apply_order, location_for
from tests.fixtures.insights_returns import move_return, request_return
from tests.fixtures.inventory import make_stock
from tests.fixtures.query_counts import assert_constant_queries, queries_of
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

DRILL = """
query Drill($range: OmsDateRangeInput!) {
  insightsOrders(range: $range, first: 50) {
    totalCount edges { cursor node { saleorId number total createdAt shipments } }
  }
}
"""
REPORTING = """
query Insights($range: OmsDateRangeInput!) {
  insights(range: $range) {
    rows { currency figures { orders } }
    totals { currency current { grossTotal } }
    reportingCurrency unconvertedCurrencies
    reportingTotals { currency current { orders grossTotal } previous { grossTotal } }
  }
}
"""
EXPORT = "{ insightsExport(format: XLSX) { url filename contentType expiresAt } }"
RATES = "{ exchangeRates { id currency reportingCurrency rate validFrom } }"
SCHEDULES = """
{ insightsReportSchedules { id name recipients frequency format channel lastSentAt nextSendAt } }
"""


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


def test_insights_orders(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            apply_order(capture_tenant.pk, Version(next(numbers), created_minutes=120))

    # the API key, the page (shipments counted in it), the total count
    assert_constant_queries(
        client,
        DRILL,
        grow=grow,
        rows=lambda body: len(body["data"]["insightsOrders"]["edges"]),
        expected=3,
        headers=headers,
        variables={"range": {"gte": "2026-11-21", "lte": "2026-11-21"}},
    )


def test_insights_with_reporting_totals(client, capture_tenant):
    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.insights.currencies import exchange_rate_set, reporting_currency_set

    reporting_currency_set(tenant_id=capture_tenant.pk, currency="EUR", actor=Actor.system())
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    days = itertools.count(0)
    currencies = itertools.cycle(["USD", "GBP", "EUR"])

    def grow(count):
        for _ in range(count):
            day = next(days)
            currency = next(currencies)
            apply_order(
                capture_tenant.pk,
                Version(day + 1, created_minutes=day * DAY + 120, currency=currency),
            )
            if currency != "EUR":
                exchange_rate_set(
                    tenant_id=capture_tenant.pk,
                    currency=currency,
                    rate=Decimal("0.5"),
                    valid_from=date(2026, 11, 1) + timedelta(days=day),
                    actor=Actor.system(),
                )

    # the API key, the rows, the comparison, then the reporting currency, the rows per day
    # and the rates
    assert_constant_queries(
        client,
        REPORTING,
        grow=grow,
        rows=lambda body: len(body["data"]["insights"]["rows"]),
        expected=6,
        headers=headers,
        variables={"range": {"gte": "2026-11-21", "lte": "2027-02-18"}},
    )


def test_insights_export(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    # signing the link reads nothing: the API key alone
    count, body = queries_of(
        client,
        EXPORT,
        headers=headers,
    )
    assert count == 1 and body["data"]["insightsExport"]["url"]


def test_exchange_rates(client, capture_tenant):
    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.insights.currencies import exchange_rate_set, reporting_currency_set

    reporting_currency_set(tenant_id=capture_tenant.pk, currency="EUR", actor=Actor.system())
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    days = itertools.count(0)

    def grow(count):
        for _ in range(count):
            exchange_rate_set(
                tenant_id=capture_tenant.pk,
                currency="USD",
                rate=Decimal("0.9"),
                valid_from=date(2026, 1, 1) + timedelta(days=next(days)),
                actor=Actor.system(),
            )

    assert_constant_queries(
        client,
        RATES,
        grow=grow,
        rows=lambda body: len(body["data"]["exchangeRates"]),
        expected=2,
        headers=headers,
    )


def test_insights_report_schedules(client, capture_tenant):
    from saleor_oms_plugin.insights.models import ReportSchedule

    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    numbers = itertools.count(0)

    def grow(count):
        for _ in range(count):
            ReportSchedule.objects.create(
                tenant=capture_tenant,
                name=f"Report {next(numbers)}",
                recipients=["ops@example.com"],
                frequency="weekly",
                format="csv",
            )

    assert_constant_queries(
        client,
        SCHEDULES,
        grow=grow,
        rows=lambda body: len(body["data"]["insightsReportSchedules"]),
        expected=2,
        headers=headers,
    )


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
