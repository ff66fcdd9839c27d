"""Availability tasks: ids in, one service called."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from saleor_oms_plugin.availability.delivery import Verdict, backoff_seconds, delivery_attempt
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from saleor_oms_plugin.availability.push import dirty_push, full_push
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
    return len(dirty_push(tenant_id=tenant_id))


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
    """Send one delivery; retried with backoff (the attempts are bounded by the tenant)."""
    while True:
        verdict = delivery_attempt(delivery_pk=delivery_pk)
        if verdict is not Verdict.RETRY:
            return verdict.value
        if not self.request.is_eager:
            attempts = (
                AvailabilityDelivery.objects.filter(pk=delivery_pk)
                .values_list("attempts", flat=True)
                .first()
            ) or 1
            raise self.retry(countdown=backoff_seconds(attempts))
        # Eager (embedded mode, tests): no broker to wait on; tried again at once.


@shared_task(**_RETRY)
def availability_sweep_tenant(tenant_id: int) -> int:
    if not _active(tenant_id):
        return 0
    dirty_push(tenant_id=tenant_id)
    queued = full_push(tenant_id=tenant_id)
    stalled = list(
        AvailabilityDelivery.objects.filter(
            tenant_id=tenant_id,
            state=AvailabilityDelivery.State.PENDING,
            updated_at__lt=timezone.now() - STALLED_AFTER,
        ).values_list("pk", flat=True)
    )
    for pk in stalled:
        availability_deliver.delay(pk)
    return len(queued) + len(stalled)


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
