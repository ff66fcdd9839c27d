"""Pick, pack and ship on the real Saleor: Saleor's approval flow (docs/WAREHOUSE.md).

With the shop's automatic approval off, a location without warehouse execution still ships at
once (the OMS approves), and one with it keeps the fulfilment waiting until the parcel is
picked, packed and labelled; shipping approves it with the tracking number.
"""

from __future__ import annotations

import uuid

import pytest

from tests.live.saleor_live import wait_for
from tests.live.store import order_place

SHOP = "query Shop { shop { fulfillmentAutoApprove } }"
SHOP_SET = """mutation Approve($on: Boolean!) {
  shopSettingsUpdate(input: {fulfillmentAutoApprove: $on}) {
    shop { fulfillmentAutoApprove } errors { field message code } } }"""
FULFILMENTS = """query Fulfilments($id: ID!) { order(id: $id) { status
  fulfillments { id status trackingNumber warehouse { id } } } }"""
SALEOR_STOCKS = """query Stocks($id: ID!) { productVariant(id: $id) {
  stocks { warehouse { id } quantity } } }"""
LOCATION = "query L($saleorId: String) { location(saleorId: $saleorId) { id } }"
EXECUTION = """mutation E($id: ID!, $on: Boolean!) {
  warehouseExecutionSet(locationId: $id, input: {enabled: $on, strategy: DISCRETE}) {
    errors { field code message } } }"""
ZONE = """mutation Z($id: ID!) { warehouseZoneSave(locationId: $id, code: "A", name: "Aisle A") {
  errors { field code message } } }"""
BIN = """mutation B($input: OmsWarehouseBinInput!) { warehouseBinSave(input: $input) {
  errors { field code message } } }"""
SLOT = """mutation S($id: ID!, $sku: String!, $bin: String!) {
  warehouseSlotSet(locationId: $id, sku: $sku, binCode: $bin) { errors { field code message } } }"""
BOX = """mutation X($input: OmsBoxTypeInput!) { boxTypeSave(input: $input) {
  errors { field code message } } }"""
DIMENSIONS = """mutation D($input: OmsVariantDimensionsInput!) { variantDimensionsSet(input: $input) {
  errors { field code message } } }"""
DIMENSIONS_IMPORT = (
    """mutation I { variantDimensionsImport { queued errors { field code message } } }"""
)
SIZES = """query Sizes($ids: [String!]) { variantDimensions(variantIds: $ids, first: 10) {
  edges { node { variantId weightG } } } }"""
RELEASES = """query R($id: ID!) { warehouseReleases(locationId: $id, first: 50) {
  edges { node { id state saleorFulfillmentId order { saleorId } } } } }"""
WAVE = """mutation W($id: ID!, $release: ID!) {
  waveCreate(locationId: $id, releaseIds: [$release], strategy: DISCRETE, release: true) {
    wave { id pickLists { lines { id sku quantity bin { code } } } }
    errors { field code message } } }"""
PICK = """mutation P($line: ID!, $bin: String!, $item: String!, $quantity: Int!) {
  pickScan(pickListLine: $line, binCode: $bin, itemCode: $item, quantity: $quantity) {
    errors { field code message } } }"""
PACK_START = """mutation S($id: ID!) { packStart(releaseId: $id) {
  task { complete expectedWeightG suggestions { boxes { code } } }
  errors { field code message } } }"""
PACK_SCAN = """mutation C($id: ID!, $code: String!) { packScan(releaseId: $id, code: $code) {
  task { complete expectedWeightG suggestions { boxes { code } } lines { sku scanned } }
  errors { field code message } } }"""
PACK_CLOSE = """mutation L($id: ID!, $box: String!, $grams: Int!) {
  packParcelClose(releaseId: $id, boxCode: $box, weightG: $grams) {
    task { release { state } } errors { field code message } } }"""
