"""A backorder on the real Saleor: a paid order of a lamp the OMS has none of waits as a
backorder, and is routed by itself, and fulfilled in Saleor, when lamps arrive in Seattle.

No warehouse holds a lamp, and Saleor does not track the lamp's inventory so that it takes the
order (it would refuse one it cannot allocate). Lamps arrive as staff set them in Saleor: the
webhook carries no quantity, the OMS reads it and routes what waits. Everything is put back
afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live.saleor_live import wait_for
from tests.live.stock_controls import inventory_tracked, on_hand
from tests.live.store import order_place

OMS_ORDER = """query Order($id: String) { order(saleorId: $id) { id
  backorders { sku quantity routedUnits state reason promisedShipDate }
  routingPlan { state trigger reasons { code message } backorder { sku quantity }
    shipments { location { saleorId } lines { sku quantity } } } } }"""
SALEOR_STOCKS = """query Stocks($id: ID!) { productVariant(id: $id) {
  stocks { warehouse { id } quantity } } }"""
SALEOR_STOCK_SET = """mutation Set($variantId: ID!, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, stocks: $stocks) {
    errors { field message code } } }"""
FULFILMENTS = """query Fulfilments($id: ID!) { order(id: $id) { status
  fulfillments { status warehouse { id } lines { quantity } } } }"""


@pytest.fixture
def no_lamps_to_sell(installation, store) -> Iterator[dict[str, int]]:
    """No lamp in any of Saleor's warehouses, the lamp's inventory untracked so that Saleor
    takes the order anyway; what the warehouses held before, put back afterwards."""
    before = {
        stock["warehouse"]["id"]: stock["quantity"]
        for stock in installation.saleor.data(SALEOR_STOCKS, {"id": store.variants["LAMP"]})[
            "productVariant"
        ]["stocks"]
    }
    inventory_tracked(installation, store, "LAMP", False)
    _lamps_set(installation, store, dict.fromkeys(before, 0))
    wait_for(
        "the ledger to hold no lamp",
        lambda: not any(on_hand(installation, store, "LAMP").values()),
        timeout=180,
    )
    yield before
    _lamps_set(installation, store, before)
    inventory_tracked(installation, store, "LAMP", True)


def _lamps_set(installation, store, per_warehouse: dict[str, int]) -> None:
    installation.saleor.mutate(
        SALEOR_STOCK_SET,
        {
            "variantId": store.variants["LAMP"],
            "stocks": [{"warehouse": w, "quantity": q} for w, q in per_warehouse.items()],
        },
        field_name="productVariantStocksUpdate",
    )


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
    _lamps_set(installation, store, {seattle: 2})
    # then the backorder is routed by itself, with a promise, and Saleor ships it
    routed = wait_for(
        "the backorder to be routed",
        lambda: (
            (o := _oms(installation, order["id"])) and o["backorders"][0]["routedUnits"] == 1 and o
        ),
        timeout=240,
    )
    assert routed["backorders"][0]["promisedShipDate"], routed
    fulfilled = wait_for(
        "Saleor to hold the lamp's fulfilment",
        lambda: installation.saleor.data(FULFILMENTS, {"id": order["id"]})["order"]["fulfillments"],
        timeout=180,
    )
    assert [(f["warehouse"]["id"], f["lines"][0]["quantity"]) for f in fulfilled] == [(seattle, 1)]
