from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.webhooks.processing import (
    deliveries_prune,
    deliveries_stalled,
    delivery_process,
)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=12,
)
def process_delivery(delivery_id: int) -> str | None:
    return delivery_process(delivery_id=delivery_id)


@shared_task(acks_late=True)
def requeue_stalled_deliveries() -> int:
    """Beat: queue again deliveries whose task was lost (broker down at intake, killed worker)."""
    stalled = deliveries_stalled()
    for delivery_id in stalled:
        process_delivery.delay(delivery_id)
    return len(stalled)


@shared_task(acks_late=True)
def prune_deliveries() -> int:
    """Beat: keep the inbox small; finished deliveries go after INBOX_RETENTION_DAYS."""
    return deliveries_prune(older_than_days=settings.INBOX_RETENTION_DAYS)