SHIP = """mutation Ship($id: ID!, $tracking: String!) {
  releaseShip(releaseId: $id, carrier: "own_fleet", trackingNumber: $tracking) {
    release { state } parcels { trackingNumber state } errors { field code message } } }"""


def _data(endpoint, query, variables=None):
    return endpoint.data(query, variables or {})


def _no_errors(answer: dict, field: str) -> dict:
    payload = answer[field]
    assert payload["errors"] == [], payload["errors"]
    return payload


def _fulfilments(installation, order_id: str) -> list[dict]:
    return _data(installation.saleor, FULFILMENTS, {"id": order_id})["order"]["fulfillments"]


def _saleor_quantity(installation, variant_id: str, warehouse_id: str) -> int:
    stocks = _data(installation.saleor, SALEOR_STOCKS, {"id": variant_id})["productVariant"]
    return next(s["quantity"] for s in stocks["stocks"] if s["warehouse"]["id"] == warehouse_id)


@pytest.fixture
def approval_by_hand(installation):
    """The shop's automatic approval off for the test, as the merchant switches it; restored."""
    before = _data(installation.saleor, SHOP)["shop"]["fulfillmentAutoApprove"]
    installation.saleor.mutate(SHOP_SET, {"on": False}, field_name="shopSettingsUpdate")
    yield
    installation.saleor.mutate(SHOP_SET, {"on": before}, field_name="shopSettingsUpdate")


@pytest.fixture
def seattle_picks(installation, store, approval_by_hand):
    """Warehouse execution on in Seattle: one aisle, the lamp slotted, a box, its size."""
    api = installation.api
    location = _data(api, LOCATION, {"saleorId": store.warehouses["Seattle"]})["location"]["id"]
    _no_errors(api.data(EXECUTION, {"id": location, "on": True}), "warehouseExecutionSet")
    _no_errors(api.data(ZONE, {"id": location}), "warehouseZoneSave")
    bin_input = {"locationId": location, "code": "A-01", "zoneCode": "A", "sequence": 1}
    _no_errors(api.data(BIN, {"input": bin_input}), "warehouseBinSave")
    lamp = f"LAMP-{store.run}"  # the store's SKUs carry the run
    _no_errors(api.data(SLOT, {"id": location, "sku": lamp, "bin": "A-01"}), "warehouseSlotSet")
    box = {
        "locationId": location,
        "code": "M",
        "innerWidthMm": 400,
        "innerHeightMm": 300,
        "innerDepthMm": 300,
        "maxWeightG": 20000,
    }
    _no_errors(api.data(BOX, {"input": box}), "boxTypeSave")
    size = {
        "variantId": store.variants["LAMP"],
        "sku": lamp,
        "barcode": "4006381333931",
        "widthMm": 200,
        "heightMm": 300,
        "depthMm": 200,
        "weightG": 1500,
    }
    _no_errors(api.data(DIMENSIONS, {"input": size}), "variantDimensionsSet")
    yield location
    _no_errors(api.data(EXECUTION, {"id": location, "on": False}), "warehouseExecutionSet")


def test_a_location_without_warehouse_execution_ships_at_once(
    installation, store, approval_by_hand
):
    # given a shop that holds fulfilments for approval
    # when a mug order to San Francisco is routed to Los Angeles (no warehouse execution)
    order = order_place(
        installation.saleor, store, {"MUG": 1}, email=f"{uuid.uuid4().hex}@example.com"
    )

    # then the OMS approved Saleor's waiting fulfilment: the order ships as before
    def shipped():
        found = _fulfilments(installation, order["id"])
        return found if found and all(f["status"] == "FULFILLED" for f in found) else None

    fulfilments = wait_for("the OMS to approve the fulfilment", shipped, timeout=180)
    assert [f["warehouse"]["id"] for f in fulfilments] == [store.warehouses["Los Angeles"]]


