"""A backorder on the real Saleor: a paid order of a lamp the OMS has none of waits as a
backorder, and is routed by itself, and fulfilled in Saleor, when lamps arrive in Seattle.

The OMS keeps every lamp it holds as safety stock (none to sell), and Saleor does not track the
lamp's inventory so that it takes the order (it would refuse one it cannot allocate). Lamps
arrive as staff set more in Saleor: the webhook carries no quantity, the OMS reads it, and the
new units are free to sell. Everything is put back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live.saleor_live import wait_for
from tests.live.stock_controls import inventory_tracked, on_hand, safety_set
from tests.live.store import order_place

OMS_ORDER = """query Order($id: String) { order(saleorId: $id) { id
  backorders { sku quantity routedUnits state reason promisedShipDate }
  routingPlan { state trigger reasons { code message } backorder { sku quantity }
    shipments { location { saleorId } lines { sku quantity } } } } }"""
SALEOR_STOCK_SET = """mutation Set($variantId: ID!, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, stocks: $stocks) {
    errors { field message code } } }"""
FULFILMENTS = """query Fulfilments($id: ID!) { order(id: $id) { status
  fulfillments { status warehouse { id } lines { quantity } } } }"""


@pytest.fixture
def no_lamps_to_sell(installation, store) -> Iterator[dict[str, int]]:
    """Every lamp the OMS holds kept back as safety stock; what it held, per warehouse."""
    held = wait_for(
        "the ledger to hold the lamps", lambda: on_hand(installation, store, "LAMP"), timeout=180
    )
    safety_set(installation, store, "LAMP", held)
    inventory_tracked(installation, store, "LAMP", False)
    yield held
    inventory_tracked(installation, store, "LAMP", True)
    safety_set(installation, store, "LAMP", dict.fromkeys(held, 0))


def _oms(installation, order_id: str) -> dict | None:
    return installation.api.data(OMS_ORDER, {"id": order_id})["order"]


def test_a_backorder_is_routed_and_fulfilled_in_saleor_when_stock_arrives(
    installation, store, no_lamps_to_sell
):
    seattle = store.warehouses["Seattle"]
    # given a paid order of a lamp the OMS has none of
    order = order_place(installation.saleor, store, {"LAMP": 1}, email="backorder@example.com")

    # then it waits as a backorder, with routing's reason
    waiting = wait_for(
        "the order to be routed",
        lambda: (o := _oms(installation, order["id"])) and o["routingPlan"] and o,
        timeout=180,
    )
    assert waiting["backorders"], waiting
    [backorder] = waiting["backorders"]
    assert (backorder["sku"], backorder["quantity"], backorder["state"]) == (
        f"LAMP-{store.run}",
        1,
        "WAITING",
    ), backorder
    assert backorder["reason"]

    # when two lamps arrive in Seattle (set in Saleor: the webhook carries no quantity)
    installation.saleor.mutate(
        SALEOR_STOCK_SET,
        {
            "variantId": store.variants["LAMP"],
            "stocks": [{"warehouse": seattle, "quantity": no_lamps_to_sell[seattle] + 2}],
        },
        field_name="productVariantStocksUpdate",
    )
    try:
        # then the backorder is routed by itself, with a promise, and Saleor ships it
        routed = wait_for(
            "the backorder to be routed",
            lambda: (
                (o := _oms(installation, order["id"]))
                and o["backorders"][0]["routedUnits"] == 1
                and o
            ),
            timeout=240,
        )
        assert routed["backorders"][0]["promisedShipDate"], routed
        fulfilled = wait_for(
            "Saleor to hold the lamp's fulfilment",
            lambda: installation.saleor.data(FULFILMENTS, {"id": order["id"]})["order"][
                "fulfillments"
            ],
            timeout=180,
        )
        assert [(f["warehouse"]["id"], f["lines"][0]["quantity"]) for f in fulfilled] == [
            (seattle, 1)
        ]
    finally:
        installation.saleor.mutate(
            SALEOR_STOCK_SET,
            {
                "variantId": store.variants["LAMP"],
                "stocks": [{"warehouse": seattle, "quantity": no_lamps_to_sell[seattle]}],
            },
            field_name="productVariantStocksUpdate",
        )
