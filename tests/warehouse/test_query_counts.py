"""SQL per request of the warehouse reads: the switch, the layout, dimensions, releases, waves."""

from __future__ import annotations

import itertools

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.warehouse.layout import (
    BinInput,
    BoxTypeInput,
    DimensionsInput,
    bin_save,
    box_type_save,
    dimensions_set,
    slot_set,
    zone_save,
)
from saleor_oms_plugin.warehouse.manifests import manifest_close
from saleor_oms_plugin.warehouse.models import CarrierAccount, Release
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.shipping import release_ship
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.graphql import make_api_key, make_location, make_order
from tests.fixtures.packing import pack_shop, ship_packed, sizes
from tests.fixtures.query_counts import assert_constant_queries, edges, items, queries_of
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db

EXECUTION = """
query Execution($id: ID!) {
  warehouseExecution(locationId: $id) {
    enabled waveSizeCap totesPerCart strategy waveIntervalMinutes cutoffTimes timeZone
    location { name }
  }
}
"""
LAYOUT = """
query Layout($id: ID!) {
  warehouseLayout(locationId: $id) {
    zones { id code name }
    bins { id code sequence x y zone { code } }
    slots { id sku bin { code zone { code } } }
    boxTypes { id code innerWidthMm innerHeightMm innerDepthMm maxWeightG cost currency }
  }
}
"""
DIMENSIONS = """
query Dimensions {
  variantDimensions(first: 50) {
    totalCount
    edges { node { id variantId sku barcode widthMm heightMm depthMm weightG keepUpright } }
  }
}
"""
RELEASES = """
query Releases {
  warehouseReleases(first: 50) {
    totalCount
    edges { node {
      id state units shipmentId saleorFulfillmentId waveId shortLines
      lines { lineId sku quantity }
      location { name }
      order { number }
    } }
  }
}
"""
WAVES = """
query Waves {
  waves(first: 50) {
    edges { node {
      id number state strategy trigger walkDistanceM location { name }
      releases { id state order { number } }
      pickLists {
        id position state zone totes { tote releaseId }
        lines { id position sku quantity picked openQuantity bin { code zone { code } }
                splits { tote releaseId quantity } }
      }
    } }
  }
}
"""


@pytest.fixture
def shop(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location, totes_per_cart=2)
    aisle(capture_tenant, location)
    return capture_tenant, location


@pytest.fixture
def orders_headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


def test_warehouse_execution(client, shop, orders_headers):
    tenant, location = shop
    # key (1), location (1), settings with the location (1)
    count, body = queries_of(
        client, EXECUTION, {"id": to_global_id("OmsLocation", location.pk)}, headers=orders_headers
    )
    assert body["data"]["warehouseExecution"]["enabled"] is True
    assert count == 3


def test_warehouse_layout(client, shop, orders_headers):
    tenant, location = shop
    numbers = itertools.count(100)

    def grow(count):
        for _ in range(count):
            n = next(numbers)
            zone_save(
                tenant_id=tenant.pk, location_id=location.pk, code=f"Z{n}", name="", actor=STAFF
            )
            bin_save(
                tenant_id=tenant.pk,
                data=BinInput(location.pk, f"Z{n}-1", f"Z{n}", sequence=n),
                actor=STAFF,
            )
            slot_set(
                tenant_id=tenant.pk,
                location_id=location.pk,
                sku=f"S{n}",
                bin_code=f"Z{n}-1",
                actor=STAFF,
            )
            box_type_save(
                tenant_id=tenant.pk,
                data=BoxTypeInput(location.pk, f"BOX{n}", 100, 100, 100, 1000),
                actor=STAFF,
            )

    # key (1), location (1), zones (1), bins with zones (1), slots with bins (1), boxes (1)
    assert_constant_queries(
        client,
        LAYOUT,
        grow=grow,
        rows=lambda body: len(body["data"]["warehouseLayout"]["boxTypes"]),
        expected=6,
        headers=orders_headers,
        variables={"id": to_global_id("OmsLocation", location.pk)},
    )


