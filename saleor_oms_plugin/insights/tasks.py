"""Insights tasks: beat's sweep of the reports due, and sending one (ids in, safe to repeat)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from saleor_oms_plugin.insights.reports import report_send, reports_due
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
