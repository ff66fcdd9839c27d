"""Capture's API: sources are staff's (their secret is answered once), orders come in through
orderImport and orderImportCsv with an answer per order."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource
from saleor_oms_plugin.core.crypto import decrypt_secret
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import error_codes, gql, make_api_key, valid_moment

pytestmark = pytest.mark.django_db
CREATE = """
mutation Create($input: OmsCaptureSourceInput!) {
  captureSourceCreate(input: $input) {
    source { id code webhookPath replayWindowSeconds }
    secret
    errors { field code message }
  }
}
"""
ROTATE = """
mutation Rotate($id: ID!) {
  captureSourceSecretRotate(id: $id) { source { code secretRotatedAt } secret errors { code } }
}
"""
CSV_IMPORT = """
mutation Csv($source: String!, $csv: String!) {
  orderImportCsv(source: $source, csv: $csv) {
    results { externalReference outcome errors { field code } }
    errors { field code message }
  }
}
"""
INPUT = {
    "code": "Phone",
    "name": "Phone orders",
    "channelSlug": "default-channel",
    "warehouseId": "V2FyZWhvdXNlOjE=",
    "shippingMethodId": "U2hpcHBpbmdNZXRob2Q6MQ==",
    "taxClassId": "VGF4Q2xhc3M6Mg==",
}
DASHBOARD = "app_extension_access"


def _staff(client, query, variables):
    with freeze_time(valid_moment(DASHBOARD)):
        return gql(client, query, variables, token=tokens()[DASHBOARD])[1]


def test_staff_create_a_source_and_see_its_secret_once(client, capture_tenant):
    body = _staff(client, CREATE, {"input": INPUT})["data"]["captureSourceCreate"]

    assert body["errors"] == []
    assert body["source"]["code"] == "phone"
    assert body["source"]["webhookPath"] == "/api/capture/phone/"
    source = CaptureSource.objects.get(tenant=capture_tenant)
    # stored encrypted, never as given
    assert body["secret"] not in source.secret_encrypted
    assert decrypt_secret(source.secret_encrypted) == body["secret"]

    rotated = _staff(client, ROTATE, {"id": body["source"]["id"]})["data"]
    assert rotated["captureSourceSecretRotate"]["secret"] != body["secret"]
    source.refresh_from_db()
    assert decrypt_secret(source.secret_encrypted) == rotated["captureSourceSecretRotate"]["secret"]


def test_a_second_source_with_the_code_is_refused(client, capture_tenant):
    _staff(client, CREATE, {"input": INPUT})
    body = _staff(client, CREATE, {"input": {**INPUT, "code": "phone"}})
    assert body["data"]["captureSourceCreate"]["errors"] == [
        {"field": "code", "code": "DUPLICATE", "message": "A source with the code 'phone' exists."}
    ]


def test_an_api_key_cannot_create_sources_even_with_manage_apps(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_APPS", "MANAGE_ORDERS"])
    _, body = gql(client, CREATE, {"input": INPUT}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert not CaptureSource.objects.exists()


def test_a_csv_is_answered_per_order_and_a_broken_file_whole(client, capture_tenant):
    _staff(client, CREATE, {"input": INPUT})
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    csv = (
        "external_reference,customer_email,currency,billing_street_address_1,billing_city,"
        "billing_country,sku,quantity,unit_price_gross,tax_rate\n"
        "C-1,a@example.com,USD,1 Main St,Springfield,US,SKU-1,2,10.00,0\n"
        "C-1,,,,,,SKU-2,1,5.00,0\n"
        "C-2,b@example.com,USD,2 Main St,Springfield,US,SKU-1,x,10.00,0\n"
    )

    _, body = gql(client, CSV_IMPORT, {"source": "phone", "csv": csv}, api_key=key)

    results = body["data"]["orderImportCsv"]["results"]
    assert [(r["externalReference"], r["outcome"]) for r in results] == [
        ("C-1", "ACCEPTED"),
        ("C-2", "REFUSED"),
    ]
    assert results[1]["errors"] == [{"field": "lines[0].quantity", "code": "INVALID"}]
    captured = CapturedOrder.objects.get()
    assert (captured.door, len(captured.payload["lines"])) == ("CSV", 2)

    _, broken = gql(client, CSV_IMPORT, {"source": "phone", "csv": "sku\nA\n"}, api_key=key)
    assert broken["data"]["orderImportCsv"] == {
        "results": [],
        "errors": [
            {
                "field": "csv",
                "code": "INVALID",
                "message": "Missing columns: external_reference, quantity.",
            }
        ],
    }
