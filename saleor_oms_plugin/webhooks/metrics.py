"""Metrics of the webhook inbox: deliveries received, processed and failed, and the lag.

The ``tenant`` label is filled only with ``METRICS_TENANT_LABELS`` on (its values grow with
the installations); otherwise it is empty, which Prometheus reads as no label at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric

from saleor_oms_plugin.webhooks.models import Delivery

deliveries_received = Counter(
    "oms_webhook_deliveries_received_total",
    "Webhook deliveries accepted and stored (duplicates not counted), by event.",
    ["event", "tenant"],
)
deliveries_processed = Counter(
    "oms_webhook_deliveries_processed_total",
    "Webhook deliveries processed, by event and resulting status (done, deferred, skipped, "
    "failed).",
    ["event", "status", "tenant"],
)
deliveries_failed = Counter(
    "oms_webhook_deliveries_failed_total",
    "Webhook deliveries whose payload could not be applied (kept as dead letters), by event.",
    ["event", "tenant"],
)
processing_lag = Histogram(
    "oms_webhook_processing_lag_seconds",
    "From a delivery's receipt to the end of its processing.",
    ["event"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600),
)


def _tenant_label(tenant_id: int) -> str:
    return str(tenant_id) if settings.METRICS_TENANT_LABELS else ""


def delivery_received_count(*, event: str, tenant_id: int) -> None:
    deliveries_received.labels(event=event, tenant=_tenant_label(tenant_id)).inc()


def delivery_processed_count(
    *, event: str, tenant_id: int, status: str, received_at: datetime
) -> None:
    tenant = _tenant_label(tenant_id)
    deliveries_processed.labels(event=event, status=status, tenant=tenant).inc()
    if status == Delivery.Status.FAILED:
        deliveries_failed.labels(event=event, tenant=tenant).inc()
    lag = (timezone.now() - received_at).total_seconds()
    processing_lag.labels(event=event).observe(max(lag, 0.0))


def inbox_readings() -> Iterable[Metric]:
    """Scrape time: the inbox as the database holds it now."""
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).aggregate(
        count=Count("pk"), oldest=Min("received_at")
    )
    yield GaugeMetricFamily(
        "oms_webhook_deliveries_pending",
        "Webhook deliveries stored and not processed yet.",
        value=pending["count"],
    )
    oldest = pending["oldest"]
    yield GaugeMetricFamily(
        "oms_webhook_oldest_pending_age_seconds",
        "Age of the oldest pending webhook delivery (0 when none is pending).",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
    )
    yield GaugeMetricFamily(
        "oms_webhook_dead_letters",
        "Webhook deliveries that ended failed and are kept for inspection and replay.",
        value=Delivery.objects.filter(status=Delivery.Status.FAILED).count(),
    )
