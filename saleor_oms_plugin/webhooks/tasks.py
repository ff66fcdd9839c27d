from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.core.turns import turn_started
from saleor_oms_plugin.webhooks.processing import (
    deliveries_prune,
    deliveries_take_turn,
    delivery_process,
    tenants_with_stalled_deliveries,
)
from saleor_oms_plugin.webhooks.scheduling import TAKE_DELIVERY_TURN, deliveries_turn_request

# Acknowledged only once done (a killed worker's task is delivered again), and retried with
# backoff while the database is away: the deliveries wait in it, so nothing is lost meanwhile.
RETRIED_WHILE_THE_DATABASE_IS_AWAY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 12,
}


@shared_task(**RETRIED_WHILE_THE_DATABASE_IS_AWAY)
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


@shared_task(**RETRIED_WHILE_THE_DATABASE_IS_AWAY)
def take_delivery_turn(tenant_id: int) -> int:
    """One turn of a tenant (see :mod:`~saleor_oms_plugin.core.turns`): up to INBOX_TURN_SIZE
    of its pending deliveries, then, if there may be more, its next turn at the back of the
    queue. How many deliveries this turn processed."""
    turn_started(TAKE_DELIVERY_TURN, tenant_id=tenant_id)
    size = settings.INBOX_TURN_SIZE
    turn = deliveries_take_turn(tenant_id=tenant_id, size=size)
    # A full turn may have left more; a turn of nothing but failures leaves them to the sweep.
    if turn.processed + turn.failed >= size and turn.processed:
        deliveries_turn_request(tenant_id=tenant_id)
    return turn.processed


@shared_task(acks_late=True)
def requeue_stalled_deliveries() -> int:
    """Beat: a turn for each tenant whose deliveries wait too long (a task lost while the broker
    was down at intake, a killed worker); how many deliveries were waiting."""
    stalled = tenants_with_stalled_deliveries()
    for tenant_id in stalled:
        deliveries_turn_request(tenant_id=tenant_id, force=True)
    return sum(stalled.values())


@shared_task(acks_late=True)
def prune_deliveries() -> int:
    """Beat: keep the inbox small; finished deliveries go after INBOX_RETENTION_DAYS."""
    return deliveries_prune(older_than_days=settings.INBOX_RETENTION_DAYS)
