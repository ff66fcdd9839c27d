"""/metrics: what a Prometheus scrape sees after real work, and the scrape token."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from saleor_oms_plugin.celery_app import app as celery_app
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorPermissionDenied
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import captures
from tests.fixtures.deliveries import capture_headers, django_client_headers, webhook_path
from tests.fixtures.processes import stop, wait_for
from tests.fixtures.worker import service_env

pytestmark = pytest.mark.django_db


def _scrape(client, **headers) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def _value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_processed_delivery_shows_in_the_metrics(
    client, capture_tenant, django_capture_on_commit_callbacks
):
    capture = captures()[0]
    before = _scrape(client)
    # when Saleor delivers a webhook and it is processed (eagerly, after the intake commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            webhook_path(capture.event),
            data=capture.body,
            content_type="application/json",
            **django_client_headers(capture_headers(capture)),
        )
    assert response.status_code == 200
    delivery = Delivery.objects.get()
    assert delivery.status != Delivery.Status.PENDING
    after = _scrape(client)
    event = capture.event
    # then it was counted as received and processed, by event, with its status
    received = "oms_webhook_deliveries_received_total"
    assert _value(after, received, event=event, tenant="") == (
        _value(before, received, event=event, tenant="") + 1
    )
    processed = "oms_webhook_deliveries_processed_total"
    labels = {"event": event, "status": delivery.status, "tenant": ""}
    assert _value(after, processed, **labels) == _value(before, processed, **labels) + 1
    lag = "oms_webhook_processing_lag_seconds_count"
    assert _value(after, lag, event=event) == _value(before, lag, event=event) + 1
    # and the inbox gauges read the database: nothing pending, no dead letter
    assert _value(after, "oms_webhook_deliveries_pending") == 0
    assert _value(after, "oms_webhook_oldest_pending_age_seconds") == 0
    assert _value(after, "oms_webhook_dead_letters") == 0
    # and the routing plans are counted per state, every state named
    for state in ("proposed", "applying", "applied", "failed", "superseded"):
        assert ("oms_routing_plans", (("state", state),)) in after


def test_the_tenant_label_is_filled_only_when_asked_for(
    client, capture_tenant, settings, django_capture_on_commit_callbacks
):
    settings.METRICS_TENANT_LABELS = True
    capture = captures()[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            webhook_path(capture.event),
            data=capture.body,
            content_type="application/json",
            **django_client_headers(capture_headers(capture)),
        )
    after = _scrape(client)
    received = "oms_webhook_deliveries_received_total"
    assert _value(after, received, event=capture.event, tenant=str(capture_tenant.pk)) >= 1


def test_pending_and_dead_letter_deliveries_are_read_at_scrape_time(client, capture_tenant):
    old = timezone.now() - timezone.timedelta(minutes=10)
    for number, status in enumerate(
        [Delivery.Status.PENDING, Delivery.Status.PENDING, Delivery.Status.FAILED]
    ):
        Delivery.objects.create(
            tenant=capture_tenant,
            event="ORDER_CREATED",
            dedupe_key=f"k{number}",
            payload={},
            received_at=old if number == 0 else timezone.now(),
            status=status,
        )
    samples = _scrape(client)
    assert _value(samples, "oms_webhook_deliveries_pending") == 2
    assert _value(samples, "oms_webhook_oldest_pending_age_seconds") >= 600
    assert _value(samples, "oms_webhook_dead_letters") == 1


def test_saleor_calls_are_timed_and_their_errors_counted_by_kind(client, fake_saleor):
    before = _scrape(client)
    SaleorClient(fake_saleor.url, fake_saleor.app_token).execute("queries/app_identity")
    with pytest.raises(SaleorPermissionDenied):
        SaleorClient(fake_saleor.url, "not-a-token").execute("queries/app_identity")
    after = _scrape(client)
    calls = "oms_saleor_graphql_call_seconds_count"
    document = "queries/app_identity"
    assert _value(after, calls, document=document) == _value(before, calls, document=document) + 2
    errors = "oms_saleor_graphql_errors_total"
    labels = {"document": document, "kind": "SaleorPermissionDenied"}
    assert _value(after, errors, **labels) == _value(before, errors, **labels) + 1


def test_the_metrics_token_is_required_when_set(client, settings):
    settings.METRICS_TOKEN = "scrape-me-7f3a"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer scrape-me-7f3b"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    basic = client.get("/metrics", headers={"Authorization": "Basic scrape-me-7f3a"})
    assert basic.status_code == 401
    _scrape(client, Authorization="Bearer scrape-me-7f3a")


def test_a_worker_process_task_failure_is_scraped_in_multiprocess_mode(
    client, broker, tmp_path, monkeypatch
):
    # given a Celery worker writing its metrics to a multiprocess folder
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**service_env(broker), "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "saleor_oms_plugin", "worker", "--loglevel", "WARNING"]
        + ["--concurrency", "1", "--pool", "prefork", "--without-gossip", "--without-mingle"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # when a task fails in it (a delivery id that is no number)
        celery_app.send_task(
            "saleor_oms_plugin.webhooks.tasks.process_deliveries",
            args=[["not-a-number"]],
            queue="webhooks",
        )
        # then a scrape of this folder (as the web process does) counts the failure
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
        name = "oms_celery_task_failures_total"
        task = "saleor_oms_plugin.webhooks.tasks.process_deliveries"

        def counted() -> bool:
            return _value(_scrape(client), name, task=task) == 1

        assert wait_for(counted, process=worker), stop(worker)
    finally:
        stop(worker)
