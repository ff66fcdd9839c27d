"""SQL per request of the screening reads: the review queue, a result, the configuration."""

from __future__ import annotations

import itertools

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.screening.models import ScreeningConfig, ScreeningResult
from tests.fixtures.graphql import make_api_key
from tests.fixtures.query_counts import assert_constant_queries, edges, items, queries_of
from tests.fixtures.screening import make_new_order

pytestmark = pytest.mark.django_db

QUEUE = """
query Queue {
  screeningQueue(first: 50) {
    totalCount
    edges { node {
      id state reasonCodes riskScore marks channel currency runs createdAt
      checks { check outcome code message suggestion facts }
      order { id number totalGross currency userEmail }
    } }
  }
}
"""
RESULT = """
query Result($orderId: ID!) {
  screeningResult(orderId: $orderId) {
    state reasonCodes checks { check outcome code } order { number }
  }
}
"""
CONFIGS = """
query Configs { screeningConfigs { channel document effective updatedAt updatedBy } }
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


def _held(tenant, number):
    order = make_new_order(tenant, number)
    check = {"check": "payment", "outcome": "hold", "code": "PAYMENT_MISSING", "message": "m"}
    ScreeningResult.objects.create(
        tenant=tenant,
        order=order,
        state="HELD",
        checks=[check],
        reason_codes=["PAYMENT_MISSING"],
        risk_score=10,
        channel_slug=order.channel_slug,
        currency="USD",
    )
    return order


def test_screening_queue(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            _held(capture_tenant, next(numbers))

    # key (1), page with the orders (1), totalCount (1)
    assert_constant_queries(
        client, QUEUE, grow=grow, rows=edges("screeningQueue"), expected=3, headers=headers
    )


def test_screening_result(client, capture_tenant, headers):
    order = _held(capture_tenant, 1)
    # key (1), the result (1), its order (1)
    count, body = queries_of(
        client, RESULT, {"orderId": to_global_id("OmsOrder", order.pk)}, headers=headers
    )
    assert body["data"]["screeningResult"]["reasonCodes"] == ["PAYMENT_MISSING"]
    assert count == 3


def test_screening_configs(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        # the tenant's document, then channels' overrides
        for _ in range(count):
            number = next(numbers)
            ScreeningConfig.objects.create(
                tenant=capture_tenant,
                channel_slug="" if number == 1 else f"channel-{number}",
                document={},
            )

    # key (1), the documents (1)
    assert_constant_queries(
        client, CONFIGS, grow=grow, rows=items("screeningConfigs"), expected=2, headers=headers
    )
