"""The return label: a PDF behind a signed, expiring link, fetched over real HTTP without a token."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from django.utils import timezone
from freezegun import freeze_time

from saleor_oms_plugin.returns.label import label_token
from saleor_oms_plugin.returns.receipt import return_request_mark_received
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import gql, make_location, valid_moment
from tests.fixtures.returns import STAFF, make_policy, make_shipped_order

pytestmark = pytest.mark.django_db(transaction=True)
INSTRUCTIONS = "Drop the parcel at any post office.\nKeep the receipt until we refund you."
REQUEST = """
mutation R($input: OmsRequestReturnInput!) {
  requestReturn(input: $input) {
    returnRequest { rmaNumber status labelUrl }
    errors { code }
  }
}
"""


def pdf_text(pdf: bytes) -> str:
    """The text a PDF draws: every content stream, inflated when compressed."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            stream = zlib.decompress(stream)
        except zlib.error:
            pass
        # literal strings shown with Tj; backslash escapes, e.g. "\\(", undone
        chunks.extend(re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream))
    return "\n".join(re.sub(rb"\\(.)", rb"\1", chunk).decode("latin-1") for chunk in chunks)


@pytest.fixture
def shop(capture_tenant, settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    warehouse = make_location(capture_tenant, "Returns Dock")
    warehouse.street_address_1 = "500 Return Way"
    warehouse.city = "RENO"
    warehouse.postal_code = "89501"
    warehouse.save()
    make_policy(
        capture_tenant,
        window_days=3650,
        auto_approve_max_value="1000",
        instructions=INSTRUCTIONS,
        return_location_id=warehouse.pk,
    )
    return capture_tenant


def _live(live_server, url: str) -> str:
    return live_server.url + urlsplit(url).path


def test_the_customer_gets_a_label_link_that_serves_the_pdf(client, live_server, shop):
    # given a customer's return, approved at once by the policy
    order = make_shipped_order(shop, 801)
    line = order.lines.get(sku="OMS-SKU-001")
    variables = {
        "input": {
            "orderNumber": "801",
            "resolution": "REFUND",
            "lines": [{"orderLineId": line.saleor_id, "quantity": 1, "reason": "damaged"}],
        }
    }
    with freeze_time(valid_moment("customer_access")):
        _, body = gql(client, REQUEST, variables, token=tokens()["customer_access"])
    created = body["data"]["requestReturn"]["returnRequest"]
    assert created["status"] == "APPROVED" and created["labelUrl"]
    # when the link is fetched over HTTP with no credentials at all
    response = requests.get(_live(live_server, created["labelUrl"]), timeout=10)
    # then it is the label: the RMA, where to send it, what is in it, the instructions
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Return RMA-000001" in text and "RMA-000001" in text.splitlines()
    assert "500 Return Way" in text and "89501 RENO" in text
    assert "1 x " in text and "(OMS-SKU-001) - damaged" in text
    assert "Drop the parcel at any post office." in text
    assert "Keep the receipt until we refund you." in text


def test_a_tampered_or_foreign_link_is_forbidden_and_tells_nothing(live_server, shop):
    order = make_shipped_order(shop, 802)
    request = return_request_create(
        tenant_id=shop.pk,
        order_id=order.pk,
        lines=[LineRequest(order.lines.get(sku="OMS-SKU-001").saleor_id, 1, "damaged")],
        resolution="refund",
        actor=STAFF,
    )
    token = label_token(request)
    value, stamp, signature = token.split(":")
    tampered = [
        f"{request.pk + 1}:{stamp}:{signature}",  # another return's id
        f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "not-a-token",
    ]
    for bad in tampered:
        response = requests.get(f"{live_server.url}/returns/label/{bad}/", timeout=10)
        assert response.status_code == 403, bad
        assert response.text == "This return label link is not valid."
        assert "RMA" not in response.text


def test_an_expired_link_or_a_finished_return_is_gone(live_server, shop):
    order = make_shipped_order(shop, 803)
    request = return_request_create(
        tenant_id=shop.pk,
        order_id=order.pk,
        lines=[LineRequest(order.lines.get(sku="OMS-SKU-001").saleor_id, 1, "damaged")],
        resolution="refund",
        actor=STAFF,
    )
    # an approved return whose link was made 31 days ago
    with freeze_time(timezone.now() - timedelta(days=31)):
        old = label_token(request)
    response = requests.get(f"{live_server.url}/returns/label/{old}/", timeout=10)
    assert (response.status_code, response.text) == (410, "This return label link has expired.")
    # a fresh link, but the parcel has arrived: the label is no longer served
    fresh = label_token(request)
    return_request_mark_received(
        tenant_id=shop.pk,
        request_id=request.pk,
        location_id=make_location(shop, "Dock").pk,
        actor=STAFF,
    )
    response = requests.get(f"{live_server.url}/returns/label/{fresh}/", timeout=10)
    assert (response.status_code, response.text) == (
        410,
        "This return label is no longer available.",
    )
