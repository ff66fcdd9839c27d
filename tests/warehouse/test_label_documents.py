"""A wave's shipping labels as one document: every issued label in pick order (the stored
labels combined, never re-drawn), voided ones left out, one parcel's label as issued, PDF or
ZPL as the labels were issued, byte-identical reprints, scoped keys."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from graphql_relay import to_global_id
from pypdf import PdfReader

from saleor_oms_plugin.labels.combine import pdfs_combine, zpl_combine
from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.warehouse.documents import releases_in_pick_order
from saleor_oms_plugin.warehouse.models import Parcel, Release, ShippingLabel
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.shipping import parcel_void, release_ship
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location, make_order
from tests.fixtures.packing import catalogue, sizes
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable

pytestmark = pytest.mark.django_db

DOCUMENT = """
query Doc($kind: OmsDocumentKind!, $wave: ID, $parcel: ID, $format: OmsDocumentFormat) {
  warehouseDocument(kind: $kind, waveId: $wave, parcelId: $parcel, format: $format) {
    url filename contentType
  }
}
"""


def _pack(release: Release, parcels: int) -> None:
    """Pack SKU-0 and SKU-1 (two units each) in one parcel, or one parcel per SKU."""
    Release.objects.filter(pk=release.pk).update(state=Release.State.PICKED)
    for sku in ("SKU-0", "SKU-1"):
        pack_scan(
            tenant_id=release.tenant_id, release_id=release.pk, code=sku, quantity=2, actor=STAFF
        )
        if parcels == 2 or sku == "SKU-1":
            pack_parcel_close(
                tenant_id=release.tenant_id,
                release_id=release.pk,
                box_code="LARGE",
                weight_g=1000,
                override=True,
                actor=STAFF,
            )


def _ship(release: Release) -> None:
    release_ship(
        tenant_id=release.tenant_id,
        release_id=release.pk,
        carrier="own_fleet",
        service=None,
        tracking_number=None,
        actor=STAFF,
    )


@pytest.fixture
def labelled_wave(capture_tenant):
    """A released batch wave of three orders, each packed and labelled by the own fleet;
    the second order in two parcels (four labels in all)."""
    tenant = capture_tenant
    location = make_location(tenant, "LA")
    Location.objects.filter(pk=location.pk).update(
        street_address_1="1 Dock Road", city="Los Angeles", postal_code="90001"
    )
    aisle(tenant, location)
    catalogue(tenant, location)
    sizes(tenant)
    enable(tenant, location, totes_per_cart=2)
    for number in (1, 2, 3):
        order = make_order(tenant, number, lines=2)
        Order.objects.filter(pk=order.pk).update(
            shipping_address={
                "firstName": "Ada",
                "lastName": f"Lovelace {number}",
                "streetAddress1": "5 Main St",
                "city": "SAN FRANCISCO",
                "postalCode": "94105",
                "country": "US",
            }
        )
        apply_shipment(order, location)
    made = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
    wave = wave_release(tenant_id=tenant.pk, wave_id=made.pk, actor=STAFF)
    for release in Release.objects.filter(wave=wave).select_related("order"):
        _pack(release, parcels=2 if release.order.number == "2" else 1)
        _ship(release)
    return wave


def _link(client, key, **variables):
    _, body = gql(client, DOCUMENT, variables, api_key=key)
    return body


def _download(client, body) -> bytes:
    response = client.get(urlsplit(body["data"]["warehouseDocument"]["url"]).path)
    assert response.status_code == 200, response.content
    return response.content


def _page_streams(document: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(document)).pages]


def _labels_in_pick_order(wave) -> list[ShippingLabel]:
    releases = releases_in_pick_order(wave)
    return [
        label
        for release in releases
        for label in ShippingLabel.objects.filter(
            parcel__release=release, state=ShippingLabel.State.ISSUED
        ).order_by("parcel_id")
    ]


def test_a_waves_labels_print_as_one_pdf_a_page_per_parcel_in_pick_order(client, labelled_wave):
    key = make_api_key(labelled_wave.tenant, ["MANAGE_ORDERS"])
    body = _link(client, key, kind="LABELS", wave=to_global_id("OmsWave", labelled_wave.pk))
    link = body["data"]["warehouseDocument"]
    assert (link["filename"], link["contentType"]) == (
        f"labels-wave-{labelled_wave.pk}.pdf",
        "application/pdf",
    )
    document = _download(client, body)

    labels = _labels_in_pick_order(labelled_wave)
    assert Parcel.objects.filter(release__wave=labelled_wave).count() == len(labels) == 4
    # each page is the stored label's page, in pick order (parcels in packing order)
    expected = [_page_streams(bytes(label.label))[0] for label in labels]
    assert _page_streams(document) == expected
    # pick order is not simply the order the releases were made in
    assert [r.pk for r in releases_in_pick_order(labelled_wave)] == list(
        dict.fromkeys(
            pk for p in labelled_wave.pick_lists.order_by("position") for pk in p.releases
        )
    )

    # a reprint, through a new link, is the same bytes
    again = _link(client, key, kind="LABELS", wave=to_global_id("OmsWave", labelled_wave.pk))
    assert _download(client, again) == document


def test_voided_parcels_are_left_out(client, labelled_wave):
    two_parcels = Release.objects.get(wave=labelled_wave, order__number="2")
    voided = Parcel.objects.filter(release=two_parcels).order_by("pk").first()
    parcel_void(tenant_id=labelled_wave.tenant_id, parcel_id=voided.pk, actor=STAFF)
    key = make_api_key(labelled_wave.tenant, ["MANAGE_ORDERS"])

    document = _download(
        client, _link(client, key, kind="LABELS", wave=to_global_id("OmsWave", labelled_wave.pk))
    )

    labels = _labels_in_pick_order(labelled_wave)
    assert len(labels) == 3 and voided.pk not in {label.parcel_id for label in labels}
    assert _page_streams(document) == [_page_streams(bytes(lb.label))[0] for lb in labels]
    # the voided parcel's own label no longer prints
    body = _link(client, key, kind="LABELS", parcel=to_global_id("OmsParcel", voided.pk))
    assert error_codes(body) == ["NOT_AVAILABLE"]
    assert "voided" in body["errors"][0]["message"]


def test_one_parcels_label_is_the_label_as_issued(client, labelled_wave):
    label = ShippingLabel.objects.order_by("pk").first()
    key = make_api_key(labelled_wave.tenant, ["MANAGE_ORDERS"])
    body = _link(client, key, kind="LABELS", parcel=to_global_id("OmsParcel", label.parcel_id))
    assert body["data"]["warehouseDocument"]["filename"] == f"labels-parcel-{label.parcel_id}.pdf"
    assert _download(client, body) == bytes(label.label)


def test_zpl_labels_print_as_one_zpl_job_and_pdf_ones_refuse_zpl(client, labelled_wave):
    key = make_api_key(labelled_wave.tenant, ["MANAGE_ORDERS"])
    wave_gid = to_global_id("OmsWave", labelled_wave.pk)
    # issued as PDF: ZPL is refused, naming the parcels
    body = _link(client, key, kind="LABELS", wave=wave_gid, format="ZPL")
    assert error_codes(body) == ["INVALID"]
    assert "print them as PDF" in body["errors"][0]["message"]

    # a carrier that issued ZPL: the jobs come in pick order, one after the other
    labels = _labels_in_pick_order(labelled_wave)
    for n, label in enumerate(labels):
        ShippingLabel.objects.filter(pk=label.pk).update(
            label_format="zpl", label=f"^XA^FO0,0^FDlabel {n}^FS^XZ".encode()
        )
    body = _link(client, key, kind="LABELS", wave=wave_gid, format="ZPL")
    assert body["data"]["warehouseDocument"]["contentType"] == "application/zpl"
    assert _download(client, body) == b"".join(
        f"^XA^FO0,0^FDlabel {n}^FS^XZ\n".encode() for n in range(len(labels))
    )
    assert error_codes(_link(client, key, kind="LABELS", wave=wave_gid)) == ["INVALID"]


def test_a_wave_without_labels_has_nothing_to_print(client, capture_tenant):
    location = make_location(capture_tenant, "NY")
    aisle(capture_tenant, location)
    enable(capture_tenant, location)
    apply_shipment(make_order(capture_tenant, 9, lines=1), location)
    wave = wave_create(tenant_id=capture_tenant.pk, location_id=location.pk, actor=STAFF)
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    body = _link(client, key, kind="LABELS", wave=to_global_id("OmsWave", wave.pk))
    assert error_codes(body) == ["NOT_AVAILABLE"]


def test_a_scoped_key_prints_its_own_locations_labels_only(client, labelled_wave):
    parcel = Parcel.objects.order_by("pk").first()
    own = make_api_key(labelled_wave.tenant, ["MANAGE_ORDERS"], location=labelled_wave.location)
    other = make_api_key(
        labelled_wave.tenant, ["MANAGE_ORDERS"], location=make_location(labelled_wave.tenant, "NY")
    )
    wave_gid = to_global_id("OmsWave", labelled_wave.pk)
    parcel_gid = to_global_id("OmsParcel", parcel.pk)

    assert _download(client, _link(client, own, kind="LABELS", wave=wave_gid))
    assert _download(client, _link(client, own, kind="LABELS", parcel=parcel_gid))
    foreign = _link(client, other, kind="LABELS", parcel=parcel_gid)
    missing = _link(client, other, kind="LABELS", parcel=to_global_id("OmsParcel", 999_999))
    assert error_codes(foreign) == ["NOT_FOUND"]
    assert foreign["errors"][0]["message"] == missing["errors"][0]["message"] == "No such parcel."
    assert error_codes(_link(client, other, kind="LABELS", wave=wave_gid)) == ["NOT_FOUND"]


def test_combining_refuses_a_part_that_is_no_pdf_and_keeps_zpl_jobs_apart():
    with pytest.raises(DocumentInvalid) as caught:
        pdfs_combine([b"%PDF-1.4 broken", b"not a pdf"], title="t")
    assert [issue.path for issue in caught.value.issues] == ["[0]", "[1]"]
    assert zpl_combine([b"^XA^XZ", b"^XA^XZ\n"]) == b"^XA^XZ\n^XA^XZ\n"
