"""A bulk-created order is stored in the inbox as the deliveries Saleor sends for a checkout
order in its state, once each."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.webhooks.internal import bulk_created_order_store
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.fake_saleor import seed_orders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "paid", "events"),
    [
        ("UNFULFILLED", True, ["ORDER_CREATED", "ORDER_CONFIRMED", "ORDER_FULLY_PAID"]),
        ("UNFULFILLED", False, ["ORDER_CREATED", "ORDER_CONFIRMED"]),
        ("UNCONFIRMED", True, ["ORDER_CREATED", "ORDER_FULLY_PAID"]),
    ],
)
def test_an_order_is_stored_as_the_events_of_its_state_once(capture_tenant, status, paid, events):
    order = {**seed_orders()[-1], "status": status, "isPaid": paid}

    first = bulk_created_order_store(tenant_id=capture_tenant.pk, order=order)
    again = bulk_created_order_store(tenant_id=capture_tenant.pk, order=order)

    assert (first, again) == (events, [])
    stored = Delivery.objects.filter(tenant=capture_tenant).order_by("pk")
    assert [d.event for d in stored] == events
    assert {d.payload["order"]["id"] for d in stored} == {order["id"]}
    assert stored[0].payload["__typename"] == "OrderCreated"
