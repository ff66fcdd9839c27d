"""Carts under real concurrency: deliveries of one checkout (and its order) processed by
several workers at the same moment, each on its own PostgreSQL connection."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Sum

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.inventory.models import Reservation, StockLevel
from tests.fixtures.checkout import (
    MUG,
    checkout_event,
    deliver,
    later,
    make_shop,
    order_created_event,
)
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "5e0c9b7e-2a55-4c0e-9f0f-7d6a1c3b2e10"
HANDLERS = "saleor_oms_plugin.checkout.handlers"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _in_threads(functions):
    # each as the processor runs a delivery's handlers: in a transaction
    return at_once([_atomically(function) for function in functions])


def _atomically(function):
    def run():
        with transaction.atomic():
            return function()

    return run


def _event(tenant, quantity, minutes):
    payload = checkout_event(token=TOKEN, lines={MUG: quantity}, updated=later(minutes))
    return lambda: deliver(tenant, "CHECKOUT_UPDATED", payload)


def test_concurrent_versions_of_a_checkout_end_holding_the_newest_once():
    shop = make_shop(make_capture_tenant())
    # eight versions of one checkout (and a duplicate of the newest) processed at once
    _in_threads([_event(shop.tenant, n, n) for n in range(1, 9)] + [_event(shop.tenant, 8, 8)])
    # then one cart holds the newest lines, once, whatever order the workers ran in
    cart = Cart.objects.get()
    assert cart.lines[0]["quantity"] == 8
    held = Reservation.objects.filter(state="RESERVED")
    assert held.count() == 1 and cart.reservation_id == held.get().pk
    assert StockLevel.objects.aggregate(total=Sum("held"))["total"] == 8


def test_an_order_racing_its_checkouts_last_event_leaves_nothing_held():
    shop = make_shop(make_capture_tenant())
    _event(shop.tenant, 2, 1)()
    order = order_created_event(order_id="T3JkZXI6OQ==", checkout_token=TOKEN)
    _in_threads(
        [
            _event(shop.tenant, 3, 2),
            lambda: deliver(shop.tenant, "ORDER_CREATED", order, only=HANDLERS),
        ]
    )
    # whichever ran first, the cart is ordered and nothing stays held
    assert Cart.objects.get().state == "ORDERED"
    assert not Reservation.objects.filter(state="RESERVED").exists()
    assert StockLevel.objects.aggregate(total=Sum("held"))["total"] == 0
