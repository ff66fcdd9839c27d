"""A real Celery worker, on Redis, processing a delivery end to end."""

from __future__ import annotations

import subprocess
import sys

import pytest
import redis
from django.db import connection

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import captures
from tests.fixtures.deliveries import capture_headers, django_client_headers, webhook_path
from tests.fixtures.processes import stop, wait_for
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.worker import service_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_processes_deliveries_acknowledged_by_the_web_endpoint(client, worker):
    # given a tenant and a few captured deliveries of one order, in arrival order
    tenant = make_capture_tenant()
    of_first_order = [c for c in captures() if c.event.startswith("ORDER_")][:4]
    # when they are posted to the endpoint (which only stores them and queues a task)
    for capture in of_first_order:
        response = client.post(
            webhook_path(capture.event),
            data=capture.body,
            content_type="application/json",
            **django_client_headers(capture_headers(capture)),
        )
        assert response.status_code == 200
    # then the worker processes every one of them, and the order appears in the read model
    processed = wait_for(
        lambda: (
            Delivery.objects.filter(tenant=tenant, status="done").count() == len(of_first_order)
        ),
        process=worker,
    )
    if not processed:
        output = stop(worker)
        pytest.fail(f"the worker did not process the deliveries:\n{output[-3000:]}")
    assert Order.objects.filter(tenant=tenant).count() >= 1


def test_beat_installs_the_periodic_tasks_and_sends_them_to_the_broker(broker):
    # when beat runs for a moment
    from django_celery_beat.models import PeriodicTask

    process = subprocess.Popen(
        [sys.executable, "-m", "saleor_oms_plugin", "beat", "--loglevel", "WARNING"],
        env={**service_env(broker), "INBOX_SWEEP_INTERVAL_SECONDS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        installed = wait_for(
            lambda: (
                {"requeue-stalled-deliveries", "prune-finished-deliveries"}
                <= set(PeriodicTask.objects.values_list("name", flat=True))
            ),
            process=process,
        )
        # then its schedule is in the database (editable by operators) and tasks reach Redis
        queued = wait_for(
            lambda: redis.Redis.from_url(broker).llen("webhooks") > 0, process=process
        )
    finally:
        output = stop(process)
        connection.close()
    assert installed, output[-3000:]
    assert queued, output[-3000:]
