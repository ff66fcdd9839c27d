"""Routing on a store the suite builds: warehouses placed from their address alone."""

from __future__ import annotations

import uuid

from tests.live.saleor_live import wait_for
from tests.live.store import order_place

LOCATIONS = """query Locations($search: String) { locations(search: $search, first: 100) {
  edges { node { name saleorId latitude longitude coordinatesSource } } } }"""
FULFILMENTS = """query Fulfilments($id: ID!) { order(id: $id) { status
  fulfillments { status warehouse { id name } lines { quantity orderLine { productSku } } } } }"""
PLAN = """query Plan($id: ID!) { order(id: $id) { oms { routingPlan { state
  reasons { message } shipments { location { name } lines { sku quantity } state } } } } }"""


def test_warehouses_without_metadata_are_placed_from_their_address(installation, store):
    # when the warehouses' webhooks have reached the OMS
    def placed():
        answer = installation.api.data(LOCATIONS, {"search": store.run})
        nodes = [e["node"] for e in answer["locations"]["edges"]]
        ours = [n for n in nodes if n["saleorId"] in store.warehouses.values()]
        return ours if len(ours) == len(store.warehouses) else None

    locations = wait_for("the new warehouses to reach the OMS", placed, timeout=120)
    # then each is placed from its address, and says so
    for location in locations:
        assert location["latitude"] is not None, location
        assert location["coordinatesSource"].startswith("GEOCODED"), location


def test_a_paid_order_ships_from_the_nearest_stocked_warehouses_in_saleor(installation, store):
    # given an order to San Francisco; Saleor's own allocation takes New York (first in order)
    order = order_place(
        installation.saleor, store, {"MUG": 2, "SOCKS": 1}, email=f"{uuid.uuid4().hex}@example.com"
    )

    # when the OMS has routed it on ORDER_FULLY_PAID and applied the plan
    def fulfilled():
        data = installation.saleor.data(FULFILMENTS, {"id": order["id"]})["order"]
        return data if data["status"] == "FULFILLED" else None

    fulfilments = wait_for("the order to be fulfilled in Saleor", fulfilled, timeout=180)

    # then Saleor shipped it from Los Angeles, one fulfilment, not from New York
    warehouses = {f["warehouse"]["id"] for f in fulfilments["fulfillments"]}
    assert warehouses == {store.warehouses["Los Angeles"]}, fulfilments
    shipped = {
        line["orderLine"]["productSku"]: line["quantity"]
        for f in fulfilments["fulfillments"]
        for line in f["lines"]
    }
    assert sorted(shipped.values()) == [1, 2]
