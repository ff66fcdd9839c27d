"""Processing stored deliveries: exactly once in effect, in any arrival order."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.webhooks.locks import (
    lock_deliveries_waiting_for,
    lock_delivery,
    lock_next_pending_delivery,
)
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.registry import handlers_for

logger = logging.getLogger(__name__)


def delivery_process(*, delivery_id: int) -> str | None:
    """Apply one delivery's handlers; return its new status (None if there was nothing to do).

    The delivery row is locked for the whole transaction, so a second worker given the same
    delivery (a redelivered task, the stalled sweep) waits and then finds it finished. The
    handlers' writes and the delivery's status commit together.
    """
    with transaction.atomic():
        delivery = lock_delivery(delivery_id)
        if delivery is None or delivery.status != Delivery.Status.PENDING:
            return None
        return _process_locked(delivery)


def deliveries_take_turn(*, tenant_id: int, size: int) -> int:
    """Process up to ``size`` of the tenant's pending deliveries, oldest first, each in its own
    transaction as :func:`delivery_process` does; how many were processed (``size``: there may
    be more)."""
    processed = 0
    while processed < size:
        with transaction.atomic():
            delivery = lock_next_pending_delivery(tenant_id)
            if delivery is None:
                break
            _process_locked(delivery)
        processed += 1
    return processed


def _process_locked(delivery: Delivery) -> str:
    released = _run(delivery)
    for subject in released:
        deliveries_release(tenant_id=delivery.tenant_id, subject=subject)
    return delivery.status


def _run(delivery: Delivery) -> tuple[str, ...]:
    handlers = handlers_for(delivery.event)
    delivery.attempts += 1
    delivery.processed_at = timezone.now()
    released: list[str] = []
    if not handlers:
        delivery.status = Delivery.Status.SKIPPED
        delivery.save()
        return ()
    try:
        # A savepoint: a payload that fails half way leaves none of its writes behind.
        with transaction.atomic():
            # The first handler keeps the read model: its outcome is the delivery's. Later
            # handlers (domain reactions) can only make the delivery wait.
            outcome: ApplyOutcome | None = None
            waiting_for = ""
            for handler in handlers:
                result = handler(delivery.tenant_id, delivery.payload)
                released.extend(result.released)
                if result.outcome is ApplyOutcome.DEFERRED:
                    outcome, waiting_for = result.outcome, result.waiting_for
                    break
                outcome = outcome or result.outcome
    except PayloadError as exc:
        logger.warning("delivery %s (%s) cannot be applied: %s", delivery.pk, delivery.event, exc)
        delivery.status = Delivery.Status.FAILED
        delivery.last_error = str(exc)
        delivery.save()
        return ()
    assert outcome is not None  # there was at least one handler
    delivery.outcome = outcome.value
    delivery.waiting_for = waiting_for
    delivery.status = (
        Delivery.Status.DEFERRED if outcome is ApplyOutcome.DEFERRED else Delivery.Status.DONE
    )
    delivery.save()
    return tuple(released)


def deliveries_release(*, tenant_id: int, subject: str) -> int:
    """Process, in issue order, the deliveries that were waiting for ``subject`` to exist."""
    waiting = sorted(
        lock_deliveries_waiting_for(tenant_id, subject),
        # Issue order, as PostgreSQL sorts it: deliveries without an issue time last.
        key=lambda delivery: (delivery.issued_at is None, delivery.issued_at, delivery.pk),
    )
    for delivery in waiting:
        delivery.status = Delivery.Status.PENDING
        for further in _run(delivery):
            deliveries_release(tenant_id=tenant_id, subject=further)
    return len(waiting)


def tenants_with_stalled_deliveries() -> dict[int, int]:
    """Tenants with deliveries still pending INBOX_STALLED_AFTER_SECONDS after they arrived
    (their turn was never queued, or lost), and how many each has."""
    cutoff = timezone.now() - timedelta(seconds=settings.INBOX_STALLED_AFTER_SECONDS)
    rows = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, received_at__lt=cutoff)
        .values("tenant_id")
        .annotate(stalled=Count("pk"))
        .order_by("tenant_id")
    )
    return {row["tenant_id"]: row["stalled"] for row in rows}


def deliveries_prune(*, older_than_days: int, batch_size: int = 5000) -> int:
    """Delete finished deliveries past the retention period; failed and waiting ones stay.

    Their effects live in the read models and the audit log; the inbox only needs a delivery
    for as long as Saleor might deliver it again (a few minutes) and for inspection.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    finished = [Delivery.Status.DONE, Delivery.Status.SKIPPED]
    deleted = 0
    while True:
        batch = list(
            Delivery.objects.filter(status__in=finished, received_at__lt=cutoff).values_list(
                "pk", flat=True
            )[:batch_size]
        )
        if not batch:
            return deleted
        deleted += Delivery.objects.filter(pk__in=batch).delete()[0]
