"""SQL per request of ``orders`` and ``order``: fixed, whatever the number of orders and of
what hangs off them."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.rules.models import OrderFlag
from tests.fixtures.graphql import make_api_key, make_location, make_order
from tests.fixtures.order_stories import (
    add_fulfillment,
    add_plan,
    add_shipment,
    make_order_story,
)
from tests.fixtures.query_counts import assert_constant_queries, edges

pytestmark = pytest.mark.django_db

# The Dashboard's Orders page (pages/Orders.tsx), with lines and fulfilments besides.
ORDERS = """
query Orders($first: Int) {
  orders(first: $first) {
    totalCount
    edges { node {
      id saleorId number status chargeStatus channelSlug currency totalGross userEmail createdAt
      paidAt flags { label colour createdAt } routingPlan { id state }
      lines { sku quantity } fulfillments { status lines { quantity } }
    } }
  }
}
"""
# The Dashboard's order widget (extensions/OrderWidget.tsx).
ORDER_WIDGET = """
query OrderWidget($saleorId: String, $number: String) {
  order(saleorId: $saleorId, number: $number) {
    id saleorId number status chargeStatus channelSlug currency totalGross userEmail createdAt
    paidAt flags { label colour createdAt }
    lines { saleorId sku productName variantName quantity quantityFulfilled }
    routingPlan {
      id state attempt rulesetName totalCost errorMessage createdAt reasons { code message rule }
      shipments { id state cost distanceKm location { name } lines { sku quantity } }
      backorder { sku quantity }
    }
  }
}
"""

# The read model of one order, as an integration reads it.
ORDER = """
query Order($id: ID) {
  order(id: $id) {
    number lines { sku quantity } fulfillments { status warehouseName lines { quantity } }
  }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


@pytest.fixture
def locations(capture_tenant):
    return [make_location(capture_tenant, "Los Angeles"), make_location(capture_tenant, "Reno")]


def test_orders(client, capture_tenant, headers, locations):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            make_order_story(capture_tenant, next(numbers), locations)

    # key (1), page (1), totalCount (1), lines (1), fulfilments (1), their lines (1), flags (1),
    # plans (1), their shipments with their locations (1)
    assert_constant_queries(
        client,
        ORDERS,
        grow=grow,
        rows=edges("orders"),
        expected=9,
        headers=headers,
        variables={"first": 100},
    )


def test_order(client, capture_tenant, headers, locations):
    order = make_order(capture_tenant, 1, lines=0)
    plan = add_plan(order, [])
    positions = itertools.count()

    def grow(count):
        # a line, a shipment and a flag more each
        for _ in range(count):
            position = next(positions)
            OrderLine.objects.create(
                order=order,
                saleor_id=f"line-{position}",
                product_name="Juice",
                sku=f"SKU-{position}",
                quantity=1,
                unit_price_gross=Decimal(10),
                position=position,
            )
            add_shipment(plan, locations[position % len(locations)])
            OrderFlag.objects.create(
                tenant=capture_tenant, order=order, label=f"flag {position}", colour="red"
            )

    # key (1), order (1), lines (1), flags (1), plans (1), their shipments with their
    # locations (1)
    body = assert_constant_queries(
        client,
        ORDER_WIDGET,
        grow=grow,
        rows=lambda body: len(body["data"]["order"]["lines"]),
        expected=6,
        headers=headers,
        variables={"number": order.number},
    )
    widget = body["data"]["order"]
    assert len(widget["flags"]) == len(widget["routingPlan"]["shipments"]) == 10


def test_order_with_fulfilments(client, capture_tenant, headers):
    order = make_order(capture_tenant, 1, fulfillments=0)
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            add_fulfillment(order, next(numbers))

    # key (1), order (1), lines (1), fulfilments (1), their lines (1)
    assert_constant_queries(
        client,
        ORDER,
        grow=grow,
        rows=lambda body: len(body["data"]["order"]["fulfillments"]),
        expected=5,
        headers=headers,
        variables={"id": to_global_id("OmsOrder", order.pk)},
    )
