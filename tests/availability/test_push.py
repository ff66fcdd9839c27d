"""Outbound available-to-sell to a real local HTTP server: signed, batched, only on change,
retried, dead-lettered and redelivered."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.availability import push
from saleor_oms_plugin.availability.delivery import (
    delivery_attempt,
    delivery_redeliver,
    max_attempts,
)
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilityValue
from saleor_oms_plugin.availability.services import subscription_create, subscription_update
from saleor_oms_plugin.availability.tasks import availability_sweep_tenant
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.core.retry import backoff_seconds
from saleor_oms_plugin.inventory.models import Channel, ChannelLocation
from saleor_oms_plugin.inventory.reconcile import channels_import
from saleor_oms_plugin.inventory.services import channel_define
from tests.fixtures.fake_saleor import unused_port
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.receiver import Receiver
from tests.fixtures.stock_watch import adjust, deliver_pending

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
    deliver_pending()
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
    deliver_pending()
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
    deliver_pending()
    delivery = AvailabilityDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("DEAD", 2, None)
    assert delivery.last_error == "connection refused"  # a category, not the raw text


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


def test_a_location_leaving_the_channel_is_sent_as_zero(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, stocks = shop
    la, ny = stocks[(MUG, "LA")].location, stocks[(MUG, "NY")].location
    make_channel(tenant, "ny-only", [ny])
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks, channels=["ny-only"])
    assert _items(_bodies(receiver)[-1]) == {("ny-only", MUG): 4}
    # when the merchant takes NY out of the channel
    with django_capture_on_commit_callbacks(execute=True):
        channel_define(tenant_id=tenant.pk, slug="ny-only", location_ids=[], actor=STAFF)
    # then the receiver hears at once that the mugs it was told of are gone
    assert _items(_bodies(receiver)[-1]) == {("ny-only", MUG): 0}
    # and when LA serves it, of LA's mugs and cups
    with django_capture_on_commit_callbacks(execute=True):
        channel_define(tenant_id=tenant.pk, slug="ny-only", location_ids=[la.pk], actor=STAFF)
    assert _items(_bodies(receiver)[-1]) == {("ny-only", MUG): 4, ("ny-only", CUP): 9}
    assert len(receiver.requests) == 3


def test_a_sweep_zeroes_what_left_the_channel(shop, receiver, django_capture_on_commit_callbacks):
    tenant, stocks = shop
    ny = stocks[(MUG, "NY")].location
    channel = make_channel(tenant, "ny-only", [ny])
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks, channels=["ny-only"])
    # a location removed behind our back (no listener told): the beat sweep still catches it
    ChannelLocation.objects.filter(channel=channel).delete()
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    assert _items(_bodies(receiver)[-1]) == {("ny-only", MUG): 0}
    # and says nothing more afterwards
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    assert len(receiver.requests) == 2


def test_a_channel_dropped_from_the_subscription_is_sent_as_zero(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    subscription = _subscribe(
        tenant,
        receiver.url,
        django_capture_on_commit_callbacks,
        channels=["marketplace", "la-only"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        subscription_update(
            tenant_id=tenant.pk, pk=subscription.pk, actor=STAFF, channel_slugs=["la-only"]
        )
    assert _items(_bodies(receiver)[-1]) == {("marketplace", CUP): 0, ("marketplace", MUG): 0}
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    assert len(receiver.requests) == 2


class _ChannelsOnly:
    """Saleor's answer to the channels query (contract-shaped), for ``channels_import``."""

    def __init__(self, channels):
        self.channels = channels

    def execute(self, document, variables=None):
        assert document == "queries/inventory_channels"
        return {"channels": self.channels}


def test_saleor_changing_a_channel_s_warehouses_is_sent(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, stocks = shop
    la, ny = stocks[(MUG, "LA")].location, stocks[(MUG, "NY")].location
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks, channels=["la-only"])
    # when Saleor's la-only channel is now served by NY alone
    saleor = _ChannelsOnly(
        [
            {
                "id": "Q2hhbm5lbDox",
                "slug": "la-only",
                "name": "LA",
                "warehouses": [{"id": ny.saleor_id}],
            }
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        channels_import(tenant_id=tenant.pk, client=saleor)
    # (NY's available mugs, 6 - 2, happen to equal LA's 4: only the cups change)
    assert _items(_bodies(receiver)[-1]) == {("la-only", CUP): 0}
    assert la.pk not in Channel.objects.get(slug="la-only").channel_locations.values_list(
        "location_id", flat=True
    )


@pytest.mark.parametrize("switch_off", ["subscription", "tenant"])
def test_a_delivery_queued_before_switching_off_is_never_sent(
    shop, receiver, django_capture_on_commit_callbacks, switch_off
):
    tenant, _ = shop
    with django_capture_on_commit_callbacks(execute=False):  # queued, not sent yet
        subscription, _ = subscription_create(
            tenant_id=tenant.pk,
            name="feed",
            url=receiver.url,
            channel_slugs=["marketplace"],
            actor=STAFF,
            secret=SECRET,
        )
    push.full_push(tenant_id=tenant.pk)
    delivery = AvailabilityDelivery.objects.get()
    if switch_off == "subscription":
        subscription_update(tenant_id=tenant.pk, pk=subscription.pk, actor=STAFF, is_active=False)
    else:
        tenant.is_active = False
        tenant.save(update_fields=["is_active"])
    assert delivery_attempt(delivery_pk=delivery.pk) == "dead"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        "DEAD",
        0,
        f"{switch_off} inactive",
    )
    assert receiver.requests == []
    assert set(AvailabilityValue.objects.values_list("value", flat=True)) == {None}


def test_the_attempt_limit_is_capped(capture_tenant):
    for configured, limit in [(None, 5), (3, 3), (10_000, 20), (0, 5), (True, 5)]:
        capture_tenant.settings = {"availability": {"max_attempts": configured}}
        assert max_attempts(capture_tenant) == limit


def test_run_eagerly_one_attempt_is_made_and_the_sweep_retries_after_the_backoff(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, _ = shop
    receiver.statuses.append(503)
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    # one attempt inside the request, no loop
    delivery = AvailabilityDelivery.objects.get()
    assert (delivery.state, delivery.attempts, len(receiver.requests)) == ("PENDING", 1, 1)
    # a sweep before the backoff (10 s) elapsed leaves it alone
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    assert len(receiver.requests) == 1
    # and after it, sends it again
    AvailabilityDelivery.objects.update(updated_at=timezone.now() - timedelta(seconds=11))
    with django_capture_on_commit_callbacks(execute=True):
        availability_sweep_tenant(tenant.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, len(receiver.requests)) == ("DELIVERED", 2, 2)


def test_run_eagerly_the_next_push_retries_a_delivery_whose_backoff_elapsed(
    shop, receiver, django_capture_on_commit_callbacks
):
    tenant, stocks = shop
    receiver.statuses.append(503)
    _subscribe(tenant, receiver.url, django_capture_on_commit_callbacks)
    AvailabilityDelivery.objects.update(updated_at=timezone.now() - timedelta(seconds=11))
    # when a stock change is pushed (no beat running in the embedded default)
    with django_capture_on_commit_callbacks(execute=True):
        adjust(stocks[(MUG, "NY")], -1)
    # then the failed delivery went again, and the change after it
    first, second = AvailabilityDelivery.objects.order_by("pk")
    assert (first.state, first.attempts, second.state) == ("DELIVERED", 2, "DELIVERED")
    assert len(receiver.requests) == 3
