"""Insights tasks: beat's sweep of the reports due and sending one, the daily stock snapshot
fanned out per active tenant, and a tenant's rollups rebuilt (ids in, safe to repeat)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from saleor_oms_plugin.insights.rebuild import rollups_rebuild
from saleor_oms_plugin.insights.reports import report_send, reports_due
from saleor_oms_plugin.insights.stock_snapshots import stock_snapshot_take
from saleor_oms_plugin.tenants.models import Tenant

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**_RETRY)
def insights_report_send(tenant_id: int, schedule_id: int) -> bool:
    """Send one schedule's report of its last complete period (once per period); SMTP
    failures (OSError) are retried once the claim's lease has run out."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return False
    return report_send(tenant_id=tenant_id, schedule_id=schedule_id)


@shared_task(acks_late=True)
def insights_reports_sweep() -> int:
    """Beat: queue the reports whose period ended and that were not sent yet."""
    due = reports_due(now=timezone.now())
    for tenant_id, schedule_id in due:
        insights_report_send.delay(tenant_id, schedule_id)
    return len(due)


@shared_task(**_RETRY)
def insights_stock_snapshot_tenant(tenant_id: int) -> dict[str, Any]:
    """Snapshot one tenant's stock levels for today (safe to repeat: the day's row is kept)."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return {}
    result = stock_snapshot_take(tenant_id=tenant_id, now=timezone.now())
    return {"day": result.day.isoformat(), "stocks": result.stocks, "pruned": result.pruned}


@shared_task(acks_late=True)
def insights_stock_snapshot() -> int:
    """Beat: snapshot the stock levels of every active tenant."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        insights_stock_snapshot_tenant.delay(tenant_id)
    return len(tenant_ids)


@shared_task(acks_late=True)
def insights_rollups_rebuild(tenant_id: int) -> int:
    """Recompute every rollup row of the tenant (after its reporting time zone changed)."""
    return rollups_rebuild(tenant_id=tenant_id)
