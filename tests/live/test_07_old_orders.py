"""Saleor's own old orders (blank origin) stay current through webhooks, not only the import."""

from __future__ import annotations

import uuid

from tests.live.saleor_live import wait_for

SAMPLE_ORDERS = """query Old { orders(first: 20, sortBy: {field: NUMBER, direction: ASC}) {
  edges { node { id number updatedAt } } } }"""
NOTE = """mutation Note($id: ID!, $message: String!) { orderNoteAdd(order: $id,
  input: {message: $message}) { errors { field message code } } }"""
OMS_ORDER = """query Oms($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Order { oms { order { number updatedAt origin } } } } }"""


def _oms_order(installation, order_id: str) -> dict | None:
    answer = installation.api.data(OMS_ORDER, {"reps": [{"__typename": "Order", "id": order_id}]})
    return ((answer["_entities"][0] or {}).get("oms") or {}).get("order")


def test_an_update_to_a_sample_order_with_a_blank_origin_reaches_the_oms(installation):
    # given one of Saleor's sample orders, imported with an unknown origin
    oldest = installation.saleor.data(SAMPLE_ORDERS)["orders"]["edges"][0]["node"]
    imported = wait_for(
        "the sample order in the OMS", lambda: _oms_order(installation, oldest["id"]), timeout=600
    )
    assert imported["origin"] == ""

    # when staff add a note to it in Saleor (ORDER_UPDATED)
    installation.saleor.mutate(
        NOTE,
        {"id": oldest["id"], "message": f"live {uuid.uuid4().hex[:6]}"},
        field_name="orderNoteAdd",
    )

    # then the OMS takes the newer version, though Saleor cannot say the order's origin
    wait_for(
        "the OMS to take the updated order",
        lambda: (
            (_oms_order(installation, oldest["id"]) or {}).get("updatedAt", "")
            > imported["updatedAt"]
        ),
        timeout=180,
    )
