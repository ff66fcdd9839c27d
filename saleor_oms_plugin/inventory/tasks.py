"""Inventory tasks: ids in, the tenant reloaded, one service called; retried on passing errors."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.inventory.reconcile import (
    dirty_variants_resync,
    inventory_import_run,
    stock_reconcile,
)
from saleor_oms_plugin.inventory.reservations import reservations_expire
from saleor_oms_plugin.inventory.write_back import write_back_run, write_backs_recover
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.tenants.models import Tenant

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (SaleorTransportError, OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def _active(tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


@shared_task(**_RETRY)
def inventory_import(tenant_id: int) -> dict[str, Any]:
    if not _active(tenant_id):
        return {}
    return inventory_import_run(tenant_id=tenant_id).as_dict()


@shared_task(**_RETRY)
def inventory_resync_dirty(tenant_id: int) -> dict[str, Any]:
    if not _active(tenant_id):
        return {}
    return dirty_variants_resync(tenant_id=tenant_id).as_dict()


@shared_task(**_RETRY)
def inventory_write_back(tenant_id: int) -> dict[str, Any]:
    if not _active(tenant_id):
        return {}
    return write_back_run(tenant_id=tenant_id).__dict__


@shared_task(**_RETRY)
def inventory_reconcile(tenant_id: int) -> dict[str, Any]:
    if not _active(tenant_id):
        return {}
    return stock_reconcile(tenant_id=tenant_id).as_dict()


@shared_task(acks_late=True)
def inventory_reconcile_all() -> int:
    """Beat: one reconciliation task per active tenant."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        inventory_reconcile.delay(tenant_id)
    return len(tenant_ids)


@shared_task(acks_late=True)
def inventory_expire_reservations() -> int:
    """Beat: release reservations whose time ran out."""
    return reservations_expire()


@shared_task(acks_late=True)
def inventory_write_back_sweep() -> int:
    """Beat: resend open write-backs (after an outage, a lost task or a dead worker)."""
    tenant_ids = write_backs_recover()
    for tenant_id in tenant_ids:
        inventory_write_back.delay(tenant_id)
    return len(tenant_ids)
