"""SQL per request of capture's reads: the sources and the captured orders."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource
from tests.fixtures.graphql import make_api_key
from tests.fixtures.query_counts import assert_constant_queries, edges, items

pytestmark = pytest.mark.django_db

SOURCES = """
query Sources { captureSources { id code name channelSlug warehouseId shippingMethodId
  taxClassId replayWindowSeconds isActive webhookPath createdAt } }
"""
ORDERS = """
query Orders {
  capturedOrders(first: 50) {
    totalCount
    edges { node {
      id externalReference door state saleorOrderId saleorOrderNumber attempts receivedAt
      errors { field code message }
      source { code name }
    } }
  }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


def _source(tenant, number):
    return CaptureSource.objects.create(
        tenant=tenant,
        code=f"source-{number}",
        name=f"Source {number}",
        channel_slug="default-channel",
        warehouse_id="W",
        shipping_method_id="S",
        tax_class_id="T",
        secret_encrypted="x",
    )


def test_capture_sources(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            _source(capture_tenant, next(numbers))

    # key (1), the sources (1)
    assert_constant_queries(
        client, SOURCES, grow=grow, rows=items("captureSources"), expected=2, headers=headers
    )


def test_captured_orders(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            CapturedOrder.objects.create(
                tenant=capture_tenant,
                source=_source(capture_tenant, number),
                external_reference=f"R-{number}",
                door="API",
                payload={},
                state="REFUSED",
                errors=[{"field": "lines.0", "code": "NOT_FOUND", "message": "m"}],
                received_at=timezone.now(),
            )

    # key (1), the page with its sources (1), totalCount (1)
    assert_constant_queries(
        client, ORDERS, grow=grow, rows=edges("capturedOrders"), expected=3, headers=headers
    )
