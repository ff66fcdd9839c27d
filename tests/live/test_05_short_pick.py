"""A short pick: the missing units leave the location in the ledger and in Saleor."""

from __future__ import annotations

from tests.live.saleor_live import wait_for
from tests.live.store import order_place

OMS_ORDER = """query Oms($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Order { oms { timeline { kind at }
    routingPlan { id state shipments { id state location { saleorId }
      lines { lineId sku quantity } } } } } } }"""
SHORT_PICK = """mutation Short($shipmentId: ID!, $lines: [OmsShortPickLineInput!]!) {
  reportShortPick(shipmentId: $shipmentId, lines: $lines) { errors { field message code } } }"""
FULFILMENTS = """query Fulfilments($id: ID!) { order(id: $id) { status
  fulfillments { status warehouse { id } lines { quantity } } } }"""
SALEOR_STOCKS = """query Stocks($id: ID!) { productVariant(id: $id) {
  stocks { warehouse { id } quantity } } }"""


def _oms(installation, order_id: str) -> dict:
    answer = installation.api.data(OMS_ORDER, {"reps": [{"__typename": "Order", "id": order_id}]})
    return answer["_entities"][0]["oms"]


def _saleor_quantity(installation, variant_id: str, warehouse_id: str) -> int:
    stocks = installation.saleor.data(SALEOR_STOCKS, {"id": variant_id})["productVariant"]["stocks"]
    return next(s["quantity"] for s in stocks if s["warehouse"]["id"] == warehouse_id)


def test_a_short_pick_takes_the_missing_units_off_the_location(installation, store):
    # given an order routed and shipped from Los Angeles
    order = order_place(installation.saleor, store, {"MUG": 3}, email="short@example.com")
    plan = wait_for(
        "the order's plan to be applied",
        lambda: (
            (p := (_oms(installation, order["id"]) or {}).get("routingPlan"))
            and p["state"] == "APPLIED"
            and p
        ),
        timeout=180,
    )
    shipment = plan["shipments"][0]
    line = shipment["lines"][0]
    warehouse = shipment["location"]["saleorId"]
    before = _saleor_quantity(installation, store.variants["MUG"], warehouse)

    # when the picker finds only 1 of the 3 mugs
    installation.api.mutate(
        SHORT_PICK,
        {"shipmentId": shipment["id"], "lines": [{"lineId": line["lineId"], "missing": 2}]},
        field_name="reportShortPick",
    )

    # then the 2 missing mugs leave that location in Saleor (on top of the 1 shipped again)
    wait_for(
        "Saleor's stock at the short location to drop by the missing units",
        lambda: _saleor_quantity(installation, store.variants["MUG"], warehouse) == before - 2,
        timeout=180,
    )

    # and the order is complete again, the missing units from somewhere else
    def refulfilled():
        data = installation.saleor.data(FULFILMENTS, {"id": order["id"]})["order"]
        return data if data["status"] == "FULFILLED" else None

    shipped = wait_for("the order to be fulfilled again", refulfilled, timeout=180)
    active = [f for f in shipped["fulfillments"] if f["status"] == "FULFILLED"]
    assert sum(line["quantity"] for f in active for line in f["lines"]) == 3
    # and the timeline reads in time order
    timeline = _oms(installation, order["id"])["timeline"]
    assert [event["at"] for event in timeline] == sorted(event["at"] for event in timeline)
