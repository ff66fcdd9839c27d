"""Outbound webhooks to a real local HTTP server: signature, retries, dead letters."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.rules.engine import rules_evaluate_event
from saleor_oms_plugin.rules.models import ActionRun, OutboundWebhookDelivery
from saleor_oms_plugin.rules.services import outbound_delivery_redeliver, outbound_endpoint_create
from tests.fixtures.fake_saleor import unused_port
from tests.fixtures.receiver import Receiver
from tests.fixtures.rules import NOW, order_make, rule_make

pytestmark = pytest.mark.django_db

SECRET = "s3cret-for-tests"


@pytest.fixture
def receiver():
    server = Receiver("/hooks")
    yield server
    server.close()


def _fire(tenant, url, on_commit, *, max_attempts=4):
    tenant.settings = {"rules": {"webhook_max_attempts": max_attempts}}
    tenant.save()
    outbound_endpoint_create(
        tenant_id=tenant.pk, name="erp", url=url, secret=SECRET, actor=Actor.operator("tests")
    )
    rule_make(
        tenant, name="Big", actions=[{"type": "webhook", "endpoint": "erp", "event": "order.big"}]
    )
    order = order_make(tenant)
    with on_commit(execute=True):
        rules_evaluate_event(
            tenant_id=tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
    return order, ActionRun.objects.get(), OutboundWebhookDelivery.objects.get()


def test_a_webhook_is_signed_with_hmac_sha256(
    capture_tenant, receiver, django_capture_on_commit_callbacks
):
    order, run, delivery = _fire(capture_tenant, receiver.url, django_capture_on_commit_callbacks)
    # then one request arrived, and its signature verifies over the exact body
    [(headers, body)] = receiver.requests
    parts = dict(p.split("=", 1) for p in headers["X-OMS-Signature"].split(","))
    timestamp, signed = parts["t"], parts["v1"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(signed, expected.hexdigest())
    # and a changed body would not verify
    forged = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body + b" ", hashlib.sha256)
    assert signed != forged.hexdigest()
    payload = json.loads(body)
    assert headers["X-OMS-Delivery"] == run.idempotency_key == payload["delivery"]
    assert headers["X-OMS-Event"] == "order.big"
    assert payload["order"] == {"number": order.number, "id": order.pk}
    assert payload["rule"]["name"] == "Big"
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    assert run.state == "succeeded"


def test_server_errors_are_retried_until_delivered(
    capture_tenant, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses.extend([503, 500, 429])
    _, run, delivery = _fire(capture_tenant, receiver.url, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 4
    # every attempt sent the same bytes under the same delivery id
    assert len({body for _, body in receiver.requests}) == 1
    assert (delivery.state, delivery.attempts) == ("delivered", 4)
    assert (run.state, run.attempts) == ("succeeded", 4)


def test_a_delivery_that_keeps_failing_lands_in_the_dead_letters(
    capture_tenant, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses.extend([500] * 10)
    _, run, delivery = _fire(
        capture_tenant, receiver.url, django_capture_on_commit_callbacks, max_attempts=3
    )
    assert len(receiver.requests) == 3
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("dead", 3, 500)
    assert (run.state, run.outcome) == ("failed", {"code": "WEBHOOK_DEAD_LETTER"})


def test_a_refusal_is_final_at_once(capture_tenant, receiver, django_capture_on_commit_callbacks):
    receiver.statuses.append(400)
    _, run, delivery = _fire(capture_tenant, receiver.url, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    assert (delivery.state, run.outcome) == ("dead", {"code": "WEBHOOK_REJECTED"})


def test_an_unreachable_receiver_is_retried_then_dead_lettered(
    capture_tenant, django_capture_on_commit_callbacks
):
    url = f"http://127.0.0.1:{unused_port()}/hooks"
    _, run, delivery = _fire(
        capture_tenant, url, django_capture_on_commit_callbacks, max_attempts=2
    )
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("dead", 2, None)
    assert delivery.last_error == "connection refused"  # a category, not the raw text


def test_a_dead_letter_can_be_delivered_again(
    capture_tenant, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses.extend([500, 500])
    _, _, delivery = _fire(
        capture_tenant, receiver.url, django_capture_on_commit_callbacks, max_attempts=2
    )
    assert delivery.state == "dead"
    # when an operator redelivers it once the receiver is fixed
    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_delivery_redeliver(
            tenant_id=capture_tenant.pk, delivery_id=delivery.pk, actor=Actor.operator("tests")
        )
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 1)
    assert ActionRun.objects.get().state == "succeeded"
    assert len(receiver.requests) == 3


def test_the_attempt_limit_is_capped(capture_tenant):
    from saleor_oms_plugin.rules.actions.webhook import max_attempts

    for configured, limit in [(None, 5), (3, 3), (10_000, 20), (-1, 5), (True, 5)]:
        capture_tenant.settings = {"rules": {"webhook_max_attempts": configured}}
        assert max_attempts(capture_tenant) == limit


def test_a_private_address_is_refused_when_sent_and_dead_lettered_at_once(
    capture_tenant, receiver, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True  # saved while allowed
    outbound_endpoint_create(
        tenant_id=capture_tenant.pk,
        name="erp",
        url=receiver.url,
        secret=SECRET,
        actor=Actor.operator("tests"),
    )
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    rule_make(capture_tenant, name="Big", actions=[{"type": "webhook", "endpoint": "erp"}])
    order = order_make(capture_tenant)
    with django_capture_on_commit_callbacks(execute=True):
        rules_evaluate_event(
            tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
    delivery = OutboundWebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        "dead",
        1,
        "address not allowed",
    )
    assert receiver.requests == []
