"""One django-celery-beat periodic task per tenant with time rules.

Beat's DatabaseScheduler reads PeriodicTask rows, so the schedule is data: created when a
tenant gets its first enabled time rule, removed when it has none, its interval taken from
``Tenant.settings["rules"]["interval_seconds"]`` (default 300, at least 30).
"""

from __future__ import annotations

import json

from django_celery_beat.models import IntervalSchedule, PeriodicTask

from saleor_oms_plugin.rules.models import Rule
from saleor_oms_plugin.rules.triggers import SCHEDULE
from saleor_oms_plugin.tenants.models import Tenant

DEFAULT_INTERVAL_SECONDS = 300
MIN_INTERVAL_SECONDS = 30
TASK = "saleor_oms_plugin.rules.tasks.evaluate_time_rules"


def periodic_task_name(tenant_id: int) -> str:
    return f"oms-rules-tenant-{tenant_id}"


def interval_seconds(tenant: Tenant) -> int:
    value = (tenant.settings.get("rules") or {}).get("interval_seconds")
    if isinstance(value, bool) or not isinstance(value, int):
        return DEFAULT_INTERVAL_SECONDS
    return max(MIN_INTERVAL_SECONDS, value)


def rules_schedule_sync(*, tenant_id: int) -> PeriodicTask | None:
    """Make the tenant's periodic evaluation match its rules and settings; idempotent."""
    tenant = Tenant.objects.get(pk=tenant_id)
    needed = (
        tenant.is_active
        and Rule.objects.filter(tenant_id=tenant_id, trigger=SCHEDULE, enabled=True).exists()
    )
    name = periodic_task_name(tenant_id)
    if not needed:
        PeriodicTask.objects.filter(name=name).delete()
        return None
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=interval_seconds(tenant), period=IntervalSchedule.SECONDS
    )
    task, _ = PeriodicTask.objects.update_or_create(
        name=name,
        defaults={
            "task": TASK,
            "interval": interval,
            "args": json.dumps([tenant_id]),
            "enabled": True,
            "queue": "default",
        },
    )
    return task
