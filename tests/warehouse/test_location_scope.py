"""API keys scoped to one location (a 3PL's warehouse, a store): they list only its work,
are refused acting on another location, and find other locations' rows missing; and a walk
of the schema that keeps every root field deciding how it honours the scope."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLInputObjectType, get_named_type
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.core.location_scope import (
    ByArgument,
    ByRow,
    LocationFree,
    ScopedResolver,
    query_rules,
)
from saleor_oms_plugin.graphql.core.mutations import DeclaredResolver
from saleor_oms_plugin.graphql.inventory.mutations import InventoryMutations
from saleor_oms_plugin.graphql.inventory.queries import InventoryQueries
from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.graphql.warehouse.mutations import WarehouseMutations
from saleor_oms_plugin.graphql.warehouse.queries import WarehouseQueries
from saleor_oms_plugin.tenants.models import ApiKey
from saleor_oms_plugin.warehouse.models import PickListLine, Release, Wave
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import (
    error_codes,
    gql,
    make_api_key,
    make_location,
    make_order,
    valid_moment,
)
from tests.fixtures.inventory import make_stock
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable

pytestmark = pytest.mark.django_db

WORK = ["MANAGE_ORDERS", "MANAGE_PRODUCTS"]

RELEASES = """
query { warehouseReleases(first: 20) { totalCount edges { node { location { name } } } } }
"""
RELEASES_AT = """
query At($id: ID!) { warehouseReleases(locationId: $id, first: 20) { totalCount } }
"""
WAVES = "query { waves(first: 20) { edges { node { id location { name } } } } }"
LAYOUT = "query L($id: ID!) { warehouseLayout(locationId: $id) { bins { code } } }"
STOCK = """
query { stockLevels(first: 20) { edges { node { variantId location { name } } } } }
"""
MOVEMENTS = "query { stockMovements(first: 20) { totalCount } }"
WAVE_CREATE = """
mutation W($id: ID!) { waveCreate(locationId: $id) { wave { id } errors { field code message } } }
"""
WAVE_CANCEL = """
mutation C($id: ID!) { waveCancel(id: $id) { wave { id state } errors { field code message } } }
"""
SCAN = """
mutation S($line: ID!) {
  pickScan(pickListLine: $line, binCode: "A-1", itemCode: "SKU-0", quantity: 1) {
    line { picked } errors { field code message }
  }
}
"""
ADJUST = """
mutation A($input: OmsStockAdjustInput!) {
  stockAdjust(input: $input) { stockLevel { onHand } errors { field code } }
}
"""
CHANNELS = "query { inventoryChannels { slug } }"
NODE = "query N($id: ID!) { node(id: $id) { id } }"
ME = "query { me { kind location { name } } }"
API_KEY_CREATE = """
mutation K($input: OmsApiKeyCreateInput!) {
  apiKeyCreate(input: $input) {
    key apiKey { name location { name } } errors { field code message }
  }
}
"""
API_KEYS = "query { apiKeys(first: 10) { edges { node { name location { name } } } } }"


@pytest.fixture
def two_sites(capture_tenant):
    """LA and NY, both picking, each with one waiting release and one released wave."""
    tenant = capture_tenant
    sites = {}
    for number, name in enumerate(("LA", "NY"), start=1):
        location = make_location(tenant, name)
        aisle(tenant, location)
        enable(tenant, location)
        apply_shipment(make_order(tenant, number, lines=1), location)
        wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
        wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)
        apply_shipment(make_order(tenant, 10 + number, lines=1), location)
        make_stock(tenant, location, f"variant-{name}", on_hand=5)
        sites[name] = location
    return tenant, sites


def _gid(location) -> str:
    return to_global_id("OmsLocation", location.pk)


def test_a_scoped_key_lists_only_its_location(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])

    _, body = gql(client, RELEASES, api_key=key)
    releases = body["data"]["warehouseReleases"]
    assert releases["totalCount"] == 2
    assert {e["node"]["location"]["name"] for e in releases["edges"]} == {"LA"}

    _, body = gql(client, WAVES, api_key=key)
    assert [e["node"]["location"]["name"] for e in body["data"]["waves"]["edges"]] == ["LA"]

    _, body = gql(client, STOCK, api_key=key)
    assert [e["node"]["location"]["name"] for e in body["data"]["stockLevels"]["edges"]] == ["LA"]
    _, body = gql(client, ME, api_key=key)
    assert body["data"]["me"] == {"kind": "API_KEY", "location": {"name": "LA"}}

    # an unscoped key of the same tenant still sees both
    whole = make_api_key(tenant, WORK)
    _, body = gql(client, RELEASES, api_key=whole)
    assert body["data"]["warehouseReleases"]["totalCount"] == 4


def test_a_scoped_key_is_refused_another_locations_work(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])
    ny = _gid(sites["NY"])

    for query in (RELEASES_AT, LAYOUT):
        _, body = gql(client, query, {"id": ny}, api_key=key)
        assert error_codes(body) == ["PERMISSION_DENIED"]
        assert "scoped to one location" in body["errors"][0]["message"]

    _, body = gql(client, WAVE_CREATE, {"id": ny}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert Wave.objects.filter(location=sites["NY"]).count() == 1

    adjust = {"locationId": ny, "variantId": "variant-NY", "delta": -5}
    _, body = gql(client, ADJUST, {"input": adjust}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(client, MOVEMENTS, api_key=key)
    assert body["data"]["stockMovements"]["totalCount"] == 0

    # its own location works
    _, body = gql(client, WAVE_CREATE, {"id": _gid(sites["LA"])}, api_key=key)
    assert body["data"]["waveCreate"]["errors"] == []


def test_foreign_ids_look_not_found_to_a_scoped_key(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])
    ny_line = PickListLine.objects.get(pick_list__wave__location=sites["NY"])
    line_gid = to_global_id("OmsPickListLine", ny_line.pk)
    missing_gid = to_global_id("OmsPickListLine", 999_999)

    _, foreign = gql(client, SCAN, {"line": line_gid}, api_key=key)
    _, missing = gql(client, SCAN, {"line": missing_gid}, api_key=key)

    assert foreign["data"]["pickScan"]["errors"] == [
        {"field": "pick_list_line", "code": "NOT_FOUND", "message": "No such pick list line."}
    ]
    assert foreign == missing
    ny_line.refresh_from_db()
    assert ny_line.picked == 0

    ny_wave = Wave.objects.get(location=sites["NY"])
    _, body = gql(client, WAVE_CANCEL, {"id": to_global_id("OmsWave", ny_wave.pk)}, api_key=key)
    assert body["data"]["waveCancel"]["errors"][0]["code"] == "NOT_FOUND"
    ny_wave.refresh_from_db()
    assert ny_wave.state == Wave.State.RELEASED

    # and its own line scans
    la_line = PickListLine.objects.get(pick_list__wave__location=sites["LA"])
    _, body = gql(client, SCAN, {"line": to_global_id("OmsPickListLine", la_line.pk)}, api_key=key)
    assert body["data"]["pickScan"] == {"line": {"picked": 1}, "errors": []}


def test_fields_not_limited_to_a_location_are_refused_to_a_scoped_key(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])

    _, body = gql(client, CHANNELS, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert "inventoryChannels is not limited to a location" in body["errors"][0]["message"]
    # node() would reach any row by its id
    wave = Wave.objects.get(location=sites["NY"])
    _, body = gql(client, NODE, {"id": to_global_id("OmsWave", wave.pk)}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]


ORDER_OF_RELEASE = """
query { warehouseReleases(first: 5) { edges { node { order { number %s } } } } }
"""


def test_a_scoped_key_sees_its_releases_orders_but_not_where_else_they_ship(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])

    _, body = gql(client, ORDER_OF_RELEASE % "", api_key=key)
    numbers = {e["node"]["order"]["number"] for e in body["data"]["warehouseReleases"]["edges"]}
    assert numbers == {"1", "11"}
    for field in ("fulfillments { warehouseName }", "routingPlan { id }"):
        _, body = gql(client, ORDER_OF_RELEASE % field, api_key=key)
        assert error_codes(body)[0] == "PERMISSION_DENIED"
        assert "OmsOrder." in body["errors"][0]["message"]
    # staff and unscoped keys still see them
    _, body = gql(
        client, ORDER_OF_RELEASE % "routingPlan { id }", api_key=make_api_key(tenant, WORK)
    )
    assert "errors" not in body


def test_staff_create_a_scoped_key_in_the_dashboard(client, capture_tenant):
    store = make_location(capture_tenant, "Store 7")
    dashboard = tokens()["app_extension_access"]
    with freeze_time(valid_moment("app_extension_access")):
        _, body = gql(
            client,
            API_KEY_CREATE,
            {"input": {"name": "3PL", "permissions": ["MANAGE_ORDERS"], "locationId": _gid(store)}},
            token=dashboard,
        )
        created = body["data"]["apiKeyCreate"]
        assert created["errors"] == []
        assert created["apiKey"] == {"name": "3PL", "location": {"name": "Store 7"}}
        _, listed = gql(client, API_KEYS, token=dashboard)
    assert listed["data"]["apiKeys"]["edges"] == [
        {"node": {"name": "3PL", "location": {"name": "Store 7"}}}
    ]
    assert ApiKey.objects.get().location_id == store.pk


def test_a_key_for_an_unknown_location_is_refused(client, capture_tenant):
    with freeze_time(valid_moment("app_extension_access")):
        _, body = gql(
            client,
            API_KEY_CREATE,
            {
                "input": {
                    "name": "3PL",
                    "permissions": ["MANAGE_ORDERS"],
                    "locationId": to_global_id("OmsLocation", 424242),
                }
            },
            token=tokens()["app_extension_access"],
        )
    payload = body["data"]["apiKeyCreate"]
    assert payload["key"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("location_id", "NOT_FOUND")]
    assert not ApiKey.objects.exists()


# --- the walk: every root field decides, and location work cannot forget ---------------------

# Location work a scoped key is deliberately refused: it spans locations or the whole store.
REFUSED_TO_SCOPED_KEYS = {
    "variantDimensionsSet": "product data shared by every location",
    "variantDimensionsImport": "product data shared by every location",
    "inventoryChannels": "channels span locations",
    "channelAvailability": "sums every location of a channel",
    "reservations": "a reservation spans locations",
    "reservation": "a reservation spans locations",
    "channelBufferSet": "channels span locations",
    "channelDefine": "channels span locations",
    "reservationCreate": "a reservation spans locations",
    "reservationRelease": "a reservation spans locations",
    "reservationConvert": "a reservation spans locations",
    "reservationLinkOrder": "a reservation spans locations",
    "transfers": "a transfer is between two locations",
    "transferRequest": "a transfer is between two locations",
    "transferDispatch": "a transfer is between two locations",
    "transferReceive": "a transfer is between two locations",
    "transferCancel": "a transfer is between two locations",
    "stockFeeds": "a feed may write to any location",
    "stockFeedRuns": "a feed may write to any location",
    "stockFeedRun": "a feed may write to any location",
    "stockFeedSourceSave": "a feed may write to any location",
    "stockFeedSubmit": "a feed may write to any location",
    # Other domains' fields taking a location, not offered to scoped keys (yet).
    "purchaseOrders": "purchasing is the merchant's",
    "purchaseSuggestions": "purchasing is the merchant's",
    "purchaseSuggestionsCsv": "purchasing is the merchant's",
    "purchaseOrdersCreateFromSuggestions": "purchasing is the merchant's",
    "replenishmentSettings": "replenishment is the merchant's",
    "replenishmentSettingSet": "replenishment is the merchant's",
    "stockAlerts": "replenishment is the merchant's",
    "locationDeliveryCalendar": "delivery promises are the merchant's",
    "locationDeliveryCalendarUpdate": "delivery promises are the merchant's",
    "insights": "figures of the whole store",
    "insightsOrders": "figures of the whole store",
    "insightsStock": "figures of the whole store",
    "locationRoutingSettings": "routing is the merchant's",
    "locationRoutingSettingsUpdate": "routing is the merchant's",
    "returnRequestMarkReceived": "returns are the merchant's",
    "apiKeyCreate": "only staff create keys",
}

LOCATION_MIXINS = (WarehouseQueries, WarehouseMutations, InventoryQueries, InventoryMutations)


def _rule(operation: str, name: str, field):
    if operation == "Query":
        assert isinstance(field.resolve, ScopedResolver), f"{name} is not behind the check"
        return query_rules().get(name)
    assert isinstance(field.resolve, DeclaredResolver), f"{name} is not a declared mutation"
    return field.resolve.declaration.location


def _root_fields():
    graphql_schema = schema.graphql_schema
    for operation, root in (
        ("Query", graphql_schema.query_type),
        ("Mutation", graphql_schema.mutation_type),
    ):
        assert root is not None
        yield from ((operation, name, field) for name, field in root.fields.items())


def _takes_location(field) -> bool:
    for arg_name, arg in field.args.items():
        named = get_named_type(arg.type)
        if arg_name == "locationId":
            return True
        if isinstance(named, GraphQLInputObjectType) and "locationId" in named.fields:
            return True
    return False


def test_every_root_field_is_behind_the_location_check():
    # Without a rule a field is refused to scoped keys: forgetting can only refuse, not leak.
    for operation, name, field in _root_fields():
        _rule(operation, name, field)


def test_location_work_says_how_it_honours_a_scope():
    """Warehouse and inventory fields, and any field anywhere taking a location, either have
    a rule or are listed here as refused on purpose."""
    camel = {to_camel_case(name) for mixin in LOCATION_MIXINS for name in mixin._meta.fields}
    undecided = []
    for operation, name, field in _root_fields():
        if name in camel or _takes_location(field):
            rule = _rule(operation, name, field)
            if rule is None and name not in REFUSED_TO_SCOPED_KEYS:
                undecided.append(name)
            if isinstance(rule, ByArgument):
                head = rule.path.split(".")[0]
                assert any(
                    arg_name == head or arg_name == to_camel_case(head) for arg_name in field.args
                ), f"{name}: no argument {rule.path}"
            assert rule is None or isinstance(rule, ByArgument | ByRow | LocationFree)
    assert undecided == [], (
        "Decide how these honour a location-scoped key (graphql.core.location_scope): "
        + ", ".join(undecided)
    )


PACK_START = """mutation P($id: ID!) { packStart(releaseId: $id) {
  task { release { id } } errors { field code } } }"""
PACK_STATION_AT = (
    """query S($id: ID!) { packStation(locationId: $id, scan: "1") { orderNumber } }"""
)


def test_a_scoped_key_packs_its_own_releases_only(client, two_sites):
    tenant, sites = two_sites
    key = make_api_key(tenant, WORK, location=sites["LA"])
    releases = {
        name: Release.objects.filter(location=sites[name]).order_by("pk").first()
        for name in ("LA", "NY")
    }

    # another location's release looks missing, and nothing starts packing there
    foreign = to_global_id("OmsWarehouseRelease", releases["NY"].pk)
    _, body = gql(client, PACK_START, {"id": foreign}, api_key=key)
    assert body["data"]["packStart"]["errors"] == [{"field": "release_id", "code": "NOT_FOUND"}]
    # and another location's pack station is refused
    _, body = gql(client, PACK_STATION_AT, {"id": _gid(sites["NY"])}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]

    # its own release, once picked, is packed as usual
    Release.objects.filter(pk=releases["LA"].pk).update(state=Release.State.PICKED)
    own = to_global_id("OmsWarehouseRelease", releases["LA"].pk)
    _, body = gql(client, PACK_START, {"id": own}, api_key=key)
    assert body["data"]["packStart"]["errors"] == []
    assert body["data"]["packStart"]["task"]["release"]["id"] == own
