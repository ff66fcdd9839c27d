"""``insights`` on the staff API: who may read it, grouping, the previous period and its
arguments."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from tests.fixtures.graphql import make_api_key
from tests.fixtures.insights import Shipment, Version, apply_order

pytestmark = pytest.mark.django_db

QUERY = """
query Insights($range: OmsDateRangeInput!, $groupBy: OmsInsightsGroupBy, $currency: String) {
  insights(range: $range, groupBy: $groupBy, currency: $currency) {
    previousRange { gte lte }
    rows { period channel currency figures { orders grossTotal splitRate shipmentsPerOrder } }
    totals { currency current { orders grossTotal } previous { orders grossTotal } }
  }
}
"""
DAY = 24 * 60
WEEK = {"gte": "2026-11-21", "lte": "2026-11-27"}


def _post(client, permissions, variables):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": QUERY, "variables": variables}),
        content_type="application/json",
        headers={"X-Api-Key": make_api_key(client.tenant, permissions)},
    )
    return response.json()


@pytest.fixture
def staff(client, capture_tenant):
    client.tenant = capture_tenant
    # this week: two USD orders (one split in two shipments), one EUR order in another channel
    apply_order(
        capture_tenant.pk,
        Version(1, created_minutes=120, total="10.00", shipments=(Shipment(1), Shipment(2))),
    )
    apply_order(capture_tenant.pk, Version(2, created_minutes=DAY + 120, total="5.00"))
    apply_order(
        capture_tenant.pk, Version(3, created_minutes=120, channel="oms-eu", currency="EUR")
    )
    # the week before: one USD order
    apply_order(capture_tenant.pk, Version(4, created_minutes=-3 * DAY, total="2.00"))
    return client


def test_requires_manage_orders(staff):
    body = _post(staff, ["MANAGE_PRODUCTS"], {"range": WEEK})
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_by_day_per_currency_with_the_previous_week(staff):
    data = _post(staff, ["MANAGE_ORDERS"], {"range": WEEK})["data"]["insights"]
    assert data["previousRange"] == {"gte": "2026-11-14", "lte": "2026-11-20"}
    assert [(r["period"], r["currency"], r["figures"]["orders"]) for r in data["rows"]] == [
        ("2026-11-21", "EUR", 1),
        ("2026-11-21", "USD", 1),
        ("2026-11-22", "USD", 1),
    ]
    assert data["rows"][1]["figures"]["splitRate"] == 1.0
    assert data["rows"][1]["figures"]["shipmentsPerOrder"] == 2.0
    totals = {t["currency"]: t for t in data["totals"]}
    assert totals["USD"]["current"] == {"orders": 2, "grossTotal": "15.0000"}
    assert totals["USD"]["previous"] == {"orders": 1, "grossTotal": "2.0000"}
    assert totals["EUR"]["previous"] == {"orders": 0, "grossTotal": "0.0000"}


def test_by_channel_and_one_currency(staff):
    variables = {"range": WEEK, "groupBy": "CHANNEL", "currency": "usd"}
    data = _post(staff, ["MANAGE_ORDERS"], variables)["data"]["insights"]
    assert [(r["period"], r["channel"], r["figures"]["orders"]) for r in data["rows"]] == [
        (None, "oms-us", 2)
    ]
    assert [t["currency"] for t in data["totals"]] == ["USD"]


def test_by_month(staff):
    variables = {"range": {"gte": "2026-11-01", "lte": "2026-11-30"}, "groupBy": "MONTH"}
    data = _post(staff, ["MANAGE_ORDERS"], variables)["data"]["insights"]
    assert [(r["period"], r["currency"], r["figures"]["orders"]) for r in data["rows"]] == [
        ("2026-11-01", "EUR", 1),
        ("2026-11-01", "USD", 3),
    ]


def test_the_last_30_days_by_default(staff):
    query = "{ insights { range { gte lte } previousRange { gte } } }"
    response = staff.post(
        "/graphql/",
        data=json.dumps({"query": query}),
        content_type="application/json",
        headers={"X-Api-Key": make_api_key(staff.tenant, ["MANAGE_ORDERS"])},
    )
    found = response.json()["data"]["insights"]
    today = timezone.now().astimezone(UTC).date()
    assert found["range"] == {"gte": str(today - timedelta(days=29)), "lte": str(today)}
    assert found["previousRange"] == {"gte": str(today - timedelta(days=59))}


@pytest.mark.parametrize(
    "bad", [{"gte": "2026-11-27", "lte": "2026-11-21"}, {"gte": "2024-01-01", "lte": "2026-11-21"}]
)
def test_a_backwards_or_too_long_range_is_refused(staff, bad):
    body = _post(staff, ["MANAGE_ORDERS"], {"range": bad})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENTS"
