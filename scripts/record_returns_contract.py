"""Record what a real Saleor answers to the documents our returns send.

Against a live Saleor 3.23.28 (``SALEOR_URL``, default the local one; staff sign-in from
``SALEOR_EMAIL``/``SALEOR_PASSWORD``, default Saleor's sample admin), in a channel that
ships to the US (``SALEOR_CHANNEL``, default ``default-channel``), on an order it creates and
ships itself (draftOrderCreate with a shipping method -> draftOrderComplete ->
orderMarkAsPaid -> orderFulfill from a warehouse of the channel holding the variant). Every
set-up mutation's ``errors`` are checked: a refused step stops the run with Saleor's errors.

Then, in this order (each case's answer depends on the ones before):
the old input (orderLines for shipped goods, refused), a return by fulfilment line (accepted),
more than a fulfilment line holds (refused), an empty return (accepted); granted refunds (a
staff user's without a reason reference, refused as this shop configured a refund reason type,
even when the amount is too high too; nothing to grant; more than charged; accepted; more
units than the line has left; an unknown transaction) and the refund request for the granted
one (the transaction orderMarkAsPaid made has no payment app) and for an unknown one; a gift
card and exchange drafts (with lines, and without), each found again by its metadata marker;
the cancel of a shipped fulfilment without a warehouse (refused), with one (accepted) and
again (refused); the order's state after each group.

Each answer is written to ``tests/fixtures/contract/returns/<NN>-<case>.json`` as {case, step,
document, variables, status, answer} (HTTP status and the whole JSON answer; no token).
``tests/saleor/test_fake_saleor_contract.py`` replays them against the fake Saleor.
It only adds an order, a gift card and two draft orders of its own; it changes no setting and
deletes nothing.

    SALEOR_URL=http://127.0.0.1:8000/graphql/ .venv/bin/python scripts/record_returns_contract.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tests" / "fixtures" / "contract" / "returns"
URL = os.environ.get("SALEOR_URL", "http://127.0.0.1:8000/graphql/")
CHANNEL = os.environ.get("SALEOR_CHANNEL", "default-channel")
UNKNOWN_TRANSACTION = "VHJhbnNhY3Rpb25JdGVtOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
UNKNOWN_GRANTED_REFUND = "T3JkZXJHcmFudGVkUmVmdW5kOjk5OTk5OQ=="  # OrderGrantedRefund:999999
ADDRESS = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "streetAddress1": "1600 Amphitheatre Pkwy",
    "city": "Mountain View",
    "postalCode": "94043",
    "country": "US",
    "countryArea": "CA",
}


class SetupFailed(RuntimeError):
    """A set-up step Saleor refused (or answered with top-level errors)."""


def _documents():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")
    from saleor_oms_plugin.saleor.documents import document

    return document


class Saleor:
    def __init__(self) -> None:
        self.token = ""

    def post(self, query: str, variables: dict[str, Any] | None = None) -> tuple[int, Any]:
        """(HTTP status, the whole JSON answer)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = requests.post(
            URL, json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
        )
        return response.status_code, response.json()

    def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        status, body = self.post(query, variables)
        if status != 200 or body.get("errors"):
            raise SetupFailed(f"HTTP {status}: {json.dumps(body.get('errors') or body)}")
        return body["data"]

    def setup(self, step: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run a set-up mutation; its payload, or SetupFailed with Saleor's ``errors``."""
        payload = next(iter(self.run(query, variables).values()))
        if payload is None or payload.get("errors"):
            raise SetupFailed(
                f"{step} refused: {json.dumps((payload or {}).get('errors'), indent=2)}\n"
                f"variables: {json.dumps(variables)}"
            )
        return payload


class Recorder:
    def __init__(self, saleor: Saleor) -> None:
        self.saleor = saleor
        self.document = _documents()
        self.step = 0
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.json"):
            old.unlink()

    def __call__(self, case: str, name: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Send one of our documents, record Saleor's answer, return its ``data``."""
        status, answer = self.saleor.post(self.document(name), variables)
        self.step += 1
        (OUT / f"{self.step:02d}-{case}.json").write_text(
            json.dumps(
                {
                    "case": case,
                    "step": self.step,
                    "document": name,
                    "variables": variables,
                    "status": status,
                    "answer": answer,
                },
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )
        errors = [
            error["code"]
            for payload in (answer.get("data") or {}).values()
            for error in (payload or {}).get("errors") or []
        ]
        print(
            f"recorded {self.step:02d}-{case}: HTTP {status}",
            errors or "",
            answer.get("errors") or "",
        )
        return answer.get("data") or {}


def _sign_in(saleor: Saleor) -> None:
    saleor.token = saleor.run(
        "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) "
        "{ token errors { field code message } } }",
        {
            "e": os.environ.get("SALEOR_EMAIL", "admin@example.com"),
            "p": os.environ.get("SALEOR_PASSWORD", "admin"),
        },
    )["tokenCreate"]["token"]
    if not saleor.token:
        raise SetupFailed("tokenCreate gave no token")


def _variant_and_warehouse(saleor: Saleor, channel: dict[str, Any]) -> tuple[dict, str]:
    """A shippable variant (no preorder) sold in the channel and a warehouse of the channel with 4 free."""
    in_channel = {w["id"] for w in channel["warehouses"]}
    variants = saleor.run(
        "query($c: String) { productVariants(first: 50, channel: $c) { edges { node { id sku "
        "channelListing: channelListings { channel { slug } price { amount } } "
        "preorder { endDate } product { productType { isShippingRequired } } "
        "stocks { warehouse { id } quantity quantityAllocated } } } } }",
        {"c": channel["slug"]},
    )["productVariants"]["edges"]
    for edge in variants:
        node = edge["node"]
        listed = any(
            listing["channel"]["slug"] == channel["slug"] and listing["price"]
            for listing in node["channelListing"] or []
        )
        shippable = node["product"]["productType"]["isShippingRequired"]
        if not listed or not shippable or node["preorder"] is not None:  # preorders never ship
            continue
        for stock in node["stocks"] or []:
            free = stock["quantity"] - stock["quantityAllocated"]
            if stock["warehouse"]["id"] in in_channel and free >= 4:
                return node, stock["warehouse"]["id"]
    raise SetupFailed(f"no shippable variant with 4 free units in a warehouse of {CHANNEL}")


def _refund_reason_page(saleor: Saleor) -> str:
    """A page of the shop's refund reason reference type."""
    kind = saleor.run("{ refundSettings { reasonReferenceType { id } } }")["refundSettings"]
    kind = kind["reasonReferenceType"]
    if kind is None:
        raise SetupFailed("no refund reason reference type configured")
    pages = saleor.run(
        "query($t: [ID!]) { pages(first: 1, filter: {pageTypes: $t}) { edges { node { id } } } }",
        {"t": [kind["id"]]},
    )["pages"]["edges"]
    if not pages:
        raise SetupFailed("no page of the refund reason reference type")
    return pages[0]["node"]["id"]


def _shipped_order(saleor: Saleor, channel: dict[str, Any]) -> tuple[dict, dict, str]:
    """A paid order of 3 units, every unit shipped: (order, variant, warehouse id)."""
    variant, warehouse = _variant_and_warehouse(saleor, channel)
    order = saleor.setup(
        "draftOrderCreate",
        "mutation($i: DraftOrderCreateInput!) { draftOrderCreate(input: $i) { order { id "
        "number shippingMethods { id name active } lines { id } } "
        "errors { field code message } } }",
        {
            "i": {
                "channelId": channel["id"],
                "userEmail": "oms-contract@example.com",
                "lines": [{"variantId": variant["id"], "quantity": 3}],
                "shippingAddress": ADDRESS,
                "billingAddress": ADDRESS,
            }
        },
    )["order"]
    method = next((m["id"] for m in order["shippingMethods"] if m["active"]), None)
    if method is None:
        raise SetupFailed(f"no active shipping method for the draft: {order['shippingMethods']}")
    saleor.setup(
        "draftOrderUpdate",
        "mutation($id: ID!, $m: ID) { draftOrderUpdate(id: $id, input: {shippingMethod: $m}) "
        "{ order { id } errors { field code message } } }",
        {"id": order["id"], "m": method},
    )
    saleor.setup(
        "draftOrderComplete",
        "mutation($id: ID!) { draftOrderComplete(id: $id) { order { id status } "
        "errors { field code message } } }",
        {"id": order["id"]},
    )
    saleor.setup(
        "orderMarkAsPaid",
        'mutation($id: ID!) { orderMarkAsPaid(id: $id, transactionReference: "oms-contract") '
        "{ order { id } errors { field code message } } }",
        {"id": order["id"]},
    )
    fulfilled = saleor.setup(
        "orderFulfill",
        "mutation($o: ID!, $i: OrderFulfillInput!) { orderFulfill(order: $o, input: $i) "
        "{ fulfillments { id status } errors { field code message } } }",
        {
            "o": order["id"],
            "i": {
                "lines": [
                    {
                        "orderLineId": order["lines"][0]["id"],
                        "stocks": [{"warehouse": warehouse, "quantity": 3}],
                    }
                ],
                "notifyCustomer": False,
            },
        },
    )
    if not any(f["status"] == "FULFILLED" for f in fulfilled["fulfillments"]):
        raise SetupFailed(f"orderFulfill made no FULFILLED fulfilment: {fulfilled}")
    print(f"order #{order['number']} shipped from {warehouse}")
    return order, variant, warehouse


def main() -> None:
    saleor = Saleor()
    _sign_in(saleor)
    channel = next(
        (
            c
            for c in saleor.run("{ channels { id slug currencyCode warehouses { id } } }")[
                "channels"
            ]
            if c["slug"] == CHANNEL
        ),
        None,
    )
    if channel is None:
        raise SetupFailed(f"no channel {CHANNEL}")
    order, variant, warehouse = _shipped_order(saleor, channel)
    line = order["lines"][0]["id"]
    mutate = Recorder(saleor)

    state_vars = {"id": order["id"]}
    state = mutate("order_state_after_fulfil", "queries/return_order_state", state_vars)
    shipped = next(f for f in state["order"]["fulfillments"] if f["status"] == "FULFILLED")
    shipped_line = shipped["lines"][0]["id"]

    # -- returns ------------------------------------------------------------------------------
    base = {"refund": False, "reason": "RMA-CONTRACT (OMS return)"}
    mutate(
        "return_order_lines_for_shipped_refused",
        "mutations/order_return_products",
        {
            "order": order["id"],
            "input": {
                **base,
                "orderLines": [
                    {"orderLineId": line, "quantity": 1, "replace": False, "reason": "RMA-CONTRACT"}
                ],
            },
        },
    )
    mutate(
        "return_fulfillment_lines_accepted",
        "mutations/order_return_products",
        {
            "order": order["id"],
            "input": {
                **base,
                "fulfillmentLines": [
                    {
                        "fulfillmentLineId": shipped_line,
                        "quantity": 1,
                        "replace": False,
                        "reason": "RMA-CONTRACT",
                    }
                ],
            },
        },
    )
    mutate(
        "return_fulfillment_line_over_quantity_refused",
        "mutations/order_return_products",
        {
            "order": order["id"],
            "input": {
                **base,
                "fulfillmentLines": [
                    {"fulfillmentLineId": shipped_line, "quantity": 5, "replace": False}
                ],
            },
        },
    )
    mutate(
        "return_empty_accepted",
        "mutations/order_return_products",
        {"order": order["id"], "input": base},
    )
    state = mutate("order_state_after_return", "queries/return_order_state", state_vars)

    # -- granted refunds ----------------------------------------------------------------------
    transactions = state["order"]["transactions"]
    if not transactions:
        raise SetupFailed("orderMarkAsPaid left the order without a transaction")
    transaction = transactions[0]["id"]
    grant = {
        "amount": "1.00",
        "reason": "RMA-CONTRACT return refund",
        "transactionId": transaction,
        "lines": [{"id": line, "quantity": 1, "reason": "RMA-CONTRACT"}],
    }
    # This shop has a refund reason reference type (a page type) configured: Saleor then
    # refuses a staff user's grant without ``reasonReference`` (apps are exempt). The script
    # signs in as staff, so the grants below name one of its pages.
    mutate(
        "grant_refund_staff_without_reason_reference_refused",
        "mutations/order_grant_refund_create",
        {"id": order["id"], "input": grant},
    )
    mutate(
        "grant_refund_staff_over_charged_without_reason_reference_refused",
        "mutations/order_grant_refund_create",
        {"id": order["id"], "input": {**grant, "amount": "100000.00"}},
    )
    grant["reasonReference"] = _refund_reason_page(saleor)
    mutate(
        "grant_refund_nothing_refused",
        "mutations/order_grant_refund_create",
        {
            "id": order["id"],
            "input": {key: grant[key] for key in ("reason", "transactionId", "reasonReference")},
        },
    )
    mutate(
        "grant_refund_over_charged_refused",
        "mutations/order_grant_refund_create",
        {"id": order["id"], "input": {**grant, "amount": "100000.00"}},
    )
    granted = mutate(
        "grant_refund_accepted",
        "mutations/order_grant_refund_create",
        {"id": order["id"], "input": grant},
    )
    mutate(
        "grant_refund_lines_over_quantity_refused",
        "mutations/order_grant_refund_create",
        {
            "id": order["id"],
            "input": {**grant, "lines": [{"id": line, "quantity": 3, "reason": "RMA-CONTRACT"}]},
        },
    )
    mutate(
        "grant_refund_unknown_transaction_refused",
        "mutations/order_grant_refund_create",
        {"id": order["id"], "input": {**grant, "transactionId": UNKNOWN_TRANSACTION}},
    )
    refund = ((granted.get("orderGrantRefundCreate") or {}).get("grantedRefund") or {}).get("id")
    if refund is None:
        raise SetupFailed("the granted refund was refused; see grant_refund_accepted")
    mutate(
        "refund_request_for_granted_refund",
        "mutations/return_refund_request",
        {"grantedRefundId": refund, "transactionId": transaction},
    )
    mutate(
        "refund_request_unknown_granted_refund_refused",
        "mutations/return_refund_request",
        {"grantedRefundId": UNKNOWN_GRANTED_REFUND, "transactionId": transaction},
    )
    mutate("order_state_after_refund", "queries/return_order_state", state_vars)

    # -- store credit and exchange ------------------------------------------------------------
    marker = f"RMA-CONTRACT-{order['number']}"
    mutate(
        "gift_card_create_accepted",
        "mutations/return_gift_card_create",
        {
            "input": {
                "balance": {"amount": "12.50", "currency": channel["currencyCode"]},
                "userEmail": "oms-contract@example.com",
                "channel": channel["slug"],
                "isActive": True,
                "note": f"Store credit for RMA-CONTRACT (order #{order['number']}), fees deducted.",
                "addTags": ["oms-return"],
                "metadata": [{"key": "oms.return", "value": marker}],
            }
        },
    )
    mutate(
        "gift_cards_by_marker",
        "queries/return_gift_cards",
        {"key": "oms.return", "value": marker},
    )
    mutate(
        "exchange_draft_create_accepted",
        "mutations/return_exchange_draft_create",
        {
            "input": {
                "channelId": channel["id"],
                "userEmail": "oms-contract@example.com",
                "lines": [{"variantId": variant["id"], "quantity": 1}],
                "customerNote": f"Exchange for RMA-CONTRACT (order #{order['number']}).",
                "metadata": [
                    {"key": "oms.return", "value": marker},
                    {"key": "oms.original_order", "value": order["id"]},
                    {"key": "oms.exchange_credit", "value": f"12.50 {channel['currencyCode']}"},
                ],
                "shippingAddress": ADDRESS,
                "billingAddress": ADDRESS,
            }
        },
    )
    mutate(
        "exchange_draft_without_lines",
        "mutations/return_exchange_draft_create",
        {
            "input": {
                "channelId": channel["id"],
                "userEmail": "oms-contract@example.com",
                "lines": [],
                "customerNote": f"Empty exchange for RMA-CONTRACT (order #{order['number']}).",
            }
        },
    )
    mutate(
        "exchange_drafts_by_marker",
        "queries/return_exchange_drafts",
        {"key": "oms.return", "value": marker},
    )

    # -- cancelling the shipped fulfilment ----------------------------------------------------
    mutate(
        "fulfillment_cancel_shipped_without_warehouse_refused",
        "mutations/fulfillment_cancel",
        {"id": shipped["id"], "warehouse": None},
    )
    mutate(
        "fulfillment_cancel_shipped_with_warehouse_accepted",
        "mutations/fulfillment_cancel",
        {"id": shipped["id"], "warehouse": warehouse},
    )
    mutate(
        "fulfillment_cancel_canceled_refused",
        "mutations/fulfillment_cancel",
        {"id": shipped["id"], "warehouse": warehouse},
    )
    mutate("order_state_after_cancel", "queries/return_order_state", state_vars)


if __name__ == "__main__":
    try:
        main()
    except SetupFailed as failure:
        sys.exit(f"set-up failed: {failure}")
