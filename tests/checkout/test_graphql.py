"""Staff read the carts: per channel, holding or not, each tenant its own; carts arrive over
the real webhook intake."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.checkout import (
    MUG,
    SOCKS,
    checkout_event,
    checkout_gid,
    deliver,
    later,
    make_shop,
)
from tests.fixtures.deliveries import LocalSigner, django_client_headers
from tests.fixtures.fulfilment import make_routing_tenant
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
CARTS = """
query Carts($channel: String, $holding: Boolean, $state: OmsCartState) {
  carts(first: 20, channel: $channel, holding: $holding, state: $state) {
    totalCount
    edges { node { checkoutId channel state holding totalGross held { quantity location { name } } } }
  }
}
"""


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _carts(client, key, **variables):
    status, body = gql(client, CARTS, variables, api_key=key)
    assert status == 200 and "errors" not in body, body
    return [edge["node"] for edge in body["data"]["carts"]["edges"]]


def test_staff_list_carts_by_channel_and_hold(client, capture_tenant):
    shop = make_shop(capture_tenant)
    deliver(
        shop.tenant, "CHECKOUT_UPDATED", checkout_event(token="a", lines={MUG: 2}, updated=later(1))
    )
    deliver(shop.tenant, "CHECKOUT_UPDATED", checkout_event(token="b", lines={}, updated=later(2)))
    deliver(
        shop.tenant,
        "CHECKOUT_UPDATED",
        checkout_event(token="c", lines={SOCKS: 1}, updated=later(3), channel="marketplace"),
    )
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    # every cart, newest first
    assert [n["checkoutId"] for n in _carts(client, key)] == [
        checkout_gid(t) for t in ("c", "b", "a")
    ]
    # those holding stock in the Saleor channel
    (held,) = _carts(client, key, channel="default-channel", holding=True)
    assert held["checkoutId"] == checkout_gid("a") and held["holding"] is True
    assert held["held"] == [{"quantity": 2, "location": {"name": "NY"}}]
    assert Decimal(held["totalGross"]) == Decimal("42.50")
    # and those holding nothing
    assert [n["checkoutId"] for n in _carts(client, key, holding=False)] == [checkout_gid("b")]
    assert _carts(client, key, state="EXPIRED") == []


def test_carts_need_manage_orders_and_stay_in_their_tenant(client, capture_tenant):
    shop = make_shop(capture_tenant)
    deliver(
        shop.tenant, "CHECKOUT_UPDATED", checkout_event(token="a", lines={MUG: 1}, updated=later(1))
    )
    other = make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/", app_id="QXBwOjc=")
    # another installation sees none of them
    assert _carts(client, make_api_key(other, ["MANAGE_ORDERS"])) == []
    # and a key without MANAGE_ORDERS is refused
    _, body = gql(client, CARTS, api_key=make_api_key(capture_tenant, ["MANAGE_PRODUCTS"]))
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_a_signed_checkout_delivery_holds_the_cart_through_the_intake(
    client, fake_saleor, django_capture_on_commit_callbacks
):
    signer = LocalSigner.generate()
    tenant = make_routing_tenant(fake_saleor, signer)
    make_shop(tenant)
    body = json.dumps(
        checkout_event(token="t1", lines={MUG: 3}, updated=later(1), event_type="CheckoutCreated")
    ).encode()
    headers = {
        "Saleor-Event": "checkout_created",
        "Saleor-Signature": signer.sign(body),
        "Saleor-Api-Url": fake_saleor.url,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/webhooks/checkouts/",
            data=body,
            content_type="application/json",
            **django_client_headers(headers),
        )
    assert response.status_code == 200
    delivery = Delivery.objects.get(tenant=tenant)
    assert (delivery.event, delivery.status, delivery.outcome) == (
        "CHECKOUT_CREATED",
        "done",
        "created",
    )
    cart = Cart.objects.get(tenant=tenant)
    assert cart.reservation is not None and cart.reservation.state == "RESERVED"
