"""Checkout on the real Saleor: the OMS's own delivery option, priced and promised, and the
store's method it cannot honour shown excluded with its reason."""

from __future__ import annotations

import datetime as dt
import uuid

import requests

from tests.live.saleor_live import GraphQLEndpoint, wait_for
from tests.live.store import CUSTOMER_ADDRESS

SERVICE = """mutation S($code: String!, $input: OmsDeliveryServiceInput!) {
  deliveryServiceSave(code: $code, input: $input) { service { code } errors { field message } } }"""
STOCK_LEVELS = """query L($variantId: String!) { stockLevels(variantId: $variantId, first: 20) {
  edges { node { onHand location { saleorId } } } } }"""
PROMISE_DAYS = """mutation P($id: ID!, $days: Int) {
  shippingPriceUpdate(id: $id, input: {maximumDeliveryDays: $days}) {
    errors { field message code } } }"""
CREATE = """mutation C($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field message code } } }"""
METHODS = """query M($id: ID!) { checkout(id: $id) { shippingMethods {
  id name active message minimumDeliveryDays maximumDeliveryDays price { amount currency } } } }"""
CHOOSE = """mutation D($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { deliveryMethod { ... on ShippingMethod { name } } shippingPrice { gross { amount } } }
    errors { field message code } } }"""
CARTS = """query Carts($channel: String!) { carts(channel: $channel, first: 50) {
  edges { node { checkoutId email currency totalGross lines { sku quantity } } } } }"""
UNPAID_ALLOWED = """mutation U($id: ID!) {
  channelUpdate(id: $id, input: {orderSettings: {allowUnpaidOrders: true}}) {
    errors { field message code } } }"""
COMPLETE = """mutation Complete($id: ID!) {
  checkoutComplete(id: $id) { order { id shippingMethodName } errors { field message code } } }"""
KEEPING = """query K($range: OmsDateRangeInput!) { deliveryPromiseKeeping(range: $range) {
  serviceCode locationName promised } }"""
PROMISE = """query P($channel: String!, $lines: [OmsPromiseLineInput!]!) {
  deliveryPromise(channel: $channel, lines: $lines,
                  address: {country: "US", postalCode: "94102", countryArea: "CA"}) {
    serviceCode complete earliest latest shipsFrom sentence } }"""


def _ledger_has_mugs_in_los_angeles(installation, store) -> bool:
    edges = installation.api.data(STOCK_LEVELS, {"variantId": store.variants["MUG"]})
    return any(
        e["node"]["location"]["saleorId"] == store.warehouses["Los Angeles"]
        and e["node"]["onHand"] > 0
        for e in edges["stockLevels"]["edges"]
    )


