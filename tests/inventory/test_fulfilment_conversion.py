"""A reservation held for a Saleor order converts when Saleor reports the order's fulfilment."""

from __future__ import annotations

import json

import pytest

from saleor_oms_plugin.inventory import reservations
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement, StockWriteBack
from saleor_oms_plugin.inventory.reservations import (
    RequestedLine,
    reservation_create,
    reservation_link_order,
    reservation_release,
)
from saleor_oms_plugin.webhooks.registry import handlers_for
from tests.fixtures.contract import captures
from tests.fixtures.graphql import gql, make_api_key, make_location
from tests.fixtures.inventory import OPERATOR, make_channel, make_stock

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def fulfilment():
    capture = next(c for c in captures() if c.event == "FULFILLMENT_CREATED")
    return json.loads(capture.body)


@pytest.fixture
def held(capture_tenant, fulfilment):
    """3 of 10 mugs at LA held for the captured fulfilment's order."""
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, MUG, on_hand=10, saleor_quantity=7)
    make_channel(capture_tenant, "marketplace", [la])
    reservation = reservation_create(
        tenant_id=capture_tenant.pk,
        channel_slug="marketplace",
        reference="AMZ-1",
        lines=[RequestedLine(MUG, 3)],
        actor=OPERATOR,
        order_saleor_id=fulfilment["order"]["id"],
    )
    StockWriteBack.objects.all().delete()
    return capture_tenant, reservation


def _deliver(tenant, event, payload):
    for handler in handlers_for(event):
        handler(tenant.pk, payload)


def test_the_orders_fulfilment_converts_its_reservation(held, fulfilment):
    tenant, reservation = held
    # when Saleor reports the order fulfilled (the inventory handler is registered for it)
    _deliver(tenant, "FULFILLMENT_CREATED", fulfilment)
    # then the reservation is converted and the hold given up; on hand is left to Saleor's
    # re-read (Saleor took the units out of its own stock), and Saleor is told the new target
    reservation.refresh_from_db()
    stock = StockLevel.objects.get(variant_id=MUG)
    assert reservation.state == "CONVERTED"
    assert (stock.on_hand, stock.reserved) == (10, 0)
    movement = StockMovement.objects.filter(reason="FULFILMENT").get()
    assert (movement.reserved_delta, movement.on_hand_delta) == (-3, 0)
    assert StockWriteBack.objects.filter(stock=stock, state="PENDING").exists()


def test_a_repeated_or_approving_event_changes_nothing_more(held, fulfilment):
    tenant, reservation = held
    _deliver(tenant, "FULFILLMENT_CREATED", fulfilment)
    _deliver(tenant, "FULFILLMENT_APPROVED", fulfilment)
    _deliver(tenant, "FULFILLMENT_CREATED", fulfilment)
    assert StockMovement.objects.filter(reason="FULFILMENT").count() == 1


def test_a_released_reservation_is_not_converted(held, fulfilment):
    tenant, reservation = held
    reservation_release(tenant_id=tenant.pk, reservation_id=reservation.pk, actor=OPERATOR)
    _deliver(tenant, "FULFILLMENT_CREATED", fulfilment)
    reservation.refresh_from_db()
    assert reservation.state == "RELEASED"


def test_another_orders_fulfilment_leaves_it_held(held, fulfilment):
    tenant, reservation = held
    other = {**fulfilment, "order": {**fulfilment["order"], "id": "T3JkZXI6b3RoZXI="}}
    _deliver(tenant, "FULFILLMENT_CREATED", other)
    reservation.refresh_from_db()
    assert reservation.state == "RESERVED"


