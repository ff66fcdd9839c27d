"""Replenishment tasks: a tenant id in, one service called; retried on passing DB errors."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.replenishment.forecasts import forecasts_refresh
from saleor_oms_plugin.replenishment.refresh import dirty_refresh, tracked_refresh
from saleor_oms_plugin.replenishment.scheduling import forecasts_refresh_now
from saleor_oms_plugin.tenants.models import Tenant

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


def _active(tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


@shared_task(**_RETRY)
def replenishment_refresh(tenant_id: int) -> dict[str, int]:
    if not _active(tenant_id):
        return {}
    result = dirty_refresh(tenant_id=tenant_id)
    return {"stocks": result.stocks, "opened": len(result.opened), "resolved": result.resolved}


@shared_task(**_RETRY)
def replenishment_sweep_tenant(tenant_id: int) -> dict[str, int]:
    if not _active(tenant_id):
        return {}
    dirty_refresh(tenant_id=tenant_id)
    result = tracked_refresh(tenant_id=tenant_id)
    return {"stocks": result.stocks, "opened": len(result.opened), "resolved": result.resolved}


@shared_task(acks_late=True)
def replenishment_sweep() -> int:
    """Beat: re-check every tracked stock level of every active tenant."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        replenishment_sweep_tenant.delay(tenant_id)
    return len(tenant_ids)


@shared_task(**_RETRY)
def replenishment_forecast_tenant(tenant_id: int) -> dict[str, int]:
    """Recompute one tenant's demand forecasts; then re-check its stock levels with them."""
    if not _active(tenant_id):
        return {}
    result = forecasts_refresh(tenant_id=tenant_id)
    tracked_refresh(tenant_id=tenant_id)
    return {"stocks": result.stocks, "removed": result.removed, **result.methods}


@shared_task(acks_late=True)
def replenishment_forecast() -> int:
    """Beat, daily: recompute the demand forecasts of every active tenant."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        forecasts_refresh_now(tenant_id=tenant_id)
    return len(tenant_ids)
