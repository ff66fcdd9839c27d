"""Receipts and numbering under real concurrency: several PostgreSQL connections at once."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseReceipt
from saleor_oms_plugin.purchasing.ordering import purchase_orders_from_suggestions
from saleor_oms_plugin.purchasing.receiving import Received, purchase_order_receive
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from tests.fixtures.graphql import make_location
from tests.fixtures.purchasing import BUYER, make_draft, make_item, make_low_stock, make_supplier
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _in_threads(functions):
    return at_once(functions, returning=(PurchasingError,))


def test_racing_deliveries_never_receive_more_than_was_ordered():
    # given an order of 18 mugs, sent
    tenant = make_capture_tenant()
    order = make_draft(tenant, make_location(tenant, "LA"), "MUG")
    purchase_order_send(tenant_id=tenant.pk, pk=order.pk, actor=BUYER, email=False)
    [line] = order.lines.all()

    def receive(key):
        return lambda: purchase_order_receive(
            tenant_id=tenant.pk, pk=order.pk, key=key, quantities={line.pk: 7}, actor=BUYER
        )

    # when four deliveries of 7 (two of them the same delivery, retried) race
    results = _in_threads([receive(key) for key in ("a", "a", "b", "c")])
    # then whichever two deliveries came first were received, and nothing more: 14 of 18
    received = [r for r in results if isinstance(r, Received)]
    refused = [r for r in results if isinstance(r, PurchasingError)]
    assert len(received) + len(refused) == 4, results
    assert {r.code.value for r in refused} <= {"OVER_RECEIPT"}
    assert sum(r.created for r in received) == 2
    assert PurchaseReceipt.objects.count() == 2
    # and the retried delivery counts once: taken (once, its retry answered with the same
    # receipt) or refused both times
    a_results = results[:2]
    assert all(isinstance(r, Received) for r in a_results) or all(
        isinstance(r, PurchasingError) for r in a_results
    ), results
    if isinstance(a_results[0], Received):
        assert sorted(r.created for r in a_results) == [False, True]
        assert a_results[0].receipt.pk == a_results[1].receipt.pk
    line.refresh_from_db()
    assert line.quantity_received == 14
    stock = StockLevel.objects.get(variant_id="V-MUG")
    assert stock.on_hand == 2 + 14


def test_concurrent_drafts_get_distinct_numbers():
    tenant = make_capture_tenant()
    locations = [make_location(tenant, f"Store {n}") for n in range(4)]
    acme = make_supplier(tenant)
    make_item(acme, "MUG")
    stocks = [make_low_stock(tenant, location, "MUG") for location in locations]
    _in_threads(
        [
            lambda stock=stock: purchase_orders_from_suggestions(
                tenant=tenant, actor=BUYER, stock_ids=[stock.pk]
            )
            for stock in stocks
        ]
    )
    numbers = sorted(PurchaseOrder.objects.values_list("number", flat=True))
    assert numbers == [f"PO-00000{n}" for n in range(1, 5)]