def test_variant_dimensions(client, capture_tenant, orders_headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            n = next(numbers)
            dimensions_set(
                tenant_id=capture_tenant.pk,
                data=DimensionsInput(f"variant-{n}", sku=f"S{n}", weight_g=n),
                actor=STAFF,
            )

    # key (1), page (1), totalCount (1)
    assert_constant_queries(
        client,
        DIMENSIONS,
        grow=grow,
        rows=edges("variantDimensions"),
        expected=3,
        headers=orders_headers,
    )


def test_warehouse_releases(client, shop, orders_headers):
    tenant, location = shop
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            apply_shipment(make_order(tenant, next(numbers), lines=2), location)

    # key (1), page with locations and orders (1), totalCount (1)
    assert_constant_queries(
        client,
        RELEASES,
        grow=grow,
        rows=edges("warehouseReleases"),
        expected=3,
        headers=orders_headers,
    )


def test_waves(client, shop, orders_headers):
    tenant, location = shop
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            for _ in range(3):
                apply_shipment(make_order(tenant, next(numbers), lines=3), location)
            wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
            wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)

    # key (1), page with locations (1), releases (1) with locations (1) and orders (1),
    # pick lists (1), their lines with bins and zones (1), the lines' splits (1)
    assert_constant_queries(
        client,
        WAVES,
        grow=grow,
        rows=edges("waves"),
        expected=8,
        headers=orders_headers,
    )


PACK_STATION = """
query PackStation($id: ID!, $scan: String!) {
  packStation(locationId: $id, scan: $scan) {
    release { id state } orderNumber tote complete expectedWeightG weightToleranceG
    lines { lineId sku barcode productName quantity scanned }
    suggestions { boxCount cost byVolumeOnly boxes { code name items weightG } }
    parcels { id releaseId boxCode weightG state carrier trackingNumber labelUrl }
  }
}
"""
PARCELS = """
query Parcels($id: ID!) {
  parcels(locationId: $id, first: 50) {
    id releaseId boxCode weightG state carrier service trackingNumber labelUrl createdAt
    trackingState trackingCheckedAt deliveredAt deliveredOn
  }
}
"""
MANIFESTS = """
query Manifests($id: ID!) {
  manifests(locationId: $id) { id carrier closedAt parcels documentUrl }
}
"""
CARRIERS = "query Carriers { carriers { code name services manualTracking } }"


def _packed_release(tenant, location, number, lines):
    release = release_of(apply_shipment(make_order(tenant, number, lines=lines), location))
    Release.objects.filter(pk=release.pk).update(state=Release.State.PICKED)
    for n in range(lines):
        pack_scan(
            tenant_id=tenant.pk, release_id=release.pk, code=f"SKU-{n}", quantity=2, actor=STAFF
        )
        pack_parcel_close(
            tenant_id=tenant.pk,
            release_id=release.pk,
            box_code="LARGE",
            weight_g=1000,
            override=True,
            actor=STAFF,
        )
    return release


@pytest.fixture
def pack_location(capture_tenant):
    location = pack_shop(capture_tenant)
    sizes(capture_tenant, 5)  # every SKU weighed: Saleor's weights are not read
    return capture_tenant, location


def test_pack_station(client, pack_location, orders_headers):
    tenant, location = pack_location

    def count_for(lines):
        release = _packed_release(tenant, location, 100 + lines, lines)
        count, body = queries_of(
            client,
            PACK_STATION,
            {"id": to_global_id("OmsLocation", location.pk), "scan": release.order.number},
            headers=orders_headers,
        )
        assert len(body["data"]["packStation"]["parcels"]) == lines
        return count

    # key (1), location (1), the release with order and location (1), parcels (1), sizes
    # (1), barcodes (1), product names (1), boxes (1), tolerance (1); no tote (no wave):
    # the same for 1 line or 5
    assert count_for(1) == count_for(5) == 9


