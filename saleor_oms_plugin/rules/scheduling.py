"""When the rules' Celery tasks run: stored evaluations and action runs handed over after
commit, and time rules on a beat.

The tasks import the engine and services, so these never import the tasks: they name them
here (``core.scheduling`` looks them up when sending).

Time rules have one django-celery-beat periodic task per tenant. Beat's DatabaseScheduler
reads PeriodicTask rows, so the schedule is data: created when a tenant gets its first enabled
time rule, removed when it has none, its interval taken from the tenant's
``rules.interval_seconds`` setting (default 300, at least 30); changing it reschedules at once.
"""

from __future__ import annotations

import json

from django_celery_beat.models import IntervalSchedule, PeriodicTask

from saleor_oms_plugin.core.scheduling import enqueue, enqueue_after_commit
from saleor_oms_plugin.rules.models import Rule
from saleor_oms_plugin.rules.triggers import SCHEDULE
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get

EVALUATE_TIME_RULES = "saleor_oms_plugin.rules.tasks.evaluate_time_rules"
RUN_PENDING_EVALUATION = "saleor_oms_plugin.rules.tasks.run_pending_evaluation"
RUN_ACTION = "saleor_oms_plugin.rules.tasks.run_action"


def pending_evaluation_run_after_commit(*, pending_id: int) -> None:
    """Run a stored evaluation (``pending.py``) once the caller commits."""
    enqueue_after_commit(RUN_PENDING_EVALUATION, pending_id)


def pending_evaluation_run_now(*, pending_id: int) -> None:
    enqueue(RUN_PENDING_EVALUATION, pending_id)


def action_execute_now(*, action_run_id: int) -> None:
    """Execute an action run now."""
    enqueue(RUN_ACTION, action_run_id)


def action_execute_after_commit(*, action_run_id: int) -> None:
    enqueue_after_commit(RUN_ACTION, action_run_id)


def periodic_task_name(tenant_id: int) -> str:
    return f"oms-rules-tenant-{tenant_id}"


def interval_seconds(tenant: Tenant) -> int:
    return tenant_settings_get(tenant=tenant).rules.interval_seconds


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
            "task": EVALUATE_TIME_RULES,
            "interval": interval,
            "args": json.dumps([tenant_id]),
            "enabled": True,
            "queue": "default",
        },
    )
    return task


def rules_schedule_on_settings_change(tenant_id: int, paths: frozenset[str]) -> None:
    """A tenant's settings changed (after commit): a new interval takes effect at once."""
    if "rules.interval_seconds" in paths:
        rules_schedule_sync(tenant_id=tenant_id)
