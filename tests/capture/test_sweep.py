"""The sweep on beat: received orders no batch took are sent, old webhook signatures are
forgotten, and the beat schedule runs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from freezegun import freeze_time

from saleor_oms_plugin.capture.models import CapturedOrder, WebhookSignatureSeen
from saleor_oms_plugin.capture.services import orders_capture
from saleor_oms_plugin.capture.tasks import sweep_captured_orders
from tests.capture.test_import import NOW, STAFF, _shop, _snake, outside_order
from tests.fixtures.deliveries import LocalSigner

pytestmark = pytest.mark.django_db


def test_the_sweep_is_on_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "saleor_oms_plugin.capture.tasks.sweep_captured_orders" in tasks


def test_orders_no_batch_took_are_sent_by_the_sweep(fake_saleor):
    with freeze_time(NOW):
        tenant, _, _, source = _shop(fake_saleor, LocalSigner.generate())
        # stored, but the task queued after commit was lost (no on-commit run here)
        orders_capture(source=source, orders=[_snake(outside_order("PH-1"))], door="API",
                       actor=STAFF)  # fmt: skip
        WebhookSignatureSeen.objects.create(source=source, signature="a" * 64, seen_at=NOW)
    assert CapturedOrder.objects.get(tenant=tenant).state == "RECEIVED"

    # half a minute later is too soon: a batch may still be on its way
    with freeze_time(NOW + timedelta(seconds=30)):
        assert sweep_captured_orders() == 0
    with freeze_time(NOW + timedelta(hours=3)):
        assert sweep_captured_orders() == 1

    assert CapturedOrder.objects.get(tenant=tenant).state == "CREATED"
    assert len(fake_saleor.graphql_requests("OmsOrderBulkCreate")) == 1
    assert not WebhookSignatureSeen.objects.exists()