def test_checkout_shows_the_oms_promise_and_excludes_what_it_cannot_honour(installation, store):
    wait_for(
        "the ledger to know the mugs in Los Angeles",
        lambda: _ledger_has_mugs_in_los_angeles(installation, store),
        timeout=180,
    )
    # given the store's own "Ground" promising delivery within a day, and an OMS service that
    # carries it: two days at best from Los Angeles to San Francisco
    installation.saleor.mutate(
        PROMISE_DAYS, {"id": store.shipping_method_id, "days": 1}, field_name="shippingPriceUpdate"
    )
    installation.api.mutate(
        SERVICE,
        {
            "code": f"live-{store.run}",
            "input": {
                "name": "OMS Ground",
                "transitBands": '[{"upToKm": 800, "minDays": 1, "maxDays": 2},'
                ' {"upToKm": null, "minDays": 3, "maxDays": 5}]',
                "rates": '[{"currency": "USD", "upToKg": null, "amount": "7.25"}]',
                "saleorMethodIds": [store.shipping_method_id],
            },
        },
        field_name="deliveryServiceSave",
    )
    try:
        customer = GraphQLEndpoint(installation.saleor.url)
        checkout = customer.mutate(
            CREATE,
            {
                "input": {
                    "channel": store.channel_slug,
                    "email": f"{uuid.uuid4().hex}@example.com",
                    "lines": [{"variantId": store.variants["MUG"], "quantity": 1}],
                    "shippingAddress": CUSTOMER_ADDRESS,
                    "billingAddress": CUSTOMER_ADDRESS,
                }
            },
            field_name="checkoutCreate",
        )["checkout"]
        # when the customer's storefront reads the shipping methods
        methods = customer.data(METHODS, {"id": checkout["id"]})["checkout"]["shippingMethods"]
        by_name = {method["name"]: method for method in methods}
        # then the OMS's option is there, priced and promised
        ours = by_name["OMS Ground"]
        assert ours["active"] is True, methods
        assert ours["price"] == {"amount": 7.25, "currency": "USD"}
        assert 1 <= ours["minimumDeliveryDays"] <= ours["maximumDeliveryDays"] <= 5
        # and the store's next-day method is shown excluded, with the OMS's reason
        ground = by_name["Ground"]  # the store's own (tests/live/store.py)
        assert ground["active"] is False, methods
        assert ground["message"].startswith("Cannot arrive within 1 day: "), ground

        # and the OMS follows the cart from Saleor's own checkout events
        def followed():
            carts = installation.api.data(CARTS, {"channel": store.channel_slug})["carts"]
            return next(
                (e["node"] for e in carts["edges"] if e["node"]["checkoutId"] == checkout["id"]),
                None,
            )

        cart = wait_for("the OMS to follow the cart", followed, timeout=120)
        assert [(line["sku"], line["quantity"]) for line in cart["lines"]] == [
            (f"MUG-{store.run}", 1)
        ]
        assert cart["currency"] == "USD"
        # and the customer can choose the OMS's option at its price
        chosen = customer.mutate(
            CHOOSE,
            {"id": checkout["id"], "method": ours["id"]},
            field_name="checkoutDeliveryMethodUpdate",
        )["checkout"]
        assert chosen["deliveryMethod"] == {"name": "OMS Ground"}
        assert chosen["shippingPrice"]["gross"]["amount"] == 7.25
        # when the customer checks out (the suite's channel takes unpaid orders for this)
        installation.saleor.mutate(
            UNPAID_ALLOWED, {"id": store.channel_id}, field_name="channelUpdate"
        )
        order = customer.mutate(COMPLETE, {"id": checkout["id"]}, field_name="checkoutComplete")[
            "order"
        ]
        assert order["shippingMethodName"] == "OMS Ground"

        # then the OMS keeps the promise the order was sold with, under the OMS's service
        def promised():
            today = dt.datetime.now(dt.UTC).date()
            rows = installation.api.data(
                KEEPING,
                {"range": {"gte": str(today - dt.timedelta(days=1)), "lte": str(today)}},
            )["deliveryPromiseKeeping"]
            return next((r for r in rows if r["serviceCode"] == f"live-{store.run}"), None)

        row = wait_for("the order's promise in the OMS", promised, timeout=120)
        assert row["promised"] == 1 and row["locationName"] == "Los Angeles"
    finally:
        installation.saleor.mutate(
            PROMISE_DAYS,
            {"id": store.shipping_method_id, "days": None},
            field_name="shippingPriceUpdate",
        )


def test_a_storefront_asks_the_oms_when_a_cart_arrives(installation, store):
    # an anonymous storefront, naming its Saleor as Saleor's own storefronts do
    response = requests.post(
        installation.oms.graphql_url,
        json={
            "query": PROMISE,
            "variables": {
                "channel": store.channel_slug,
                "lines": [{"variantId": store.variants["MUG"], "quantity": 1}],
            },
        },
        headers={"Saleor-Api-Url": installation.saleor.url},
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body
    promise = next(
        p for p in body["data"]["deliveryPromise"] if p["serviceCode"] == f"live-{store.run}"
    )
    assert promise["complete"] is True
    assert promise["shipsFrom"] == ["Los Angeles"]
    assert promise["sentence"].endswith("from Los Angeles")