def test_parcels(client, pack_location, orders_headers):
    tenant, location = pack_location
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            _packed_release(tenant, location, next(numbers), 1)

    # key (1), location (1), parcels (1)
    assert_constant_queries(
        client,
        PARCELS,
        grow=grow,
        rows=items("parcels"),
        expected=3,
        headers=orders_headers,
        variables={"id": to_global_id("OmsLocation", location.pk)},
    )


def test_manifests(client, pack_location, orders_headers):
    tenant, location = pack_location
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            release = _packed_release(tenant, location, next(numbers), 1)
            release_ship(
                tenant_id=tenant.pk,
                release_id=release.pk,
                carrier="own_fleet",
                service=None,
                tracking_number=None,
                actor=STAFF,
            )
            manifest_close(
                tenant_id=tenant.pk, location_id=location.pk, carrier="own_fleet", actor=STAFF
            )

    # key (1), location (1), manifests (1)
    assert_constant_queries(
        client,
        MANIFESTS,
        grow=grow,
        rows=items("manifests"),
        expected=3,
        headers=orders_headers,
        variables={"id": to_global_id("OmsLocation", location.pk)},
    )


def test_carriers(client, capture_tenant, orders_headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            n = next(numbers)
            CarrierAccount.objects.create(
                tenant=capture_tenant,
                code=f"van-{n}",
                adapter="own_fleet",
                name=f"Van {n}",
                config={"prefix": "VN"},
            )

    # key (1), configured carriers (1); own fleet is always listed
    assert_constant_queries(
        client,
        CARRIERS,
        grow=lambda count: grow(count - 1 if count == 3 else count),
        rows=items("carriers"),
        expected=2,
        headers=orders_headers,
    )


DOCUMENT = """
query Doc($wave: ID!) {
  warehouseDocument(kind: PACKING_SLIPS, waveId: $wave) { url filename contentType expiresAt }
}
"""


def test_warehouse_document(client, shop, orders_headers):
    tenant, location = shop
    Location.objects.filter(pk=location.pk).update(city="Los Angeles")
    numbers = itertools.count(1)
    latest: list[int] = []

    def grow(count):
        for _ in range(count):
            apply_shipment(make_order(tenant, next(numbers), lines=2), location)
        wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
        latest.append(wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF).pk)

    def releases(body):
        # Seeded so far: the latest wave prints 3, then 7 releases (whatever it costs).
        assert body["data"]["warehouseDocument"]["url"]
        return Release.objects.filter(wave_id__in=latest).count()

    # key (1), the wave with its location (1), its releases with orders and locations (1),
    # its pick lists' tote order (1), their order lines (1)
    assert_constant_queries(
        client,
        DOCUMENT,
        grow=grow,
        rows=releases,
        expected=5,
        headers=orders_headers,
        variables=lambda: {"wave": to_global_id("OmsWave", latest[-1])},
        sizes=(3, 10),
    )


LABELS = """
query Labels($wave: ID!) {
  warehouseDocument(kind: LABELS, waveId: $wave) { url filename contentType expiresAt }
}
"""


def test_warehouse_document_labels(client, pack_location, orders_headers):
    tenant, location = pack_location
    numbers = itertools.count(1)
    latest: list[int] = []

    def grow(count):
        for _ in range(count):
            apply_shipment(make_order(tenant, next(numbers), lines=2), location)
        wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
        wave = wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)
        latest.append(wave.pk)
        for release in Release.objects.filter(wave=wave):
            Release.objects.filter(pk=release.pk).update(state=Release.State.PICKED)
            ship_packed(release)

    def parcels(body):
        # Seeded so far: the latest wave prints 3, then 7 labels (whatever it costs).
        assert body["data"]["warehouseDocument"]["url"]
        return Release.objects.filter(wave_id__in=latest).count()

    # key (1), the wave with its location (1), its releases with orders and locations (1),
    # its pick lists' tote order (1), the issued labels (1): however many parcels
    assert_constant_queries(
        client,
        LABELS,
        grow=grow,
        rows=parcels,
        expected=5,
        headers=orders_headers,
        variables=lambda: {"wave": to_global_id("OmsWave", latest[-1])},
        sizes=(3, 10),
    )
