from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.webhooks.processing import (
    deliveries_prune,
    deliveries_stalled,
    delivery_process,
)

STALLED_BATCH = 100


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=12,
)
def process_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    """Process a batch of deliveries, each in its own transaction.

    A retry after a database error runs the whole batch again: the deliveries already done
    are no-ops (see delivery_process).
    """
    statuses: dict[str, int] = {}
    for delivery_id in sorted(delivery_ids):
        status = delivery_process(delivery_id=delivery_id) or "unchanged"
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


@shared_task(acks_late=True)
def requeue_stalled_deliveries() -> int:
    """Beat: queue again deliveries whose task was lost (broker down at intake, killed worker)."""
    stalled = deliveries_stalled()
    for start in range(0, len(stalled), STALLED_BATCH):
        process_deliveries.delay(stalled[start : start + STALLED_BATCH])
    return len(stalled)


@shared_task(acks_late=True)
def prune_deliveries() -> int:
    """Beat: keep the inbox small; finished deliveries go after INBOX_RETENTION_DAYS."""
    return deliveries_prune(older_than_days=settings.INBOX_RETENTION_DAYS)
