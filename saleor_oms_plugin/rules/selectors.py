"""Tenant-scoped reads of rules, firings, tasks and flags."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.rules.models import (
    ActionRun,
    OrderFlag,
    OutboundWebhookDelivery,
    Rule,
    RuleFiring,
    StaffTask,
)


def rule_list(
    *, tenant_id: int, trigger: str | None = None, enabled: bool | None = None
) -> QuerySet[Rule]:
    rules = Rule.objects.filter(tenant_id=tenant_id)
    if trigger is not None:
        rules = rules.filter(trigger=trigger)
    if enabled is not None:
        rules = rules.filter(enabled=enabled)
    return rules.order_by("priority", "pk")


def rules_enabled_for(*, tenant_id: int, trigger: str) -> bool:
    """Whether the tenant has an enabled rule on ``trigger`` (most tenants have none for most
    events: known before anything is looked up or stored)."""
    return Rule.objects.filter(tenant_id=tenant_id, trigger=trigger, enabled=True).exists()


def rule_get(*, tenant_id: int, pk: int) -> Rule | None:
    return Rule.objects.filter(tenant_id=tenant_id, pk=pk).first()


def firing_list(
    *, tenant_id: int, rule_id: int | None = None, order_id: int | None = None
) -> QuerySet[RuleFiring]:
    firings = RuleFiring.objects.filter(tenant_id=tenant_id).select_related("rule", "order")
    if rule_id is not None:
        firings = firings.filter(rule_id=rule_id)
    if order_id is not None:
        firings = firings.filter(order_id=order_id)
    return firings.order_by("-fired_at", "-pk")


def action_run_list(*, firing_id: int) -> QuerySet[ActionRun]:
    return ActionRun.objects.filter(firing_id=firing_id).order_by("position")


def task_list(
    *,
    tenant_id: int,
    status: str | None = None,
    assignee: str | None = None,
    role: str | None = None,
) -> QuerySet[StaffTask]:
    tasks = StaffTask.objects.filter(tenant_id=tenant_id)
    if status:
        tasks = tasks.filter(status=status)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    if role:
        tasks = tasks.filter(role=role)
    return tasks.order_by("due_at", "pk")


def task_get(*, tenant_id: int, pk: int) -> StaffTask | None:
    return StaffTask.objects.filter(tenant_id=tenant_id, pk=pk).first()


def order_flags(*, tenant_id: int, order_id: int) -> QuerySet[OrderFlag]:
    return OrderFlag.objects.filter(tenant_id=tenant_id, order_id=order_id, cleared_at__isnull=True)


def dead_letters(*, tenant_id: int) -> QuerySet[OutboundWebhookDelivery]:
    return OutboundWebhookDelivery.objects.filter(
        tenant_id=tenant_id, state=OutboundWebhookDelivery.State.DEAD
    )
