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
MOVEMENTS = """query Moves($variantId: String!) { stockMovements(variantId: $variantId,
  reason: SHORT_PICK, first: 20) { edges { node { onHandDelta stock { location { saleorId } } } } } }"""
TASKS = """query Tasks { staffTasks(status: "open", first: 100) { edges { node { title } } } }"""
SALEOR_STOCKS = """query Stocks($id: ID!) { productVariant(id: $id) {
  stocks { warehouse { id } quantity } } }"""


def _oms(installation, order_id: str) -> dict:
    answer = installation.api.data(OMS_ORDER, {"reps": [{"__typename": "Order", "id": order_id}]})
    # null until the order's first webhook has reached the OMS
    return (answer["_entities"][0] or {}).get("oms") or {}


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

    # then the order is complete again: 1 mug re-sent from the short location, 2 from elsewhere
    def refulfilled():
        data = installation.saleor.data(FULFILMENTS, {"id": order["id"]})["order"]
        active = [f for f in data["fulfillments"] if f["status"] == "FULFILLED"]
        units = sum(line["quantity"] for f in active for line in f["lines"])
        return data if data["status"] == "FULFILLED" and units == 3 else None

    wait_for("the order to be fulfilled again", refulfilled, timeout=180)
    # and the ledger took the 2 missing mugs off that location, for a count task to check
    movements = wait_for(
        "a SHORT_PICK movement in the ledger",
        lambda: [
            e["node"]
            for e in installation.api.data(MOVEMENTS, {"variantId": store.variants["MUG"]})[
                "stockMovements"
            ]["edges"]
            if e["node"]["stock"]["location"]["saleorId"] == warehouse
        ],
        timeout=120,
    )
    assert [m["onHandDelta"] for m in movements] == [-2]
    tasks = installation.api.data(TASKS)["staffTasks"]["edges"]
    assert any("Count" in e["node"]["title"] for e in tasks), tasks
    # and Saleor agrees: the cancelled fulfilment put 3 back, 1 left again, the 2 missing are
    # gone (without the short pick movement Saleor would show 2 mugs that are not there)
    wait_for(
        "Saleor's stock at the short location to leave out the missing mugs",
        lambda: _saleor_quantity(installation, store.variants["MUG"], warehouse) == before,
        timeout=180,
    )
    # and the timeline reads in time order
    timeline = _oms(installation, order["id"])["timeline"]
    assert [event["at"] for event in timeline] == sorted(event["at"] for event in timeline)
