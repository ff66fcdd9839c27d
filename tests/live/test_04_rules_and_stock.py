"""A trigger rule writing into Saleor, and stock changes travelling both ways."""

from __future__ import annotations

import json
import uuid

from tests.live.saleor_live import wait_for
from tests.live.store import order_place

RULE_CREATE = """mutation Rule($input: OmsRuleInput!) {
  ruleCreate(input: $input) { rule { id } errors { field message code } } }"""
EVENTS = """query Events($id: ID!) { order(id: $id) { events { type message }
  metafield(key: "oms.rule") privateMetafield(key: "oms.private") } }"""
STOCK_LEVELS = """query Stock($variantId: String!) { stockLevels(variantId: $variantId, first: 20) {
  edges { node { id onHand saleorQuantity location { id saleorId name } } } } }"""
SALEOR_STOCKS = """query Stocks($id: ID!) { productVariant(id: $id) {
  stocks { warehouse { id } quantity quantityAllocated } } }"""
SALEOR_STOCK_SET = """mutation Set($variantId: ID!, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, stocks: $stocks) {
    errors { field message code } } }"""
ADJUST = """mutation Adjust($input: OmsStockAdjustInput!) {
  stockAdjust(input: $input) { errors { field message code } } }"""


def test_a_rule_writes_a_note_on_the_saleor_order(installation, store):
    # given a rule on paid orders of this channel
    message = f"Packed with care {uuid.uuid4().hex[:6]}"
    installation.api.mutate(
        RULE_CREATE,
        {
            "input": {
                "name": f"Live note {message}",
                "enabled": True,
                "trigger": "order.paid",
                "conditions": json.dumps(
                    {"all": [{"field": "channel", "op": "eq", "value": store.channel_slug}]}
                ),
                "actions": json.dumps(
                    [
                        {"type": "note", "message": message},
                        {"type": "set_metadata", "items": {"oms.rule": message}},
                        {"type": "set_private_metadata", "items": {"oms.private": message}},
                    ]
                ),
            }
        },
        field_name="ruleCreate",
    )

    # when an order of that channel is paid
    order = order_place(installation.saleor, store, {"LAMP": 1}, email="rules@example.com")

    # then the note is on the order in Saleor, once
    def noted():
        events = installation.saleor.data(EVENTS, {"id": order["id"]})["order"]["events"]
        notes = [e for e in events if e["type"] == "NOTE_ADDED" and e["message"] == message]
        return notes or None

    assert len(wait_for("the rule's note in Saleor", noted, timeout=180)) == 1
    # and its metadata, public and private
    wait_for(
        "the rule's metadata in Saleor",
        lambda: (
            (o := installation.saleor.data(EVENTS, {"id": order["id"]})["order"])
            and (o["metafield"], o["privateMetafield"]) == (message, message)
        ),
        timeout=180,
    )


def _level(installation, variant_id: str, warehouse_id: str) -> dict | None:
    edges = installation.api.data(STOCK_LEVELS, {"variantId": variant_id})["stockLevels"]["edges"]
    for edge in edges:
        if edge["node"]["location"]["saleorId"] == warehouse_id:
            return edge["node"]
    return None


def _saleor_quantity(installation, variant_id: str, warehouse_id: str) -> int:
    stocks = installation.saleor.data(SALEOR_STOCKS, {"id": variant_id})["productVariant"]["stocks"]
    return next(s["quantity"] for s in stocks if s["warehouse"]["id"] == warehouse_id)


def test_a_stock_change_made_in_saleor_reaches_the_ledger(installation, store):
    variant, warehouse = store.variants["LAMP"], store.warehouses["Dallas"]
    # when staff set Dallas's lamp stock in Saleor (the event carries no quantity)
    installation.saleor.mutate(
        SALEOR_STOCK_SET,
        {"variantId": variant, "stocks": [{"warehouse": warehouse, "quantity": 37}]},
        field_name="productVariantStocksUpdate",
    )
    # then the OMS re-reads it and its ledger agrees
    wait_for(
        "the ledger to show 37 lamps in Dallas",
        lambda: (_level(installation, variant, warehouse) or {}).get("onHand") == 37,
        timeout=180,
    )


def test_a_stock_change_made_in_the_oms_reaches_saleor(installation, store):
    variant, warehouse = store.variants["LAMP"], store.warehouses["Seattle"]
    level = wait_for(
        "the Seattle lamp stock in the ledger",
        lambda: _level(installation, variant, warehouse),
        timeout=120,
    )
    before = _saleor_quantity(installation, variant, warehouse)
    # when staff count 4 more lamps in Seattle in the OMS
    installation.api.mutate(
        ADJUST,
        {
            "input": {
                "locationId": level["location"]["id"],
                "variantId": variant,
                "delta": 4,
                "reason": "MANUAL_ADJUSTMENT",
                "reference": "live count",
            }
        },
        field_name="stockAdjust",
    )
    # then the write-back sets Saleor's quantity
    wait_for(
        "Saleor's Seattle lamp stock to grow by 4",
        lambda: _saleor_quantity(installation, variant, warehouse) == before + 4,
        timeout=180,
    )
