"""Purchasing tasks: ids in, the tenant reloaded, one service called, safe to repeat."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.purchasing.lateness import late_purchase_orders_flag
from saleor_oms_plugin.purchasing.sending import purchase_order_email as email_send
from saleor_oms_plugin.tenants.models import Tenant

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def _active(tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


@shared_task(**_RETRY)
def purchase_order_email(tenant_id: int, order_id: int) -> bool:
    """E-mail a sent order to its supplier; SMTP failures (OSError) are retried."""
    if not _active(tenant_id):
        return False
    return email_send(tenant_id=tenant_id, pk=order_id)


@shared_task(**_RETRY)
def purchasing_late_tenant(tenant_id: int) -> int:
    if not _active(tenant_id):
        return 0
    return len(late_purchase_orders_flag(tenant_id=tenant_id))


@shared_task(acks_late=True)
def purchasing_late_sweep() -> int:
    """Beat: find every active tenant's purchase orders that became late."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        purchasing_late_tenant.delay(tenant_id)
    return len(tenant_ids)
