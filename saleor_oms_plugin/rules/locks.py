"""Row locks of trigger rules: rules, stored evaluations, their action runs, staff tasks, order
flags and outbound webhook deliveries. Each lock takes one row, except the claim of overdue
evaluations, which skips rows another transaction holds."""

from __future__ import annotations

from datetime import datetime

from saleor_oms_plugin.rules.models import (
    ActionRun,
    OrderFlag,
    OutboundWebhookDelivery,
    PendingEvaluation,
    Rule,
    StaffTask,
)


def lock_rule(tenant_id: int, rule_id: int) -> Rule | None:
    """The tenant's rule ``rule_id``, locked FOR UPDATE; None if there is none."""
    return Rule.objects.select_for_update().filter(tenant_id=tenant_id, pk=rule_id).first()


def lock_rule_named(tenant_id: int, name: str) -> Rule | None:
    """The tenant's rule called ``name``, locked FOR UPDATE; None if there is none."""
    return Rule.objects.select_for_update().filter(tenant_id=tenant_id, name=name).first()


def lock_pending_evaluation(pending_id: int) -> PendingEvaluation | None:
    """Stored evaluation ``pending_id``, locked FOR UPDATE; None if there is none or another
    transaction holds it (skipped, never waited for)."""
    return (
        PendingEvaluation.objects.select_for_update(skip_locked=True).filter(pk=pending_id).first()
    )


def lock_overdue_evaluations(
    now: datetime, *, max_sends: int, limit: int
) -> list[PendingEvaluation]:
    """Stored evaluations overdue at ``now`` and sent fewer than ``max_sends`` times, the most
    overdue first, at most ``limit``, locked by one query; rows another transaction holds
    (being evaluated now) are skipped, never waited for."""
    return list(
        PendingEvaluation.objects.select_for_update(skip_locked=True)
        .filter(resend_at__lt=now, sends__lt=max_sends)
        .order_by("resend_at")[:limit]
    )


def lock_action_run(action_run_id: int) -> ActionRun | None:
    """Action run ``action_run_id`` with its firing and rule, all three locked FOR UPDATE; None
    if there is none."""
    return (
        ActionRun.objects.select_for_update()
        .select_related("firing__rule")
        .filter(pk=action_run_id)
        .first()
    )


def lock_staff_task(tenant_id: int, task_id: int) -> StaffTask | None:
    """The tenant's staff task ``task_id``, locked FOR UPDATE; None if there is none."""
    return StaffTask.objects.select_for_update().filter(tenant_id=tenant_id, pk=task_id).first()


def lock_uncleared_flag(tenant_id: int, flag_id: int) -> OrderFlag | None:
    """The tenant's order flag ``flag_id`` if not cleared yet, locked FOR UPDATE; else None."""
    return (
        OrderFlag.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=flag_id, cleared_at__isnull=True)
        .first()
    )


def lock_dead_delivery(tenant_id: int, delivery_id: int) -> OutboundWebhookDelivery | None:
    """The tenant's outbound delivery ``delivery_id`` if it is a dead letter, locked FOR
    UPDATE; else None."""
    return (
        OutboundWebhookDelivery.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=delivery_id, state=OutboundWebhookDelivery.State.DEAD)
        .first()
    )
