"""Queueing deliveries for processing: batched off the request path, never lost."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.celery_app import app as celery_app
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_cache_forget, tenant_get_active_cached
from saleor_oms_plugin.tenants.services import tenant_deactivate
from saleor_oms_plugin.webhooks.dispatch import DeliveryDispatcher
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.tasks import requeue_stalled_deliveries
from tests.fixtures.contract import CAPTURE_API_URL, captures
from tests.fixtures.deliveries import capture_headers, django_client_headers, webhook_path


@pytest.fixture
def real_broker():
    """Tasks really published to a clean Redis database."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    celery_app.conf.task_always_eager = False
    yield client
    celery_app.conf.task_always_eager = True
    client.flushdb()


def _queued_turns(client: redis.Redis, queue: str = "webhooks") -> list[tuple[str, int]]:
    turns = []
    for raw in client.lrange(queue, 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        turns.append((message["headers"]["task"].rsplit(".", 1)[-1], args[0]))
    return turns


def test_a_burst_of_deliveries_queues_one_turn_per_tenant(real_broker):
    # given 250 deliveries of two tenants handed to a dispatcher before it got to publish
    dispatcher = DeliveryDispatcher(max_batch=100, background=False)
    for delivery_id in range(1, 251):
        dispatcher.submit(delivery_id, tenant_id=1 if delivery_id % 5 else 2)
    # when it publishes
    dispatcher.flush()
    # then each tenant has one turn queued
    assert sorted(_queued_turns(real_broker)) == [
        ("take_delivery_turn", 1),
        ("take_delivery_turn", 2),
    ]
    # and more deliveries while those turns wait queue nothing more
    dispatcher.submit(251, tenant_id=1)
    dispatcher.flush()
    assert len(_queued_turns(real_broker)) == 2


@pytest.mark.django_db
def test_a_broker_outage_at_intake_loses_nothing(client, settings):
    # given a tenant, and a broker that cannot be reached
    from tests.fixtures.tenants import make_capture_tenant

    make_capture_tenant()
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    celery_app.conf.task_always_eager = False
    real_url, celery_app.conf.broker_url = celery_app.conf.broker_url, "redis://127.0.0.1:1/0"
    celery_app.conf.task_publish_retry = False
    celery_app._pool = None
    dispatcher = DeliveryDispatcher(background=False)
    try:
        from saleor_oms_plugin.webhooks import intake

        original, intake.delivery_dispatcher = intake.delivery_dispatcher, dispatcher
        # when Saleor delivers and the task cannot be published
        response = client.post(
            webhook_path(capture.event),
            data=capture.body,
            content_type="application/json",
            **django_client_headers(capture_headers(capture)),
        )
        dispatcher.flush()
    finally:
        intake.delivery_dispatcher = original
        celery_app.conf.broker_url = real_url
        celery_app.conf.task_publish_retry = True
        celery_app.conf.task_always_eager = True
        celery_app._pool = None
    # then the delivery is acknowledged and kept pending
    assert response.status_code == 200
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    # and once the broker is back, the sweep has it processed
    Delivery.objects.filter(pk=delivery.pk).update(
        received_at=timezone.now() - timedelta(seconds=settings.INBOX_STALLED_AFTER_SECONDS + 1)
    )
    assert requeue_stalled_deliveries.apply().get() == 1
    assert Delivery.objects.get().status == "done"


@pytest.mark.django_db
def test_active_tenants_are_cached_and_forgotten_on_deactivation(
    settings, django_assert_num_queries
):
    # given the cache on, and a tenant looked up once
    from tests.fixtures.tenants import make_capture_tenant

    settings.TENANT_CACHE_SECONDS = 60
    tenant_cache_forget()
    tenant = make_capture_tenant()
    assert tenant_get_active_cached(api_url=CAPTURE_API_URL).pk == tenant.pk
    # when it is looked up again, no query is made
    with django_assert_num_queries(0):
        assert tenant_get_active_cached(api_url=CAPTURE_API_URL).pk == tenant.pk
    # and after this process deactivates it, it is no longer found
    tenant_deactivate(tenant_id=tenant.pk, actor=Actor.system(), reason="test")
    assert tenant_get_active_cached(api_url=CAPTURE_API_URL) is None
    assert not Tenant.objects.get().is_active
    tenant_cache_forget()
