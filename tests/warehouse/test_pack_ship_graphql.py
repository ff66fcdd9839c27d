"""The pack station and shipping through GraphQL, as the Dashboard calls them: the names of
the agreed contract, errors as codes, nothing written on a refusal, tenants apart."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.warehouse import ship_saleor
from saleor_oms_plugin.warehouse.models import Parcel, Release
from tests.fixtures.graphql import gql, make_api_key
from tests.fixtures.packing import SaleorShipStandIn, pack_shop, picked_release
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

TASK = """
  release { id state }
  orderNumber tote complete expectedWeightG weightToleranceG
  lines { lineId sku barcode productName quantity scanned }
  suggestions { boxCount emptyVolumeCm3 cost byVolumeOnly boxes { code name items weightG } }
  parcels { id releaseId boxCode weightG state carrier service trackingNumber labelUrl createdAt }
"""
STATION = "query S($l: ID!, $s: String!) { packStation(locationId: $l, scan: $s) { " + TASK + "} }"
START = "mutation P($r: ID!) { packStart(releaseId: $r) { task { " + TASK + "} errors { code } } }"
SCAN = """
mutation S($r: ID!, $c: String!, $q: Int) {
  packScan(releaseId: $r, code: $c, quantity: $q) {
    task { complete lines { sku scanned } } errors { field code message }
  }
}
"""
CLOSE = """
mutation C($r: ID!, $b: String!, $w: Int!, $o: Boolean) {
  packParcelClose(releaseId: $r, boxCode: $b, weightG: $w, override: $o) {
    task { release { state } parcels { state boxCode weightG } } errors { field code message }
  }
}
"""
SHIP = """
mutation S($r: ID!, $c: String!, $t: String) {
  releaseShip(releaseId: $r, carrier: $c, trackingNumber: $t) {
    release { state } parcels { id state carrier service trackingNumber }
    errors { field code message }
  }
}
"""
VOID = """
mutation V($p: ID!) {
  parcelVoid(parcelId: $p) { release { state } parcels { state } errors { code } }
}
"""
MANIFEST = """
mutation M($l: ID!, $c: String!) {
  manifestClose(locationId: $l, carrier: $c) {
    manifest { id carrier closedAt parcels documentUrl } errors { code }
  }
}
"""
LISTS = """
query L($l: ID!) {
  parcels(locationId: $l, state: SHIPPED) { id state trackingNumber labelUrl }
  manifests(locationId: $l) { carrier parcels documentUrl }
  carriers { code name services manualTracking }
}
"""


def _path(url):
    return "/" + url.split("/", 3)[3]


def _data(body, name):
    assert "errors" not in body, body
    return body["data"][name]


def test_pack_and_ship_a_release_through_the_api(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    tenant = make_capture_tenant()
    location = pack_shop(tenant)
    release = picked_release(tenant, location, 5)
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    saleor = SaleorShipStandIn()
    monkeypatch.setattr(ship_saleor, "ship_fulfillment", saleor)
    rid = to_global_id("OmsWarehouseRelease", release.pk)
    lid = to_global_id("OmsLocation", location.pk)

    _, body = gql(client, STATION, {"l": lid, "s": "5"}, api_key=key)
    task = _data(body, "packStation")
    assert task["orderNumber"] == "5" and task["release"]["id"] == rid
    assert task["lines"][0]["barcode"] == "4000000000000"
    assert task["suggestions"][0]["boxes"][0]["code"] == "SMALL"
    _, body = gql(client, START, {"r": rid}, api_key=key)
    assert _data(body, "packStart")["errors"] == []

    _, body = gql(client, SCAN, {"r": rid, "c": "SKU-7"}, api_key=key)
    assert [e["code"] for e in _data(body, "packScan")["errors"]] == ["WRONG_ITEM"]
    assert not Parcel.objects.exists()
    for code in ("SKU-0", "SKU-0", "4000000000001"):
        _, body = gql(client, SCAN, {"r": rid, "c": code}, api_key=key)
        assert _data(body, "packScan")["errors"] == []
    _, body = gql(client, SCAN, {"r": rid, "c": "SKU-1", "q": 2}, api_key=key)
    assert [e["code"] for e in _data(body, "packScan")["errors"]] == ["TOO_MANY"]
    _, body = gql(client, SCAN, {"r": rid, "c": "SKU-1"}, api_key=key)
    assert _data(body, "packScan")["task"]["complete"] is True

    _, body = gql(client, CLOSE, {"r": rid, "b": "SMALL", "w": 2000}, api_key=key)
    assert [e["code"] for e in _data(body, "packParcelClose")["errors"]] == ["WEIGHT_MISMATCH"]
    _, body = gql(client, CLOSE, {"r": rid, "b": "SMALL", "w": 1250}, api_key=key)
    closed = _data(body, "packParcelClose")["task"]
    assert closed["release"]["state"] == "PACKED"
    assert closed["parcels"] == [{"state": "CLOSED", "boxCode": "SMALL", "weightG": 1250}]

    with django_capture_on_commit_callbacks(execute=True):
        _, body = gql(client, SHIP, {"r": rid, "c": "own_fleet", "t": "VAN-42"}, api_key=key)
    shipped = _data(body, "releaseShip")
    assert shipped["errors"] == []
    # labelled when the answer is made; Saleor's approval runs once the request commits
    assert [(p["state"], p["trackingNumber"]) for p in shipped["parcels"]] == [
        ("LABELLED", "VAN-42")
    ]
    assert shipped["release"]["state"] == "PACKED"
    assert saleor.calls[0]["tracking_number"] == "VAN-42"
    assert Release.objects.get().state == Release.State.SHIPPED
    _, body = gql(client, SHIP, {"r": rid, "c": "own_fleet", "t": "VAN-42"}, api_key=key)
    again = _data(body, "releaseShip")
    assert again["release"]["state"] == "SHIPPED" and again["parcels"][0]["state"] == "SHIPPED"
    assert len(saleor.calls) == 1

    _, body = gql(client, MANIFEST, {"l": lid, "c": "own_fleet"}, api_key=key)
    manifest = _data(body, "manifestClose")["manifest"]
    assert manifest["parcels"] == 1 and manifest["carrier"] == "own_fleet"
    _, body = gql(client, VOID, {"p": shipped["parcels"][0]["id"]}, api_key=key)
    assert [e["code"] for e in _data(body, "parcelVoid")["errors"]] == ["NOT_VOIDABLE"]

    _, body = gql(client, LISTS, {"l": lid}, api_key=key)
    assert [p["trackingNumber"] for p in body["data"]["parcels"]] == ["VAN-42"]
    assert [(m["carrier"], m["parcels"]) for m in body["data"]["manifests"]] == [("own_fleet", 1)]
    label = client.get(_path(body["data"]["parcels"][0]["labelUrl"]))
    assert label.status_code == 200 and label.content.startswith(b"%PDF")
    assert label["Content-Disposition"] == 'inline; filename="label-VAN-42.pdf"'
    listing = client.get(_path(body["data"]["manifests"][0]["documentUrl"]))
    assert listing.content.decode().splitlines()[1].startswith("VAN-42,5,standard,SMALL,1250,")
    tampered = _path(body["data"]["manifests"][0]["documentUrl"]).replace("manifest", "x", 1)
    assert client.get(tampered).status_code == 403
    assert body["data"]["carriers"] == [
        {"code": "own_fleet", "name": "Own fleet", "services": ["standard"], "manualTracking": True}
    ]


def test_another_tenant_can_neither_see_nor_pack(client):
    tenant = make_capture_tenant()
    location = pack_shop(tenant)
    release = picked_release(tenant, location, 5)
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    key = make_api_key(other, ["MANAGE_ORDERS"])
    rid = to_global_id("OmsWarehouseRelease", release.pk)

    _, body = gql(client, SCAN, {"r": rid, "c": "SKU-0"}, api_key=key)
    assert [e["code"] for e in _data(body, "packScan")["errors"]] == ["NOT_FOUND"]
    _, body = gql(client, SHIP, {"r": rid, "c": "own_fleet"}, api_key=key)
    assert [e["code"] for e in _data(body, "releaseShip")["errors"]] == ["NOT_FOUND"]
    assert not Parcel.objects.exists()
    assert Release.objects.get().state == Release.State.PICKED
