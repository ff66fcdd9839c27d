"""A source's signed webhook: HMAC-SHA256 over "<timestamp>.<body>", a replay window, one use
per signature, a size cap, clear 4xx answers, and nothing stored when refused."""

from __future__ import annotations

import json
import time

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.models import CapturedOrder, WebhookSignatureSeen
from saleor_oms_plugin.capture.services import capture_source_create, capture_source_secret_rotate
from saleor_oms_plugin.capture.webhook import MAX_BODY_BYTES
from saleor_oms_plugin.core.signing import signature
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
URL = "/api/capture/market/"
ORDER = {
    "externalReference": "M-1",
    "customerEmail": "ada@example.com",
    "currency": "USD",
    "billingAddress": {
        "streetAddress1": "1 Market St",
        "city": "San Francisco",
        "postalCode": "94103",
        "country": "US",
    },
    "lines": [{"sku": "SKU-1", "quantity": 1, "unitPriceGross": "10.00", "taxRate": "0"}],
    "metadata": {"marketplaceOrderId": "998877"},
}


@pytest.fixture
def source():
    tenant = make_capture_tenant()
    return capture_source_create(
        tenant_id=tenant.pk,
        code="market",
        name="Marketplace",
        channel_slug="default-channel",
        warehouse_id="V2FyZWhvdXNlOjE=",
        shipping_method_id="U2hpcHBpbmdNZXRob2Q6MQ==",
        tax_class_id="VGF4Q2xhc3M6Mg==",
        replay_window_seconds=60,
        actor=STAFF,
    )


def post(client, body, secret, *, at=None, header=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    stamp = int(time.time()) if at is None else at
    signed = header if header is not None else signature(secret, stamp, raw)
    return client.post(
        URL, data=raw, content_type="application/json", headers={"X-OMS-Signature": signed}
    )


def test_a_signed_order_is_stored_before_it_is_acknowledged(client, source):
    row, secret = source

    response = post(client, ORDER, secret)

    assert response.status_code == 200
    assert response.json()["orders"] == [
        {"externalReference": "M-1", "outcome": "ACCEPTED", "state": "RECEIVED", "errors": []}
    ]
    captured = CapturedOrder.objects.get(source=row)
    assert (captured.door, captured.external_reference) == ("WEBHOOK", "M-1")
    # camelCase became the normalised order; the sender's metadata keys are kept as sent
    assert captured.payload["lines"][0]["unit_price_gross"] == "10.00"
    assert captured.payload["metadata"] == {"marketplaceOrderId": "998877"}


def test_the_same_signed_request_twice_is_a_replay(client, source):
    _, secret = source
    stamp = int(time.time())
    assert post(client, ORDER, secret, at=stamp).status_code == 200

    again = post(client, ORDER, secret, at=stamp)

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "REPLAYED"
    assert CapturedOrder.objects.count() == 1


def test_a_new_signature_for_the_same_order_is_a_duplicate_not_a_second_order(client, source):
    _, secret = source
    post(client, ORDER, secret, at=int(time.time()) - 1)

    response = post(client, ORDER, secret)

    assert response.status_code == 200
    assert response.json()["orders"][0]["outcome"] == "DUPLICATE"
    assert CapturedOrder.objects.count() == 1


@pytest.mark.parametrize("offset", [-61, 61])
def test_a_timestamp_outside_the_replay_window_is_refused(client, source, offset):
    _, secret = source

    response = post(client, ORDER, secret, at=int(time.time()) + offset)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "STALE_TIMESTAMP"
    assert not CapturedOrder.objects.exists()
    assert not WebhookSignatureSeen.objects.exists()


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("", "MISSING_SIGNATURE"),
        ("sha256=abc", "MISSING_SIGNATURE"),
        # a fresh timestamp, a wrong digest (the time is filled in when the test runs: test
        # ids must be the same in every pytest-xdist worker)
        ("t={now},v1=" + "0" * 64, "INVALID_SIGNATURE"),
    ],
)
def test_a_missing_or_wrong_signature_is_refused(client, source, header, code):
    _, secret = source
    header = header.format(now=int(time.time()))

    response = post(client, ORDER, secret, header=header)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert not CapturedOrder.objects.exists()


def test_a_rotated_secret_stops_the_old_one_at_once(client, source):
    row, old = source
    _, new = capture_source_secret_rotate(tenant_id=row.tenant_id, source_id=row.pk, actor=STAFF)

    assert post(client, ORDER, old).json()["error"]["code"] == "INVALID_SIGNATURE"
    assert post(client, ORDER, new).status_code == 200


def test_an_unknown_source_is_refused_like_a_bad_signature(client, source):
    _, secret = source
    raw = json.dumps(ORDER).encode()
    response = client.post(
        "/api/capture/nobody/",
        data=raw,
        content_type="application/json",
        headers={"X-OMS-Signature": signature(secret, int(time.time()), raw)},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SIGNATURE"


def test_a_body_over_the_cap_is_refused_unread(client, source):
    _, secret = source
    response = post(client, b"{" + b" " * MAX_BODY_BYTES + b"}", secret)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "BODY_TOO_LARGE"


def test_a_body_that_is_not_json_is_refused(client, source):
    _, secret = source
    response = post(client, b"orders please", secret)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"
    assert not WebhookSignatureSeen.objects.exists()


def test_an_order_refused_stores_nothing_and_may_be_sent_again_corrected(client, source):
    _, secret = source
    stamp = int(time.time())
    bad = {**ORDER, "lines": [{"sku": "SKU-1", "quantity": 0, "unitPriceGross": "1"}]}

    refused = post(client, bad, secret, at=stamp)

    assert refused.status_code == 422
    [answer] = refused.json()["orders"]
    assert answer["outcome"] == "REFUSED"
    assert {e["field"] for e in answer["errors"]} == {
        "lines[0].quantity",
        "lines[0].unit_price_net",
    }
    assert not CapturedOrder.objects.exists()
    assert not WebhookSignatureSeen.objects.exists()
    assert post(client, ORDER, secret, at=stamp).status_code == 200


def test_several_orders_in_one_request_are_answered_each(client, source):
    _, secret = source
    body = {"orders": [ORDER, {**ORDER, "externalReference": "M-2"}, {"externalReference": "M-3"}]}

    response = post(client, body, secret)

    assert response.status_code == 200
    assert [o["outcome"] for o in response.json()["orders"]] == [
        "ACCEPTED",
        "ACCEPTED",
        "REFUSED",
    ]
    assert CapturedOrder.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_order_stored_is_acknowledged_even_when_its_send_cannot_be_queued(
    client, source, monkeypatch
):
    # The broker is away (or, with eager tasks, the send itself fails) once the order is
    # committed: the sender is still told it was taken, and the capture sweep sends it later.
    def broker_away(*args, **kwargs):
        raise ConnectionError("broker away")

    monkeypatch.setattr("saleor_oms_plugin.capture.scheduling.turn_request", broker_away)
    _, secret = source

    response = post(client, ORDER, secret)

    assert response.status_code == 200
    assert response.json()["orders"][0]["outcome"] == "ACCEPTED"
    assert CapturedOrder.objects.filter(external_reference="M-1").count() == 1
