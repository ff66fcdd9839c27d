"""Processing stored deliveries: exactly once in effect, in any arrival order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, F
from django.utils import timezone

from saleor_oms_plugin.core.log_context import log_context
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.webhooks.locks import (
    lock_deliveries_waiting_for,
    lock_delivery,
    lock_next_pending_delivery,
    lock_subject,
)
from saleor_oms_plugin.webhooks.metrics import delivery_processed_count
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.registry import Handler, HandlerResult, handlers_for

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


@dataclass(frozen=True)
class Turn:
    processed: int
    failed: int  # raised unexpectedly: still pending, tried again after fresher deliveries


def deliveries_take_turn(*, tenant_id: int, size: int) -> Turn:
    """Process up to ``size`` of the tenant's pending deliveries, fewest attempts and then
    oldest first, each in its own transaction as :func:`delivery_process` does.

    A delivery whose handlers raise unexpectedly (a bug, not a payload the handlers refuse)
    has its attempt counted and stays pending; ordered behind fresher deliveries, it cannot
    hold up the tenant's others. A lost database connection propagates: the task retries.
    """
    processed = failed = 0
    tried: list[int] = []
    while processed + failed < size:
        current: int | None = None
        try:
            with transaction.atomic():
                delivery = lock_next_pending_delivery(tenant_id, exclude=tried)
                if delivery is None:
                    break
                current = delivery.pk
                tried.append(current)
                _process_locked(delivery)
            processed += 1
        except (OperationalError, InterfaceError):
            raise  # the database is away: the task retries the turn
        except Exception as exc:
            if current is None:
                raise
            failed += 1
            logger.exception("delivery %s could not be processed", current)
            Delivery.objects.filter(pk=current, status=Delivery.Status.PENDING).update(
                attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
    return Turn(processed, failed)


def _process_locked(delivery: Delivery) -> str:
    released = _run(delivery)
    for subject in released:
        deliveries_release(tenant_id=delivery.tenant_id, subject=subject)
    return delivery.status


def _run(delivery: Delivery) -> tuple[str, ...]:
    with log_context(tenant=delivery.tenant_id, delivery_id=delivery.pk):
        released = _apply(delivery)
    delivery_processed_count(
        event=delivery.event,
        tenant_id=delivery.tenant_id,
        status=delivery.status,
        received_at=delivery.received_at,
    )
    return released


def _apply(delivery: Delivery) -> tuple[str, ...]:
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
                result = _apply_handler(handler, delivery)
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


def _apply_handler(handler: Handler, delivery: Delivery) -> HandlerResult:
    """One handler's result; a decision to wait is taken again under the subject's lock.

    The first call found the subject missing, but another worker may be creating it right
    now, uncommitted, and look for waiting deliveries before this one commits. Once the
    subject is locked that worker has either committed (the second call finds the subject)
    or must wait for this transaction to commit (and then finds this delivery waiting).
    A handler that defers has written nothing, so calling it again is safe.
    """
    result = handler(delivery.tenant_id, delivery.payload)
    if result.outcome is not ApplyOutcome.DEFERRED:
        return result
    lock_subject(delivery.tenant_id, result.waiting_for)
    return handler(delivery.tenant_id, delivery.payload)


def deliveries_release(*, tenant_id: int, subject: str) -> int:
    """Process, in issue order, the deliveries that were waiting for ``subject`` to exist.

    The subject's lock (see _apply_handler) is held until the transaction that created the subject
    commits.
    """
    lock_subject(tenant_id, subject)
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
