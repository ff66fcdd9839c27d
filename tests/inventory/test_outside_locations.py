"""Outside locations (stores, 3PLs, marketplaces): managed by staff, never Saleor's business."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel, StockWriteBack
from saleor_oms_plugin.inventory.reconcile import inventory_import_run, stock_reconcile
from saleor_oms_plugin.inventory.selectors import channel_availability
from saleor_oms_plugin.inventory.services import stock_adjust
from saleor_oms_plugin.inventory.write_back import write_back_run
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.webhooks.read_model_import import tenant_import_read_models_run
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import OPERATOR, SaleorStockBook, make_outside_location, make_stock
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"

CREATE = """
mutation Create($input: OmsOutsideLocationCreateInput!) {
  locationCreate(input: $input) {
    location { id kind saleorId name slug city country latitude longitude isDeleted }
    errors { field message code }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: OmsOutsideLocationUpdateInput!) {
  locationUpdate(id: $id, input: $input) {
    location { name city latitude longitude } errors { field code }
  }
}
"""
ARCHIVE = """
mutation Archive($id: ID!, $archived: Boolean) {
  locationArchive(id: $id, archived: $archived) { location { isDeleted } errors { code } }
}
"""
LIST = """
query List($kinds: [OmsLocationKind!], $deleted: Boolean) {
  locations(first: 20, kinds: $kinds, includeDeleted: $deleted) {
    edges { node { slug kind saleorId } }
  }
}
"""


def _store_input(**overrides):
    return {
        "input": {
            "name": "SoHo store",
            "slug": "soho",
            "kind": "STORE",
            "streetAddress1": "1 Spring St",
            "city": "New York",
            "country": "us",
            "latitude": 40.72,
            "longitude": -74.0,
            **overrides,
        }
    }


def test_staff_create_change_and_archive_an_outside_location(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    make_location(capture_tenant, "LA")
    # when a store is created
    _, created = gql(client, CREATE, _store_input(), api_key=key)
    payload = created["data"]["locationCreate"]
    assert payload["errors"] == []
    location = payload["location"]
    assert {k: location[k] for k in ("kind", "saleorId", "slug", "country", "latitude")} == {
        "kind": "STORE",
        "saleorId": None,
        "slug": "soho",
        "country": "US",
        "latitude": 40.72,
    }
    # then it lists by kind, apart from Saleor's warehouses
    _, stores = gql(client, LIST, {"kinds": ["STORE"]}, api_key=key)
    assert [e["node"]["slug"] for e in stores["data"]["locations"]["edges"]] == ["soho"]
    _, warehouses = gql(client, LIST, {"kinds": ["SALEOR_WAREHOUSE"]}, api_key=key)
    assert [e["node"]["kind"] for e in warehouses["data"]["locations"]["edges"]] == [
        "SALEOR_WAREHOUSE"
    ]
    # when it moves and is archived
    _, updated = gql(
        client, UPDATE, {"id": location["id"], "input": {"city": "Brooklyn"}}, api_key=key
    )
    assert updated["data"]["locationUpdate"]["location"]["city"] == "Brooklyn"
    assert updated["data"]["locationUpdate"]["location"]["latitude"] == 40.72
    _, archived = gql(client, ARCHIVE, {"id": location["id"]}, api_key=key)
    assert archived["data"]["locationArchive"]["location"]["isDeleted"] is True
    _, listed = gql(client, LIST, {"kinds": ["STORE"]}, api_key=key)
    assert listed["data"]["locations"]["edges"] == []
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="location.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["location.archived", "location.created", "location.updated"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"slug": "Has Spaces"}, "slug", "INVALID"),
        ({"kind": "SALEOR_WAREHOUSE"}, "kind", "INVALID"),
        ({"latitude": 91.0}, "latitude", "INVALID_COORDINATES"),
        ({"longitude": None}, "latitude", "INVALID_COORDINATES"),
        ({"country": "USA"}, "country", "INVALID"),
        ({"name": " "}, "name", "INVALID"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(client, capture_tenant, overrides, field, code):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(client, CREATE, _store_input(**overrides), api_key=key)
    errors = body["data"]["locationCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert not Location.objects.exists()


def test_a_taken_slug_and_saleor_warehouses_are_refused(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    gql(client, CREATE, _store_input(), api_key=key)
    _, again = gql(client, CREATE, _store_input(name="Other"), api_key=key)
    assert again["data"]["locationCreate"]["errors"][0]["code"] == "SLUG_IN_USE"
    warehouse = make_location(capture_tenant, "LA")
    warehouse_id = to_global_id("OmsLocation", warehouse.pk)
    _, refused = gql(client, UPDATE, {"id": warehouse_id, "input": {"city": "X"}}, api_key=key)
    assert refused["data"]["locationUpdate"]["errors"] == [
        {"field": "id", "code": "SALEOR_WAREHOUSE"}
    ]
    _, refused = gql(client, ARCHIVE, {"id": warehouse_id}, api_key=key)
    assert refused["data"]["locationArchive"]["errors"] == [{"code": "SALEOR_WAREHOUSE"}]
    assert Location.objects.get(pk=warehouse.pk).city == ""


def test_permission_and_tenant_isolation(client, capture_tenant):
    orders_only = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, denied = gql(client, CREATE, _store_input(), api_key=orders_only)
    assert error_codes(denied) == ["PERMISSION_DENIED"]
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    theirs = make_outside_location(other, "theirs")
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(
        client,
        UPDATE,
        {"id": to_global_id("OmsLocation", theirs.pk), "input": {"city": "X"}},
        api_key=key,
    )
    assert body["data"]["locationUpdate"]["errors"] == [
        {"field": "id", "code": "LOCATION_NOT_FOUND"}
    ]


def test_outside_stock_counts_in_a_mapped_channel_and_is_never_written_back(capture_tenant):
    la = make_location(capture_tenant, "LA")
    store = make_outside_location(capture_tenant, "soho")
    make_stock(capture_tenant, la, MUG, on_hand=3, saleor_quantity=3)
    channel = Channel.objects.create(tenant=capture_tenant, slug="marketplace")
    ChannelLocation.objects.create(channel=channel, location=la, priority=0)
    ChannelLocation.objects.create(channel=channel, location=store, priority=1)
    stock_adjust(
        tenant_id=capture_tenant.pk, location_id=store.pk, variant_id=MUG, delta=4, actor=OPERATOR
    )
    [availability] = channel_availability(
        tenant_id=capture_tenant.pk, channel=channel, variant_ids=[MUG]
    )
    assert availability.available_to_sell == 7
    assert not StockWriteBack.objects.exists()


@pytest.fixture
def store_with_saleor(fake_saleor, settings):
    """The scenario's warehouses and stock imported, plus a store holding 9 of one SKU."""
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    cache.clear()
    book = SaleorStockBook(fake_saleor)
    skus = book.seed_scenario()
    tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
    tenant_import_read_models_run(tenant_id=tenant.pk)
    inventory_import_run(tenant_id=tenant.pk)
    store = make_outside_location(tenant, "soho")
    variant = skus["OMS-SKU-006"]
    stock_adjust(
        tenant_id=tenant.pk, location_id=store.pk, variant_id=variant, delta=9, actor=OPERATOR
    )
    channel = Channel.objects.get(tenant=tenant)
    ChannelLocation.objects.create(channel=channel, location=store, priority=99)
    return tenant, book, store, variant, channel


def test_saleor_sync_leaves_outside_locations_and_their_stock_alone(store_with_saleor, fake_saleor):
    tenant, book, store, variant, channel = store_with_saleor
    # when Saleor's warehouses are imported again, stock is reconciled and channels re-imported
    tenant_import_read_models_run(tenant_id=tenant.pk)
    report = stock_reconcile(tenant_id=tenant.pk)
    inventory_import_run(tenant_id=tenant.pk)
    # then the store is still there, its stock untouched, still serving the channel
    store.refresh_from_db()
    assert (store.is_deleted, store.kind, store.saleor_id) == (False, "STORE", "")
    assert StockLevel.objects.get(location=store, variant_id=variant).on_hand == 9
    assert report.rows_corrected == 0
    assert store.pk in set(channel.channel_locations.values_list("location_id", flat=True))
    # and when both the store and a Saleor warehouse gain a unit, only the warehouse is sent
    nyc = Location.objects.get(tenant=tenant, slug="oms-nyc")
    for location in (store, nyc):
        stock_adjust(
            tenant_id=tenant.pk,
            location_id=location.pk,
            variant_id=variant,
            delta=1,
            actor=OPERATOR,
        )
    assert not StockWriteBack.objects.filter(stock__location=store).exists()
    write_back_run(tenant_id=tenant.pk)
    [sent] = fake_saleor.graphql_requests("OmsInventoryStockBulkUpdate")
    assert [s["warehouseId"] for s in sent.variables["stocks"]] == [nyc.saleor_id]
    assert fake_saleor.graphql_requests("OmsInventoryVariantStocksUpdate") == []


def test_staff_map_an_outside_location_to_a_channel_over_graphql(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    la = make_location(capture_tenant, "LA")
    store = make_outside_location(capture_tenant, "soho")
    make_stock(capture_tenant, la, MUG, on_hand=2)
    make_stock(capture_tenant, store, MUG, on_hand=5)
    _, body = gql(
        client,
        """mutation($input: OmsChannelDefineInput!) {
             channelDefine(input: $input) { channel { slug locations { slug kind } } errors { code } } }""",
        {
            "input": {
                "slug": "marketplace",
                "locationIds": [
                    to_global_id("OmsLocation", store.pk),
                    to_global_id("OmsLocation", la.pk),
                ],
            }
        },
        api_key=key,
    )
    assert body["data"]["channelDefine"]["channel"]["locations"] == [
        {"slug": "soho", "kind": "STORE"},
        {"slug": "", "kind": "SALEOR_WAREHOUSE"},
    ]
    _, ats = gql(
        client,
        'query($ids: [String!]!) { channelAvailability(channel: "marketplace", '
        "variantIds: $ids) { availableToSell } }",
        {"ids": [MUG]},
        api_key=key,
    )
    assert ats["data"]["channelAvailability"] == [{"availableToSell": 7}]
