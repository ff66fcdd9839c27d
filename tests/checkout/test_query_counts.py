"""SQL per request of the carts list: fixed, whatever the number of carts and held lines."""

from __future__ import annotations

import itertools
import uuid

import pytest

from tests.fixtures.checkout import MUG, SOCKS, checkout_event, deliver, later, make_shop
from tests.fixtures.graphql import make_api_key
from tests.fixtures.query_counts import assert_constant_queries, edges

pytestmark = pytest.mark.django_db

# What staff read of the carts holding stock (the Dashboard will ask for this).
CARTS = """
query Carts($channel: String) {
  carts(first: 50, channel: $channel, holding: true) {
    totalCount
    edges { node {
      id checkoutId token channel state email currency totalGross
      lines { variantId sku quantity }
      holding held { variantId quantity location { id name } }
      holdProblem reservationReference orderId lastChangeAt expiresAt abandonedAt createdAt
    } }
  }
}
"""


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def test_carts(client, capture_tenant):
    shop = make_shop(capture_tenant)
    for level in shop.stock("NY"), shop.stock("LA"), shop.stock("NY", SOCKS):
        level.on_hand = 1000
        level.save(update_fields=["on_hand"])
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    minutes = itertools.count()

    def grow(count):
        for _ in range(count):
            # 600 mugs and a pair of socks per cart: NY's mugs run out in the second cart
            payload = checkout_event(
                token=str(uuid.uuid4()), lines={MUG: 600, SOCKS: 1}, updated=later(next(minutes))
            )
            deliver(capture_tenant, "CHECKOUT_UPDATED", payload)
        shop.stock("NY").refresh_from_db()

    # key (1), count (1), carts with their reservations (1), held lines with locations (1)
    body = assert_constant_queries(
        client,
        CARTS,
        grow=grow,
        rows=edges("carts"),
        expected=4,
        headers=headers,
        variables={"channel": "default-channel"},
        sizes=(1, 3),
    )
    node = body["data"]["carts"]["edges"][0]["node"]
    assert node["holding"] is True and sum(line["quantity"] for line in node["held"]) == 601
    # the middle cart's mugs came from both locations
    middle = body["data"]["carts"]["edges"][1]["node"]
    assert {line["location"]["name"] for line in middle["held"]} == {"NY", "LA"}
