"""Record what a real Saleor answers to the documents our returns send.

Against a live Saleor 3.23.28 (``SALEOR_URL``, default the local one; staff sign-in from
``SALEOR_EMAIL``/``SALEOR_PASSWORD``, default Saleor's sample admin), on an order it creates
and fulfils itself (draftOrderCreate -> draftOrderComplete -> orderMarkAsPaid -> orderFulfill):
the old input (orderLines for shipped goods, refused), a return by fulfilment line (accepted),
an empty return, granted refunds (accepted and refused) and the cancel of a shipped fulfilment
without a warehouse (refused). Each answer is written to
``tests/fixtures/contract/returns/<case>.json`` as {case, document, variables, response}.
It only adds orders of its own; it changes no setting and deletes nothing.

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


def _documents():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")
    from saleor_oms_plugin.saleor.documents import document

    return document


class Saleor:
    def __init__(self) -> None:
        self.token = ""

    def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = requests.post(
            URL, json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
        )
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(json.dumps(body["errors"]))
        return body["data"]


def record(case: str, name: str, variables: dict[str, Any], response: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{case}.json").write_text(
        json.dumps(
            {"case": case, "document": name, "variables": variables, "response": response},
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    print("recorded", case)


def main() -> None:
    document = _documents()
    saleor = Saleor()
    saleor.token = saleor.run(
        "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }",
        {
            "e": os.environ.get("SALEOR_EMAIL", "admin@example.com"),
            "p": os.environ.get("SALEOR_PASSWORD", "admin"),
        },
    )["tokenCreate"]["token"]
    channel = saleor.run("{ channels { id slug currencyCode } }")["channels"][0]
    variants = saleor.run(
        "query($c: String) { productVariants(first: 50, channel: $c) { edges { node { id "
        "product { productType { isShippingRequired } } "
        "stocks { warehouse { id } quantity quantityAllocated } } } } }",
        {"c": channel["slug"]},
    )["productVariants"]["edges"]
    variant, warehouse = next(
        (edge["node"], stock["warehouse"]["id"])
        for edge in variants
        for stock in edge["node"]["stocks"]
        if stock["quantity"] - stock["quantityAllocated"] >= 4
    )
    address = {
        "firstName": "Ada",
        "lastName": "Lovelace",
        "streetAddress1": "1600 Amphitheatre Pkwy",
        "city": "Mountain View",
        "postalCode": "94043",
        "country": "US",
        "countryArea": "CA",
    }
    order = saleor.run(
        "mutation($i: DraftOrderCreateInput!) { draftOrderCreate(input: $i) { order { id "
        "shippingMethods { id active } lines { id } } errors { field code message } } }",
        {
            "i": {
                "channelId": channel["id"],
                "userEmail": "oms-contract@example.com",
                "lines": [{"variantId": variant["id"], "quantity": 3}],
                "shippingAddress": address,
                "billingAddress": address,
            }
        },
    )["draftOrderCreate"]["order"]
    method = next((m["id"] for m in order["shippingMethods"] if m["active"]), None)
    if method:
        saleor.run(
            "mutation($id: ID!, $m: ID) { draftOrderUpdate(id: $id, input: {shippingMethod: $m}) "
            "{ errors { field code message } } }",
            {"id": order["id"], "m": method},
        )
    saleor.run(
        "mutation($id: ID!) { draftOrderComplete(id: $id) { errors { field code message } } }",
        {"id": order["id"]},
    )
    saleor.run(
        'mutation($id: ID!) { orderMarkAsPaid(id: $id, transactionReference: "oms-contract") '
        "{ errors { field code message } } }",
        {"id": order["id"]},
    )
    line = order["lines"][0]["id"]
    saleor.run(
        "mutation($o: ID!, $i: OrderFulfillInput!) { orderFulfill(order: $o, input: $i) "
        "{ errors { field code message } } }",
        {
            "o": order["id"],
            "i": {
                "lines": [
                    {"orderLineId": line, "stocks": [{"warehouse": warehouse, "quantity": 3}]}
                ],
                "notifyCustomer": False,
            },
        },
    )
    state_vars = {"id": order["id"]}
    state = saleor.run(document("queries/return_order_state"), state_vars)
    record("order_state_after_fulfil", "queries/return_order_state", state_vars, state)
    fulfillment = next(f for f in state["order"]["fulfillments"] if f["status"] == "FULFILLED")
    shipped = fulfillment["lines"][0]["id"]

    def mutate(case: str, name: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = saleor.run(document(name), variables)
        record(case, name, variables, answer)
        return answer

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
                        "fulfillmentLineId": shipped,
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
                    {"fulfillmentLineId": shipped, "quantity": 5, "replace": False}
                ],
            },
        },
    )
    mutate(
        "return_empty_accepted",
        "mutations/order_return_products",
        {"order": order["id"], "input": base},
    )
    state = saleor.run(document("queries/return_order_state"), state_vars)
    record("order_state_after_return", "queries/return_order_state", state_vars, state)
    transactions = state["order"]["transactions"]
    grant = {
        "amount": "1.00",
        "reason": "RMA-CONTRACT return refund",
        "lines": [{"id": line, "quantity": 1, "reason": "RMA-CONTRACT"}],
    }
    if transactions:
        grant["transactionId"] = transactions[0]["id"]
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
        refund = (granted["orderGrantRefundCreate"]["grantedRefund"] or {}).get("id")
        if refund:
            mutate(
                "refund_request_for_granted_refund",
                "mutations/return_refund_request",
                {"grantedRefundId": refund, "transactionId": grant["transactionId"]},
            )
    mutate(
        "grant_refund_unknown_transaction_refused",
        "mutations/order_grant_refund_create",
        {
            "id": order["id"],
            "input": {
                **grant,
                "transactionId": "VHJhbnNhY3Rpb25JdGVtOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==",
            },
        },
    )
    mutate(
        "fulfillment_cancel_shipped_without_warehouse_refused",
        "mutations/fulfillment_cancel",
        {"id": fulfillment["id"], "warehouse": None},
    )


if __name__ == "__main__":
    main()
