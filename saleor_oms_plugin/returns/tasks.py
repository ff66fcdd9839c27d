"""Celery tasks of returns: ids in, one service call, safe to run again."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.saleor_sync import (
    RETRYABLE,
    return_sync,
    return_sync_give_up,
)
from saleor_oms_plugin.returns.scheduling import return_sync_now
from saleor_oms_plugin.returns.selectors import returns_stalled_in_saleor
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

MAX_RETRIES = 10


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def sync_return_to_saleor(self: Any, tenant_id: int, request_id: int) -> str:
    """Record a completed return in Saleor, retrying transport and database trouble with
    backoff (5 s doubling, at most 10 min); when the retries run out the return is FAILED."""
    tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
    if tenant is None:
        return "inactive"
    try:
        return return_sync(client=tenant_saleor_client(tenant=tenant), request_id=request_id)
    except RETRYABLE as exc:
        attempts = self.request.retries + 1
        if attempts > MAX_RETRIES:
            return_sync_give_up(
                request_id=request_id,
                reason=f"Saleor could not be reached after {attempts} attempts: {exc}",
            )
            return "failed"
        countdown = get_exponential_backoff_interval(
            factor=5, retries=self.request.retries, maximum=600, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(acks_late=True)
def requeue_stalled_returns() -> int:
    """Beat: queue again completed returns PENDING in Saleor with no attempt for a while."""
    stalled = returns_stalled_in_saleor()
    for tenant_id, request_id in stalled:
        # touched first, so the next sweep leaves it to the task just queued
        ReturnRequest.objects.filter(pk=request_id).update(updated_at=timezone.now())
        return_sync_now(tenant_id=tenant_id, request_id=request_id)
    return len(stalled)
