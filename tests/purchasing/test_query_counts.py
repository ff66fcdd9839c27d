"""SQL per request of the purchasing reads: suppliers, purchase orders, one purchase order."""

from __future__ import annotations

import itertools

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseOrderLine
from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.purchasing import make_item, make_supplier
from tests.fixtures.query_counts import assert_constant_queries, edges

pytestmark = pytest.mark.django_db

SUPPLIERS = """
query Suppliers {
  suppliers(first: 100) {
    totalCount
    edges { node { id name email currency leadTimeDays items { sku unitCost packSize } } }
  }
}
"""
ORDERS = """
query Orders {
  purchaseOrders(first: 100) {
    totalCount
    edges { node {
      id number state currency expectedOn totalValue openValue openUnits pdfUrl csvUrl
      supplier { name } location { name }
      lines { id sku quantityOrdered quantityReceived unitCost }
    } }
  }
}
"""
ORDER = """
query Order($id: ID!) {
  purchaseOrder(id: $id) {
    number state totalValue openUnits csv supplier { name } location { name }
    lines { id sku quantityOrdered quantityOpen }
  }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])}


@pytest.fixture
def orders(capture_tenant):
    """``grow(n)``: n more purchase orders of two lines each, of their own suppliers."""
    la = make_location(capture_tenant, "LA")
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            n = next(numbers)
            supplier = make_supplier(capture_tenant, f"Supplier {n}")
            make_item(supplier, f"SKU-{n}")
            order = PurchaseOrder.objects.create(
                tenant=capture_tenant,
                number=f"PO-{n:06d}",
                supplier=supplier,
                location=la,
                currency="EUR",
                created_at=supplier.created_at,
                updated_at=supplier.created_at,
            )
            for sku in (f"SKU-{n}", f"OTHER-{n}"):
                PurchaseOrderLine.objects.create(
                    tenant=capture_tenant,
                    order=order,
                    variant_id=f"V-{sku}",
                    sku=sku,
                    quantity_ordered=5,
                    unit_cost=2,
                )

    return grow


def test_suppliers(client, headers, orders):
    # key (1), page (1), their items (1), totalCount (1)
    assert_constant_queries(
        client, SUPPLIERS, grow=orders, rows=edges("suppliers"), expected=4, headers=headers
    )


def test_purchase_orders(client, headers, orders):
    # key (1), page with suppliers and locations (1), their lines (1), totalCount (1)
    assert_constant_queries(
        client, ORDERS, grow=orders, rows=edges("purchaseOrders"), expected=4, headers=headers
    )


def test_purchase_order(client, capture_tenant, headers, orders):
    # one order whose lines grow: key (1), the order with supplier and location (1), lines (1)
    orders(1)
    order = PurchaseOrder.objects.get()
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            sku = f"MORE-{next(numbers)}"
            PurchaseOrderLine.objects.create(
                tenant=capture_tenant,
                order=order,
                variant_id=f"V-{sku}",
                sku=sku,
                quantity_ordered=1,
            )

    assert_constant_queries(
        client,
        ORDER,
        grow=grow,
        rows=lambda body: len(body["data"]["purchaseOrder"]["lines"]) - 2,
        expected=3,
        headers=headers,
        variables={"id": to_global_id("OmsPurchaseOrder", order.pk)},
    )