def test_pick_pack_and_ship_an_order_on_the_real_saleor(installation, store, seattle_picks):
    api, location = installation.api, seattle_picks
    seattle = store.warehouses["Seattle"]
    before = _saleor_quantity(installation, store.variants["LAMP"], seattle)

    # given a lamp order to San Francisco, routed to Seattle, where the warehouse picks
    order = order_place(
        installation.saleor, store, {"LAMP": 1}, email=f"{uuid.uuid4().hex}@example.com"
    )

    def released():
        edges = _data(api, RELEASES, {"id": location})["warehouseReleases"]["edges"]
        mine = [e["node"] for e in edges if e["node"]["order"]["saleorId"] == order["id"]]
        return mine[0] if mine else None

    release = wait_for("the shipment to be released to Seattle", released, timeout=180)
    # then Saleor holds its fulfilment for approval, stock untouched (docs/WAREHOUSE.md)
    [waiting] = _fulfilments(installation, order["id"])
    assert (waiting["id"], waiting["status"]) == (
        release["saleorFulfillmentId"],
        "WAITING_FOR_APPROVAL",
    )
    assert _saleor_quantity(installation, store.variants["LAMP"], seattle) == before

    # when it is picked by scan from a discrete wave
    wave = _no_errors(api.data(WAVE, {"id": location, "release": release["id"]}), "waveCreate")
    [pick_list] = wave["wave"]["pickLists"]
    for line in pick_list["lines"]:
        variables = {
            "line": line["id"],
            "bin": line["bin"]["code"],
            "item": line["sku"],
            "quantity": line["quantity"],
        }
        _no_errors(api.data(PICK, variables), "pickScan")

    # and packed: a wrong scan is refused, the lamp's barcode is counted, a box is suggested
    _no_errors(api.data(PACK_START, {"id": release["id"]}), "packStart")
    wrong = api.data(PACK_SCAN, {"id": release["id"], "code": "NOT-OURS"})["packScan"]
    assert [e["code"] for e in wrong["errors"]] == ["WRONG_ITEM"]
    task = _no_errors(
        api.data(PACK_SCAN, {"id": release["id"], "code": "4006381333931"}), "packScan"
    )["task"]
    assert task["complete"] is True
    box = task["suggestions"][0]["boxes"][0]["code"]
    assert box == "M"
    closed = _no_errors(
        api.data(PACK_CLOSE, {"id": release["id"], "box": box, "grams": task["expectedWeightG"]}),
        "packParcelClose",
    )
    assert closed["task"]["release"]["state"] == "PACKED"

    # and shipped with the courier's tracking number
    tracking = f"LIVE{uuid.uuid4().hex[:10].upper()}"
    _no_errors(api.data(SHIP, {"id": release["id"], "tracking": tracking}), "releaseShip")

    # then Saleor's fulfilment is approved with the tracking number, the order fulfilled
    def approved():
        found = _fulfilments(installation, order["id"])
        return found if found and found[0]["status"] == "FULFILLED" else None

    [fulfilment] = wait_for("Saleor to approve the fulfilment", approved, timeout=180)
    assert fulfilment["trackingNumber"] == tracking
    assert fulfilment["warehouse"]["id"] == seattle
    # and Saleor took the lamp out of Seattle's stock only now
    assert _saleor_quantity(installation, store.variants["LAMP"], seattle) == before - 1
    # and the release is shipped in the OMS
    wait_for(
        "the release to be shipped",
        lambda: (r := released()) and r["state"] == "SHIPPED",
        timeout=120,
    )


def test_weights_are_imported_from_saleor(installation, store):
    # when staff import the sizes and weights
    payload = installation.api.data(DIMENSIONS_IMPORT)["variantDimensionsImport"]
    assert payload == {"queued": True, "errors": []}

    # then the mug carries the weight Saleor gives its variant (0.5 kg)
    def imported():
        edges = _data(installation.api, SIZES, {"ids": [store.variants["MUG"]]})
        weights = [e["node"]["weightG"] for e in edges["variantDimensions"]["edges"]]
        return weights if weights and weights[0] else None

    assert wait_for("the import to weigh the mug", imported, timeout=180) == [500]
