"""SQL per request of the outbound availability reads: subscriptions and deliveries."""

from __future__ import annotations

import itertools

import pytest

from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from tests.fixtures.graphql import make_api_key
from tests.fixtures.query_counts import assert_constant_queries, edges, items

pytestmark = pytest.mark.django_db

# The Dashboard's availability page (pages/stock/Availability.tsx).
SUBSCRIPTIONS = """
query Subscriptions { availabilitySubscriptions { id name url channels isActive createdAt } }
"""
DELIVERIES = """
query Deliveries {
  availabilityDeliveries(first: 50) {
    totalCount
    edges { node {
      id sequence itemCount state attempts lastStatus lastError createdAt subscription { id name }
    } }
  }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])}


def _subscription(tenant, number):
    return AvailabilitySubscription.objects.create(
        tenant=tenant,
        name=f"marketplace {number}",
        url=f"https://example.com/{number}",
        secret_encrypted="not read here",
        channel_slugs=["oms-us"],
    )


def test_availability_subscriptions(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            _subscription(capture_tenant, next(numbers))

    # key (1), subscriptions (1)
    assert_constant_queries(
        client,
        SUBSCRIPTIONS,
        grow=grow,
        rows=items("availabilitySubscriptions"),
        expected=2,
        headers=headers,
    )


def test_availability_deliveries(client, capture_tenant, headers):
    subscriptions = [_subscription(capture_tenant, number) for number in (1, 2)]
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            AvailabilityDelivery.objects.create(
                tenant=capture_tenant,
                subscription=subscriptions[number % 2],
                delivery_id=f"delivery-{number}",
                sequence=number,
                item_count=1,
                payload={"items": []},
            )

    # key (1), page with the subscriptions (1), totalCount (1)
    assert_constant_queries(
        client,
        DELIVERIES,
        grow=grow,
        rows=edges("availabilityDeliveries"),
        expected=3,
        headers=headers,
    )
