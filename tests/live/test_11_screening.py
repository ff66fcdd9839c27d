"""Screening on the real Saleor: an order the OMS cannot serve and whose city does not match
its postal code waits in the review queue; staff accept the proposed substitute and the
address correction, and the Saleor order's lines and shipping address change.

Saleor lets an app change the lines of UNCONFIRMED orders only, so for this test the store's
channel stops confirming new orders. The OMS, not Saleor, is short of the lamp: a safety stock
keeps every lamp Saleor holds from being sold, and Saleor stops tracking the lamp's inventory
(it would otherwise allocate the lamp to the order, and units allocated to an order are
available to it). Everything is put back afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.live.saleor_live import wait_for
from tests.live.stock_controls import inventory_tracked, on_hand, safety_set
from tests.live.store import CUSTOMER_ADDRESS, order_place

CHANNEL_CONFIRMS = """mutation Confirms($id: ID!, $confirm: Boolean!) {
  channelUpdate(id: $id, input: {orderSettings: {automaticallyConfirmAllNewOrders: $confirm}}) {
    errors { field message code } } }"""
SCREENING_SET = """mutation Screening($channel: String, $document: JSONString!) {
  screeningConfigSet(channel: $channel, document: $document) {
    errors { field message code } } }"""
QUEUE = """query Queue($channel: String) { screeningQueue(channel: $channel, first: 50) {
  edges { node { state order { id saleorId }
    checks { check outcome code message suggestion facts } } } } }"""
ACCEPT_SUBSTITUTE = """mutation Substitute($orderId: ID!, $lineId: ID!, $variantId: ID!) {
  screeningAcceptSubstitute(orderId: $orderId, lineId: $lineId, variantId: $variantId) {
    result { state } errors { field message code } } }"""
ACCEPT_ADDRESS = """mutation Address($orderId: ID!) {
  screeningAcceptAddress(orderId: $orderId) { result { state } errors { field message code } } }"""
SALEOR_ORDER = """query Order($id: ID!) { order(id: $id) { status
  lines { id quantity variant { id } } shippingAddress { city postalCode } } }"""


@pytest.fixture
def unconfirmed_channel(installation, store) -> Iterator[None]:
    installation.saleor.mutate(
        CHANNEL_CONFIRMS, {"id": store.channel_id, "confirm": False}, field_name="channelUpdate"
    )
    yield
    installation.saleor.mutate(
        CHANNEL_CONFIRMS, {"id": store.channel_id, "confirm": True}, field_name="channelUpdate"
    )


@pytest.fixture
def lamps_kept_back(installation, store) -> Iterator[None]:
    """A safety stock above every lamp Saleor holds (Seattle and Dallas): the OMS has none to
    sell while Saleor, not tracking the lamp, lets the order be placed. And the socks proposed
    instead are in the OMS's ledger (the store was built after the installation: its stock
    reaches the OMS by webhooks) before the order is."""
    wait_for(
        "the ledger to hold the socks",
        lambda: sum(on_hand(installation, store, "SOCKS").values()) > 0,
        timeout=180,
    )
    lamp_warehouses = [store.warehouses[city] for city in ("Seattle", "Dallas")]
    safety_set(installation, store, "LAMP", dict.fromkeys(lamp_warehouses, 1000))
    inventory_tracked(installation, store, "LAMP", False)
    yield
    inventory_tracked(installation, store, "LAMP", True)
    safety_set(installation, store, "LAMP", dict.fromkeys(lamp_warehouses, 0))


@pytest.fixture
def screening_on(installation, store) -> Iterator[None]:
    document = {
        "enabled": True,
        "checks": ["stock", "address"],
        "stock": {
            "partial": "hold",
            "alternatives": {store.variants["LAMP"]: [store.variants["SOCKS"]]},
        },
    }
    installation.api.mutate(
        SCREENING_SET,
        {"channel": store.channel_slug, "document": json.dumps(document)},
        field_name="screeningConfigSet",
    )
    yield
    installation.api.mutate(
        SCREENING_SET,
        {"channel": store.channel_slug, "document": json.dumps({"enabled": False})},
        field_name="screeningConfigSet",
    )


def _held(installation, store, order_id: str) -> dict | None:
    queue = installation.api.data(QUEUE, {"channel": store.channel_slug})["screeningQueue"]
    return next(
        (e["node"] for e in queue["edges"] if e["node"]["order"]["saleorId"] == order_id), None
    )


def test_staff_accept_a_substitute_and_an_address_correction_into_the_saleor_order(
    installation, store, unconfirmed_channel, lamps_kept_back, screening_on
):
    # given an unconfirmed order of a lamp the OMS cannot sell, to a city its ZIP is not in
    wrong_city = {**CUSTOMER_ADDRESS, "city": "Oakland"}
    order = order_place(
        installation.saleor,
        store,
        {"LAMP": 1},
        email="screened@example.com",
        address=wrong_city,
        paid=False,
    )
    assert order["status"] == "UNCONFIRMED"

    # when the OMS screened it, it waits for staff with a substitute and a correction
    held = wait_for(
        "the order to wait in the review queue",
        lambda: _held(installation, store, order["id"]),
        timeout=180,
    )
    checks = {check["check"]: check for check in held["checks"]}
    assert checks["STOCK"]["code"] == "STOCK_OUT"
    substitutes = json.loads(checks["STOCK"]["suggestion"])["substitutes"]
    [(line_id, proposed)] = substitutes.items()
    # the merchant's tagged alternative first (then the product's other variants in stock)
    assert (proposed[0]["variantId"], proposed[0]["tagged"]) == (store.variants["SOCKS"], True)
    assert json.loads(checks["ADDRESS"]["suggestion"])["city"].upper() == "SAN FRANCISCO"

    accepted = installation.api.mutate(
        ACCEPT_SUBSTITUTE,
        {"orderId": held["order"]["id"], "lineId": line_id, "variantId": store.variants["SOCKS"]},
        field_name="screeningAcceptSubstitute",
    )
    corrected = installation.api.mutate(
        ACCEPT_ADDRESS, {"orderId": held["order"]["id"]}, field_name="screeningAcceptAddress"
    )

    # then the Saleor order holds socks instead of the lamp, shipped to San Francisco
    assert accepted["result"]["state"] == corrected["result"]["state"] == "HELD"
    saleor_order = installation.saleor.data(SALEOR_ORDER, {"id": order["id"]})["order"]
    assert [(line["variant"]["id"], line["quantity"]) for line in saleor_order["lines"]] == [
        (store.variants["SOCKS"], 1)
    ]
    assert saleor_order["shippingAddress"]["city"].upper() == "SAN FRANCISCO"

    # and accepting the substitute again changes nothing in Saleor
    again = installation.api.data(
        ACCEPT_SUBSTITUTE,
        {"orderId": held["order"]["id"], "lineId": line_id, "variantId": store.variants["SOCKS"]},
    )["screeningAcceptSubstitute"]
    assert again["errors"], again
    lines = installation.saleor.data(SALEOR_ORDER, {"id": order["id"]})["order"]["lines"]
    assert [line["quantity"] for line in lines] == [1]