def test_a_reservation_can_be_linked_to_its_order_later(capture_tenant, fulfilment):
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, MUG, on_hand=5)
    make_channel(capture_tenant, "marketplace", [la])
    reservation = reservation_create(
        tenant_id=capture_tenant.pk,
        channel_slug="marketplace",
        reference="AMZ-2",
        lines=[RequestedLine(MUG, 1)],
        actor=OPERATOR,
    )
    reservation_link_order(
        tenant_id=capture_tenant.pk,
        reservation_id=reservation.pk,
        order_saleor_id=fulfilment["order"]["id"],
        actor=OPERATOR,
    )
    _deliver(capture_tenant, "FULFILLMENT_CREATED", fulfilment)
    reservation.refresh_from_db()
    assert reservation.state == "CONVERTED"
    with pytest.raises(InventoryError) as refused:
        reservation_link_order(
            tenant_id=capture_tenant.pk,
            reservation_id=reservation.pk,
            order_saleor_id="T3JkZXI6MQ==",
            actor=OPERATOR,
        )
    assert refused.value.code.value == "ILLEGAL_TRANSITION"


def test_an_integration_links_a_reservation_to_its_saleor_order_over_graphql(
    client, capture_tenant, fulfilment
):
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, MUG, on_hand=5)
    make_channel(capture_tenant, "marketplace", [la])
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, created = gql(
        client,
        """mutation($input: OmsReservationCreateInput!) {
             reservationCreate(input: $input) { reservation { id orderId } errors { code } } }""",
        {
            "input": {
                "channel": "marketplace",
                "reference": "AMZ-3",
                "lines": [{"variantId": MUG, "quantity": 2}],
            }
        },
        api_key=key,
    )
    reservation = created["data"]["reservationCreate"]["reservation"]
    assert reservation["orderId"] is None
    _, linked = gql(
        client,
        """mutation($id: ID!, $order: String!) {
             reservationLinkOrder(id: $id, orderId: $order) {
               reservation { orderId state } errors { code } } }""",
        {"id": reservation["id"], "order": fulfilment["order"]["id"]},
        api_key=key,
    )
    assert linked["data"]["reservationLinkOrder"] == {
        "reservation": {"orderId": fulfilment["order"]["id"], "state": "RESERVED"},
        "errors": [],
    }
    _deliver(capture_tenant, "FULFILLMENT_CREATED", fulfilment)
    _, after = gql(
        client,
        "query($id: ID!) { reservation(id: $id) { state } }",
        {"id": reservation["id"]},
        api_key=key,
    )
    assert after["data"]["reservation"]["state"] == "CONVERTED"


def test_a_reservation_released_while_converting_is_skipped(held, fulfilment, monkeypatch):
    tenant, reservation = held
    finish = reservations._finish

    def released_first(**kwargs):
        # the reservation is released between the listing and the conversion
        monkeypatch.setattr(reservations, "_finish", finish)
        reservation_release(tenant_id=tenant.pk, reservation_id=reservation.pk, actor=OPERATOR)
        return finish(**kwargs)

    monkeypatch.setattr(reservations, "_finish", released_first)
    # the webhook's delivery goes through (no ILLEGAL_TRANSITION rolling it back)
    _deliver(tenant, "FULFILLMENT_CREATED", fulfilment)
    reservation.refresh_from_db()
    assert reservation.state == "RELEASED"
    assert not StockMovement.objects.filter(reason="FULFILMENT").exists()


def test_a_fulfilment_waiting_for_approval_converts_on_approval(held, fulfilment):
    tenant, reservation = held
    waiting = {
        **fulfilment,
        "fulfillment": {**fulfilment["fulfillment"], "status": "WAITING_FOR_APPROVAL"},
    }
    _deliver(tenant, "FULFILLMENT_CREATED", waiting)
    reservation.refresh_from_db()
    assert reservation.state == "RESERVED"
    approved = {**fulfilment, "fulfillment": {**fulfilment["fulfillment"], "status": "FULFILLED"}}
    _deliver(tenant, "FULFILLMENT_APPROVED", approved)
    reservation.refresh_from_db()
    assert reservation.state == "CONVERTED"
