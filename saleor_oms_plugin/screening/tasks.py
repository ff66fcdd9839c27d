"""Celery tasks of order screening: ids in, one service call, safe to run again."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.screening.services import known_variants_backfill, order_screen
from saleor_oms_plugin.tenants.models import Tenant


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
)
def screen_order(tenant_id: int, order_id: int) -> str | None:
    """Run the checks on a new (or changed, held) order; returns the state it is left in."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return None
    return str(order_screen(tenant_id=tenant_id, order_id=order_id, actor=Actor.system()).state)


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), max_retries=5)
def backfill_known_variants(tenant_id: int) -> int:
    """Screening was enabled: learn the products' variants from the orders held already."""
    return known_variants_backfill(tenant_id=tenant_id)
