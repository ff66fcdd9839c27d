"""Availability tasks: ids in, one service called."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from celery import current_app, shared_task
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.availability.delivery import Verdict, delivery_attempt
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from saleor_oms_plugin.availability.push import dirty_push, full_push
from saleor_oms_plugin.core.retry import backoff_seconds
from saleor_oms_plugin.tenants.models import Tenant

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
# A pending delivery untouched this long lost its task (the longest backoff is ten minutes).
STALLED_AFTER = timedelta(minutes=20)


def _active(tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


@shared_task(**_RETRY)
def availability_push(tenant_id: int) -> int:
    if not _active(tenant_id):
        return 0
    queued = len(dirty_push(tenant_id=tenant_id))
    if current_app.conf.task_always_eager:
        # No beat may be running (the embedded default): failed deliveries due again go too.
        for pk in _stalled(tenant_id, timezone.now()):
            availability_deliver.delay(pk)
    return queued


@shared_task(**_RETRY)
def availability_subscription_sync(tenant_id: int, subscription_id: int) -> int:
    """A new or changed subscription: everything it lacks is sent."""
    if not _active(tenant_id):
        return 0
    return len(full_push(tenant_id=tenant_id, subscription_id=subscription_id))


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=None,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
)
def availability_deliver(self: Any, delivery_pk: int) -> str:
    """Send one delivery; retried with backoff (the attempts are bounded by the tenant).

    Run eagerly (embedded mode) it is one attempt: retrying in a loop would hold the web
    request; a delivery left pending is tried again by the sweep once its backoff elapsed.
    """
    verdict = delivery_attempt(delivery_pk=delivery_pk)
    if verdict is Verdict.RETRY and not self.request.is_eager:
        attempts = (
            AvailabilityDelivery.objects.filter(pk=delivery_pk)
            .values_list("attempts", flat=True)
            .first()
        ) or 1
        raise self.retry(countdown=backoff_seconds(attempts))
    return verdict.value


@shared_task(**_RETRY)
def availability_sweep_tenant(tenant_id: int) -> int:
    if not _active(tenant_id):
        return 0
    dirty_push(tenant_id=tenant_id)
    queued = full_push(tenant_id=tenant_id)
    stalled = _stalled(tenant_id, timezone.now())
    for pk in stalled:
        availability_deliver.delay(pk)
    return len(queued) + len(stalled)


def _stalled(tenant_id: int, now: datetime) -> list[int]:
    """Pending deliveries that lost their task; run eagerly (no broker to hold a retry), also
    those whose backoff after a failed attempt elapsed."""
    pending = AvailabilityDelivery.objects.filter(
        tenant_id=tenant_id, state=AvailabilityDelivery.State.PENDING
    ).filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
    if not current_app.conf.task_always_eager:
        return list(pending.filter(updated_at__lt=now - STALLED_AFTER).values_list("pk", flat=True))
    return [
        pk
        for pk, attempts, updated_at in pending.order_by("pk").values_list(
            "pk", "attempts", "updated_at"
        )
        if updated_at < now - min(STALLED_AFTER, timedelta(seconds=backoff_seconds(attempts)))
    ]


@shared_task(acks_late=True)
def availability_sweep() -> int:
    """Beat: compare everything for every tenant with an active subscription."""
    tenant_ids = sorted(
        set(
            AvailabilitySubscription.objects.filter(
                is_active=True, tenant__is_active=True
            ).values_list("tenant_id", flat=True)
        )
    )
    for tenant_id in tenant_ids:
        availability_sweep_tenant.delay(tenant_id)
    return len(tenant_ids)
