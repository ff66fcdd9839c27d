"""The warehouse GraphQL API: the switch, layout editing, CSV errors per row, waves and picks
by scan; permissions and tenant isolation."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.warehouse.models import LocationExecution, PickListLine, Slot
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location, make_order
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import aisle, apply_shipment, release_of

pytestmark = pytest.mark.django_db

SWITCH = """
mutation Switch($location: ID!, $input: OmsWarehouseExecutionInput!) {
  warehouseExecutionSet(locationId: $location, input: $input) {
    execution { enabled waveSizeCap strategy cutoffTimes timeZone location { name } }
    errors { field code message }
  }
}
"""
EXECUTION = """
query Execution($id: ID!) { warehouseExecution(locationId: $id) { enabled strategy } }
"""
IMPORT = """
mutation Import($location: ID!, $csv: String!) {
  warehouseSlottingImport(locationId: $location, csv: $csv) {
    created updated unchanged errors { field code message }
  }
}
"""
BOX = """
mutation Box($input: OmsBoxTypeInput!) {
  boxTypeSave(input: $input) { boxType { code cost currency } errors { field code } }
}
"""
WAVE = """
mutation Wave($location: ID!) {
  waveCreate(locationId: $location, release: true) {
    wave { id state pickLists { lines { id sku quantity bin { code } } } }
    errors { field code message }
  }
}
"""
SCAN = """
mutation Scan($line: ID!, $bin: String!, $item: String!, $quantity: Int!) {
  pickScan(pickListLine: $line, binCode: $bin, itemCode: $item, quantity: $quantity) {
    line { picked openQuantity }
    errors { field code message }
  }
}
"""
RELEASES = "query { warehouseReleases(first: 10) { totalCount edges { node { id state } } } }"


@pytest.fixture
def shop(capture_tenant):
    location = make_location(capture_tenant, "LA")
    aisle(capture_tenant, location)
    return capture_tenant, location, to_global_id("OmsLocation", location.pk)


def _switch_on(client, key, location_gid, **extra):
    return gql(
        client,
        SWITCH,
        {
            "location": location_gid,
            "input": {"enabled": True, "strategy": "DISCRETE", "cutoffTimes": ["15:30"], **extra},
        },
        api_key=key,
    )


def test_staff_switch_execution_on_and_releases_then_flow_to_picking(client, shop):
    tenant, location, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    assert gql(client, EXECUTION, {"id": location_gid}, api_key=key)[1]["data"] == {
        "warehouseExecution": {"enabled": False, "strategy": "BATCH"}
    }

    _, body = _switch_on(client, key, location_gid)
    assert body["data"]["warehouseExecutionSet"] == {
        "execution": {
            "enabled": True,
            "waveSizeCap": 200,
            "strategy": "DISCRETE",
            "cutoffTimes": ["15:30"],
            "timeZone": "UTC",
            "location": {"name": "LA"},
        },
        "errors": [],
    }
    assert AuditEvent.objects.filter(verb="location.warehouse_execution_updated").exists()

    shipment = apply_shipment(make_order(tenant, 1, lines=1), location)
    _, body = gql(client, WAVE, {"location": location_gid}, api_key=key)
    wave = body["data"]["waveCreate"]
    assert wave["errors"] == [] and wave["wave"]["state"] == "RELEASED"
    (line,) = wave["wave"]["pickLists"][0]["lines"]
    assert (line["sku"], line["quantity"], line["bin"]["code"]) == ("SKU-0", 2, "A-1")

    _, body = gql(
        client,
        SCAN,
        {"line": line["id"], "bin": "B-1", "item": "SKU-0", "quantity": 1},
        api_key=key,
    )
    assert body["data"]["pickScan"]["line"] is None
    assert body["data"]["pickScan"]["errors"][0]["code"] == "WRONG_BIN"
    assert PickListLine.objects.get().picked == 0

    _, body = gql(
        client,
        SCAN,
        {"line": line["id"], "bin": "A-1", "item": "SKU-0", "quantity": 2},
        api_key=key,
    )
    assert body["data"]["pickScan"] == {"line": {"picked": 2, "openQuantity": 0}, "errors": []}
    assert release_of(shipment).state == "picked"


def test_bad_switch_settings_are_refused_with_nothing_changed(client, shop):
    tenant, _, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])

    _, body = _switch_on(client, key, location_gid, cutoffTimes=["25:99"])

    assert body["data"]["warehouseExecutionSet"]["errors"][0]["field"] == "cutoff_times"
    assert not LocationExecution.objects.exists()


def test_a_slotting_csv_reports_an_error_per_bad_row(client, shop):
    tenant, _, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    before = list(Slot.objects.values_list("sku", "bin_id"))

    _, body = gql(
        client,
        IMPORT,
        {"location": location_gid, "csv": "sku,bin\nSKU-0,NOPE\nNEW,A-1\n,A-2\n"},
        api_key=key,
    )

    result = body["data"]["warehouseSlottingImport"]
    assert (result["created"], result["updated"]) == (0, 0)
    assert [(e["field"], e["code"], e["message"]) for e in result["errors"]] == [
        ("csv", "CSV_INVALID", "line 2: no bin NOPE at this location"),
        ("csv", "CSV_INVALID", "line 4: the SKU is empty"),
    ]
    assert list(Slot.objects.values_list("sku", "bin_id")) == before


def test_box_types_through_the_api(client, shop):
    tenant, _, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    box = {
        "locationId": location_gid,
        "code": "S",
        "innerWidthMm": 200,
        "innerHeightMm": 100,
        "innerDepthMm": 150,
        "maxWeightG": 5000,
        "cost": "0.45",
        "currency": "EUR",
    }

    _, body = gql(client, BOX, {"input": box}, api_key=key)

    assert body["data"]["boxTypeSave"] == {
        "boxType": {"code": "S", "cost": "0.45", "currency": "EUR"},
        "errors": [],
    }


def test_the_work_needs_manage_orders(client, shop):
    tenant, _, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])

    _, body = gql(client, WAVE, {"location": location_gid}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(client, RELEASES, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_another_tenant_sees_and_touches_nothing(client, shop):
    tenant, location, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _switch_on(client, key, location_gid)
    apply_shipment(make_order(tenant, 1, lines=1), location)
    gql(client, WAVE, {"location": location_gid}, api_key=key)
    line_gid = to_global_id("OmsPickListLine", PickListLine.objects.get().pk)
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    other_key = make_api_key(other, ["MANAGE_ORDERS", "MANAGE_PRODUCTS"])

    _, body = gql(client, RELEASES, api_key=other_key)
    assert body["data"]["warehouseReleases"]["totalCount"] == 0
    _, body = gql(
        client,
        SCAN,
        {"line": line_gid, "bin": "A-1", "item": "SKU-0", "quantity": 1},
        api_key=other_key,
    )
    assert body["data"]["pickScan"]["errors"][0]["code"] == "NOT_FOUND"
    _, body = _switch_on(client, other_key, location_gid)
    assert body["data"]["warehouseExecutionSet"]["errors"][0]["code"] == "LOCATION_NOT_FOUND"
    _, body = gql(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": line_gid}, api_key=other_key
    )
    assert body["data"]["node"] is None
    assert PickListLine.objects.get().picked == 0


LAYOUT_EDIT = """
mutation Edit($location: ID!) {
  zone: warehouseZoneSave(locationId: $location, code: "C", name: "Cold") {
    zone { id code name } errors { code }
  }
  bin: warehouseBinSave(input: {locationId: $location, code: "C-1", zoneCode: "C",
                                sequence: 50, x: 9.5, y: 1}) {
    bin { id code sequence zone { code } } errors { code }
  }
  slot: warehouseSlotSet(locationId: $location, sku: "ICE", binCode: "C-1") {
    slot { id sku bin { code } } errors { code }
  }
  dims: variantDimensionsSet(input: {variantId: "UHJvZHVjdFZhcmlhbnQ6MQ==", sku: "ICE",
                                     widthMm: 100, heightMm: 50, depthMm: 80, weightG: 400}) {
    dimensions { sku widthMm weightG } errors { code }
  }
}
"""
LAYOUT_QUERY = """
query Layout($id: ID!) {
  warehouseLayout(locationId: $id) { zones { code } bins { code } slots { sku } boxTypes { code } }
}
"""
DELETE = """
mutation Delete($slot: ID!, $bin: ID!, $zone: ID!) {
  slot: warehouseSlotDelete(id: $slot) { deletedId errors { code } }
  bin: warehouseBinDelete(id: $bin) { deletedId errors { code } }
  zone: warehouseZoneDelete(id: $zone) { deletedId errors { code } }
}
"""
WAVE_BY_HAND = """
mutation Wave($location: ID!, $releases: [ID!]) {
  waveCreate(locationId: $location, releaseIds: $releases, strategy: ZONE) {
    wave { id state strategy releases { id } } errors { field code }
  }
}
"""
WAVE_RELEASE = """
mutation Release($id: ID!) {
  waveRelease(id: $id) { wave { state pickLists { zone lines { id sku } } } errors { code } }
}
"""
WAVE_CANCEL = "mutation($id: ID!) { waveCancel(id: $id) { wave { state } errors { code } } }"
SHORT = """
mutation Short($line: ID!) {
  pickShort(pickListLine: $line, quantity: 2) { line { short openQuantity } errors { code } }
}
"""


def test_layout_editing_through_the_api(client, shop):
    tenant, _, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])

    _, body = gql(client, LAYOUT_EDIT, {"location": location_gid}, api_key=key)
    data = body["data"]
    assert all(data[name]["errors"] == [] for name in ("zone", "bin", "slot", "dims"))
    assert data["bin"]["bin"]["zone"] == {"code": "C"}
    assert data["dims"]["dimensions"] == {"sku": "ICE", "widthMm": 100, "weightG": 400}

    _, body = gql(
        client,
        DELETE,
        {
            "slot": data["slot"]["slot"]["id"],
            "bin": data["bin"]["bin"]["id"],
            "zone": data["zone"]["zone"]["id"],
        },
        api_key=key,
    )
    assert [body["data"][name]["errors"] for name in ("slot", "bin", "zone")] == [[], [], []]
    _, body = gql(client, LAYOUT_QUERY, {"id": location_gid}, api_key=key)
    assert "C" not in {z["code"] for z in body["data"]["warehouseLayout"]["zones"]}
    assert "ICE" not in {s["sku"] for s in body["data"]["warehouseLayout"]["slots"]}


def test_another_tenants_layout_is_not_readable(client, shop):
    _, _, location_gid = shop
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    key = make_api_key(other, ["MANAGE_PRODUCTS"])

    _, body = gql(client, LAYOUT_QUERY, {"id": location_gid}, api_key=key)

    assert body["data"] is None
    assert error_codes(body) == ["INVALID_ID"]


def test_waves_by_hand_released_cancelled_and_short_picked_through_the_api(client, shop):
    tenant, location, location_gid = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _switch_on(client, key, location_gid)
    releases = [
        release_of(apply_shipment(make_order(tenant, n, lines=4), location)) for n in (1, 2)
    ]
    first = to_global_id("OmsWarehouseRelease", releases[0].pk)

    _, body = gql(
        client, WAVE_BY_HAND, {"location": location_gid, "releases": [first]}, api_key=key
    )
    wave = body["data"]["waveCreate"]["wave"]
    assert (wave["state"], wave["strategy"], wave["releases"]) == ("OPEN", "ZONE", [{"id": first}])
    _, body = gql(client, WAVE_CANCEL, {"id": wave["id"]}, api_key=key)
    assert body["data"]["waveCancel"]["wave"] == {"state": "CANCELLED"}

    _, body = gql(
        client, WAVE_BY_HAND, {"location": location_gid, "releases": [first]}, api_key=key
    )
    _, body = gql(
        client, WAVE_RELEASE, {"id": body["data"]["waveCreate"]["wave"]["id"]}, api_key=key
    )
    released = body["data"]["waveRelease"]["wave"]
    assert released["state"] == "RELEASED"
    assert [p["zone"] for p in released["pickLists"]] == ["A", "B"]
    line_id = released["pickLists"][0]["lines"][0]["id"]

    _, body = gql(client, SHORT, {"line": line_id}, api_key=key)
    assert body["data"]["pickShort"] == {"line": {"short": 2, "openQuantity": 0}, "errors": []}
    _, body = gql(client, SHORT, {"line": line_id}, api_key=key)
    assert body["data"]["pickShort"]["errors"] == [{"code": "OVER_QUANTITY"}]
