"""Outbound available-to-sell to a real local HTTP server: signed, batched, only on change,
retried, dead-lettered and redelivered."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.cache import cache

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.availability import push
from saleor_oms_plugin.availability.delivery import backoff_seconds, delivery_redeliver
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilityValue
from saleor_oms_plugin.availability.services import subscription_create, subscription_update
from saleor_oms_plugin.availability.tasks import availability_sweep_tenant
from saleor_oms_plugin.core.crypto import decrypt_secret
from tests.fixtures.fake_saleor import unused_port
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.stock_watch import Receiver, adjust

pytestmark = pytest.mark.django_db
STAFF = Actor.operator("tests")
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
CUP = "UHJvZHVjdFZhcmlhbnQ6NDAy"
SECRET = "availability-secret"


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    monkeypatch.setattr(push, "DEBOUNCE_SECONDS", 0)
    cache.clear()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def shop(capture_tenant):
    la, ny = make_location(capture_tenant, "LA"), make_location(capture_tenant, "NY")
    stocks = {
        (MUG, "LA"): make_stock(capture_tenant, la, MUG, on_hand=4),
        (MUG, "NY"): make_stock(capture_tenant, ny, MUG, on_hand=6, allocated=2),
        (CUP, "LA"): make_stock(capture_tenant, la, CUP, on_hand=9),
    }
    make_channel(capture_tenant, "marketplace", [la, ny], buffer_kind="FIXED", buffer_value=1)
    make_channel(capture_tenant, "la-only", [la])
    return capture_tenant, stocks


def _subscribe(tenant, url, run, channels=("marketplace",), max_attempts=None):
    if max_attempts:
        tenant.settings = {"availability": {"max_attempts": max_attempts}}
        tenant.save()
    with run(execute=True):
        subscription, secret = subscription_create(
            tenant_id=tenant.pk,
            name="marketplace-feed",
            url=url,
            channel_slugs=channels,
            actor=STAFF,
            secret=SECRET,
        )
    return subscription


def _bodies(receiver):
    return [json.loads(body) for _, body in receiver.requests]


def _items(body):
    return {(i["channel"], i["variantId"]): i["availableToSell"] for i in body["items"]}


def test_a_new_subscription_gets_everything_signed_in_one_batch(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    subscription = _subscribe(
        tenant,
        receiver.url,
        django_capture_on_commit_callbacks,
        channels=["marketplace", "la-only"],
    )
    [(headers, body)] = receiver.requests
    # the signature verifies over the exact bytes
    parts = dict(p.split("=", 1) for p in headers["X-OMS-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(parts["v1"], expected.hexdigest())
    payload = json.loads(body)
    assert headers["X-OMS-Event"] == "availability.changed"
    assert headers["X-OMS-Delivery"] == payload["delivery"]
    assert (payload["subscription"], payload["sequence"]) == ("marketplace-feed", 1)
    # marketplace: (4 + 4) - 1 buffer = 7 mugs, 9 - 1 = 8 cups; la-only: 4 mugs, 9 cups
    assert _items(payload) == {
        ("la-only", CUP): 9,
        ("la-only", MUG): 4,
        ("marketplace", CUP): 8,
        ("marketplace", MUG): 7,
    }
    assert decrypt_secret(subscription.secret_encrypted) == SECRET


def test_only_changed_values_are_sent_and_never_twice(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, stocks = shop
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    # when a mug is sold in NY, and a change nets out to nothing for the cups
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stocks[(MUG, "NY")], -1)
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stocks[(CUP, "LA")], 2)
        adjust(stocks[(CUP, "LA")], -2)
    # then only the mug's new value went out
    bodies = _bodies(receiver)
    assert len(bodies) == 2
    assert _items(bodies[1]) == {("marketplace", MUG): 6}
    assert bodies[1]["sequence"] == 2
    # and a sweep finds nothing more to say
    availability_sweep_tenant(tenant.pk)
    assert len(receiver.requests) == 2


def test_many_variants_go_in_batches(
    shop, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    tenant, _ = shop
    monkeypatch.setattr(push, "BATCH_ITEMS", 1)
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    bodies = _bodies(receiver)
    assert [len(b["items"]) for b in bodies] == [1, 1]
    assert sorted(b["sequence"] for b in bodies) == [1, 2]
    assert len({b["delivery"] for b in bodies}) == 2


def test_server_errors_are_retried_with_the_same_bytes_until_delivered(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    receiver.statuses.extend([500, 503, 429, 408])
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 5
    assert len({body for _, body in receiver.requests}) == 1
    assert len({h["X-OMS-Delivery"] for h, _ in receiver.requests}) == 1
    delivery = AvailabilityDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("DELIVERED", 5, 200)


def test_after_the_attempt_limit_a_dead_letter_that_staff_can_redeliver(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, stocks = shop
    receiver.statuses.extend([500] * 3)
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks, max_attempts=3)
    delivery = AvailabilityDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("DEAD", 3, "HTTP 500")
    assert len(receiver.requests) == 3
    # what it carried counts as unknown to the receiver
    assert set(AvailabilityValue.objects.values_list("value", flat=True)) == {None}
    # when staff redeliver it once the receiver works again
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(tenant_id=tenant.pk, pk=delivery.pk, actor=STAFF)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("DELIVERED", 1)
    assert receiver.requests[-1][0]["X-OMS-Delivery"] == delivery.delivery_id
    # a delivered one cannot be redelivered
    with pytest.raises(AvailabilityError) as refused:
        delivery_redeliver(tenant_id=tenant.pk, pk=delivery.pk, actor=STAFF)
    assert refused.value.code == "NOT_DEAD"


def test_a_dead_delivery_s_values_are_sent_again_by_the_sweep(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    receiver.statuses.append(400)  # refused: final at once
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    assert AvailabilityDelivery.objects.get().state == "DEAD"
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    assert len(receiver.requests) == 2
    assert _items(_bodies(receiver)[1]) == {("marketplace", CUP): 8, ("marketplace", MUG): 7}


def test_an_unreachable_receiver_is_retried_then_dead_lettered(
    shop, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    url = f"http://127.0.0.1:{unused_port()}/availability"
    _subscribe(tenant, url, django_capture_on_commit_callbacks, max_attempts=2)
    delivery = AvailabilityDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("DEAD", 2, None)
    assert "ConnectionError" in delivery.last_error


def test_an_inactive_subscription_hears_nothing(shop, receiver, django_capture_on_commit_callbacks):
    tenant, stocks = shop
    subscription = _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    subscription_update(tenant_id=tenant.pk, pk=subscription.pk, actor=STAFF, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stocks[(MUG, "LA")], -1)
    assert len(receiver.requests) == 1


def test_bad_subscriptions_are_refused(shop):
    tenant, _ = shop
    for kwargs, code in [
        ({"url": "ftp://example.com/x"}, "INVALID_URL"),
        ({"url": "not a url"}, "INVALID_URL"),
        ({"channel_slugs": ["nowhere"]}, "CHANNEL_NOT_FOUND"),
        ({"channel_slugs": []}, "CHANNEL_NOT_FOUND"),
        ({"name": "  "}, "INVALID_NAME"),
    ]:
        arguments = {
            "name": "feed",
            "url": "https://example.com/hook",
            "channel_slugs": ["marketplace"],
            **kwargs,
        }
        with pytest.raises(AvailabilityError) as refused:
            subscription_create(tenant_id=tenant.pk, actor=STAFF, **arguments)
        assert refused.value.code == code


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_seconds(30) == 600
