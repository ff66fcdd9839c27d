"""Celery tasks of the rules domain: each takes ids, calls one service, is idempotent."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.rules.engine import (
    rules_evaluate_event,
    rules_evaluate_subject,
    rules_evaluate_time,
)
from saleor_oms_plugin.rules.execution import action_run_execute, action_runs_to_resend
from saleor_oms_plugin.rules.pending import evaluation_run, evaluations_to_resend
from saleor_oms_plugin.rules.scheduling import action_execute_now, pending_evaluation_run_now
from saleor_oms_plugin.tenants.models import Tenant

_DB_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 12,
}


@shared_task(**_DB_RETRY)
def run_pending_evaluation(pending_id: int) -> list[int]:
    return evaluation_run(pending_id=pending_id)


@shared_task(acks_late=True)
def sweep_rules() -> dict[str, int]:
    """Beat, every tenant: evaluations and action runs whose task was lost (the broker down at
    commit, a worker killed) are sent again."""
    evaluations = evaluations_to_resend()
    for pending_id in evaluations:
        pending_evaluation_run_now(pending_id=pending_id)
    stalled = action_runs_to_resend()
    for run_id in stalled:
        action_execute_now(action_run_id=run_id)
    return {"evaluations": len(evaluations), "action_runs": len(stalled)}


# The two below only take messages queued by a version that sent evaluations without storing
# them first; nothing sends them now.


@shared_task(**_DB_RETRY)
def evaluate_event_rules(
    tenant_id: int, trigger: str, order_id: int, event_data: dict[str, Any] | None = None
) -> list[int]:
    return rules_evaluate_event(
        tenant_id=tenant_id, trigger=trigger, order_id=order_id, event_data=event_data
    )


@shared_task(**_DB_RETRY)
def evaluate_subject_rules(
    tenant_id: int, trigger: str, subject_key: str, facts: dict[str, Any]
) -> list[int]:
    return rules_evaluate_subject(
        tenant_id=tenant_id, trigger=trigger, subject_key=subject_key, facts=facts
    )


@shared_task(**_DB_RETRY)
def evaluate_time_rules(tenant_id: int) -> dict[str, int]:
    """Beat, per tenant (see scheduling.py): one pass of its time rules."""
    tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
    if tenant is None:
        return {}
    result = rules_evaluate_time(tenant_id=tenant_id)
    return {"matched": result.matched, "fired": result.fired}


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=None,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
)
def run_action(self: Any, action_run_id: int) -> str:
    """One action run; retried with the backoff the execution asks for (bounded there)."""
    while True:
        result = action_run_execute(action_run_id=action_run_id)
        if result.retry_in is None:
            return result.state
        if not self.request.is_eager:
            raise self.retry(countdown=result.retry_in)
        if result.rate_limited:
            # Eager (embedded mode, tests): no broker to wait on; the run stays pending and
            # the periodic sweep takes it up again.
            return result.state
        # Eager: a transient failure is tried again at once (attempts are bounded).
