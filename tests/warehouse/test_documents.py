"""Warehouse print documents: signed short-lived links to a wave's pick lists and packing
slips (in pick order) or a release's slip, byte-identical reprints, clear refusals."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.warehouse.documents import (
    DocumentFormat,
    DocumentKind,
    document_bytes,
    document_request,
    packing_slips_of,
    releases_in_pick_order,
)
from saleor_oms_plugin.warehouse.models import PickList, Release, Wave
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location, make_order
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable

pytestmark = pytest.mark.django_db

DOCUMENT = """
query Doc($kind: OmsDocumentKind!, $wave: ID, $release: ID, $parcel: ID,
          $format: OmsDocumentFormat) {
  warehouseDocument(kind: $kind, waveId: $wave, releaseId: $release, parcelId: $parcel,
                    format: $format) {
    url filename contentType expiresAt
  }
}
"""


def addressed(tenant, name: str) -> Location:
    location = make_location(tenant, name)
    Location.objects.filter(pk=location.pk).update(
        street_address_1="1 Dock Road", city="Los Angeles", postal_code="90001"
    )
    location.refresh_from_db()
    return location


@pytest.fixture
def wave(capture_tenant):
    """A released batch wave of three orders (two totes a cart: two pick lists)."""
    tenant = capture_tenant
    location = addressed(tenant, "LA")
    aisle(tenant, location)
    enable(tenant, location, totes_per_cart=2)
    for number in (1, 2, 3):
        order = make_order(tenant, number, lines=2)
        Order.objects.filter(pk=order.pk).update(
            shipping_address={
                "firstName": "Grace",
                "lastName": f"Hopper {number}",
                "streetAddress1": "5 Main St",
                "city": "SAN FRANCISCO",
                "postalCode": "94105",
                "country": "US",
            }
        )
        apply_shipment(order, location)
    made = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
    return wave_release(tenant_id=tenant.pk, wave_id=made.pk, actor=STAFF)


def _link(client, key, **variables):
    _, body = gql(client, DOCUMENT, variables, api_key=key)
    return body


def _download(client, url: str):
    return client.get(urlsplit(url).path)


def test_a_waves_pick_lists_print_as_one_pdf_and_reprint_identically(client, wave):
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    wave_gid = to_global_id("OmsWave", wave.pk)

    body = _link(client, key, kind="PICK_LIST", wave=wave_gid)
    link = body["data"]["warehouseDocument"]
    assert link["contentType"] == "application/pdf"
    assert link["filename"] == f"pick-list-wave-{wave.pk}.pdf"
    first = _download(client, link["url"])
    assert first.status_code == 200, first.content
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")

    # a reprint, through a new link, is the same document
    again = _link(client, key, kind="PICK_LIST", wave=wave_gid)["data"]["warehouseDocument"]
    assert _download(client, again["url"]).content == first.content
    assert PickList.objects.filter(wave=wave).count() == 2


def test_packing_slips_of_a_wave_come_in_pick_order(client, wave):
    ordered = releases_in_pick_order(wave)
    in_totes = [
        pk for p in PickList.objects.filter(wave=wave).order_by("position") for pk in p.releases
    ]
    assert [r.pk for r in ordered] == list(dict.fromkeys(in_totes))
    slips = packing_slips_of(ordered)
    assert [s.order for s in slips] == [r.order.number for r in ordered]
    assert slips[0].ship_to.name.startswith("Grace Hopper")
    assert [(line.sku, line.quantity) for line in slips[0].lines] == [("SKU-0", 2), ("SKU-1", 2)]

    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    link = _link(client, key, kind="PACKING_SLIPS", wave=to_global_id("OmsWave", wave.pk))
    response = _download(client, link["data"]["warehouseDocument"]["url"])
    assert response.status_code == 200
    request = document_request(
        tenant_id=wave.tenant_id,
        kind=DocumentKind.PACKING_SLIPS,
        format=DocumentFormat.PDF,
        wave_id=wave.pk,
    )
    assert response.content == document_bytes(request)


def test_one_releases_packing_slip(client, wave):
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    release = Release.objects.filter(wave=wave).first()
    body = _link(
        client, key, kind="PACKING_SLIPS", release=to_global_id("OmsWarehouseRelease", release.pk)
    )
    link = body["data"]["warehouseDocument"]
    assert link["filename"] == f"packing-slips-release-{release.pk}.pdf"
    assert _download(client, link["url"]).status_code == 200


def test_labels_are_not_available_until_parcels_are_labelled(client, wave):
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    body = _link(client, key, kind="LABELS", wave=to_global_id("OmsWave", wave.pk), format="ZPL")
    assert error_codes(body) == ["NOT_AVAILABLE"]
    assert "issued label" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"kind": "PICK_LIST"}, "INVALID"),  # no subject
        ({"kind": "PICK_LIST", "release": "rel"}, "INVALID"),  # pick lists are per wave
        ({"kind": "PICK_LIST", "wave": "wave", "format": "ZPL"}, "INVALID"),
        ({"kind": "PICK_LIST", "wave": "missing"}, "NOT_FOUND"),
    ],
)
def test_bad_requests_are_refused_clearly(client, wave, variables, code):
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    release = Release.objects.filter(wave=wave).first()
    ids = {
        "wave": to_global_id("OmsWave", wave.pk),
        "missing": to_global_id("OmsWave", 999_999),
        "rel": to_global_id("OmsWarehouseRelease", release.pk),
    }
    resolved = {k: ids.get(v, v) for k, v in variables.items()}
    body = _link(client, key, **resolved)
    assert error_codes(body) == [code]
    assert body["data"] is None


def test_a_location_without_an_address_cannot_print_slips(client, wave):
    Location.objects.filter(pk=wave.location_id).update(city="")
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    body = _link(client, key, kind="PACKING_SLIPS", wave=to_global_id("OmsWave", wave.pk))
    assert error_codes(body) == ["DOCUMENT_INVALID"]
    assert "ship_from" in body["errors"][0]["message"]


def test_links_are_signed_and_short_lived(client, wave):
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"])
    url = _link(client, key, kind="PICK_LIST", wave=to_global_id("OmsWave", wave.pk))["data"][
        "warehouseDocument"
    ]["url"]
    tampered = url.replace("pick_list", "packing_slips")
    assert _download(client, tampered).status_code == 403
    with freeze_time(timezone.now() + timedelta(minutes=16)):
        assert _download(client, url).status_code == 410


def test_a_scoped_key_finds_another_locations_wave_missing(client, wave):
    other = addressed(wave.tenant, "NY")
    key = make_api_key(wave.tenant, ["MANAGE_ORDERS"], location=other)
    foreign = _link(client, key, kind="PICK_LIST", wave=to_global_id("OmsWave", wave.pk))
    missing = _link(client, key, kind="PICK_LIST", wave=to_global_id("OmsWave", 999_999))
    assert error_codes(foreign) == ["NOT_FOUND"]
    assert foreign["errors"][0]["message"] == missing["errors"][0]["message"] == "No such wave."
    assert Wave.objects.count() == 1
