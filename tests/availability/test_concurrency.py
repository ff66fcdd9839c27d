"""Racing pushes on real PostgreSQL connections: one state is queued and sent once."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection

from saleor_oms_plugin.availability import push
from saleor_oms_plugin.availability.delivery import delivery_attempt
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from saleor_oms_plugin.availability.push import subscription_push
from saleor_oms_plugin.core.crypto import encrypt_secret
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"


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


def test_racing_pushes_queue_one_delivery(capture_tenant, receiver, monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(push, "_send", sent.extend)
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, MUG, on_hand=4)
    make_channel(capture_tenant, "marketplace", [la])
    # created directly: no initial push, so both racers see the same unsent value
    subscription = AvailabilitySubscription.objects.create(
        tenant=capture_tenant,
        name="feed",
        url=receiver.url,
        channel_slugs=["marketplace"],
        secret_encrypted=encrypt_secret("s"),
    )
    barrier = threading.Barrier(4)
    results: list[list[int]] = []

    def racer() -> None:
        barrier.wait()
        try:
            results.append(subscription_push(subscription_id=subscription.pk, variant_ids=[MUG]))
        finally:
            connection.close()

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    delivery = AvailabilityDelivery.objects.get()
    assert sent == [delivery.pk]
    # and sending it twice at once posts it once
    barrier = threading.Barrier(2)
    verdicts: list[str] = []

    def sender() -> None:
        barrier.wait()
        try:
            verdicts.append(delivery_attempt(delivery_pk=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(verdicts) == ["delivered", "skipped"]
    assert [h["X-OMS-Delivery"] for h, _ in receiver.requests] == [delivery.delivery_id]
