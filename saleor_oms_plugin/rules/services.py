"""Writes of the rules domain: rules (versioned), staff tasks, flags, outbound endpoints."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.crypto import encrypt_secret
from saleor_oms_plugin.core.outbound_urls import UnsafeUrl, check_url
from saleor_oms_plugin.rules.definitions import RuleDefinition, definition_validate
from saleor_oms_plugin.rules.error_codes import RuleErrorCode
from saleor_oms_plugin.rules.errors import RuleError
from saleor_oms_plugin.rules.events import RuleEvent
from saleor_oms_plugin.rules.locks import (
    lock_dead_delivery,
    lock_rule,
    lock_rule_named,
    lock_staff_task,
    lock_uncleared_flag,
)
from saleor_oms_plugin.rules.models import OrderFlag, OutboundWebhookEndpoint, Rule, StaffTask
from saleor_oms_plugin.rules.scheduling import action_execute_after_commit, rules_schedule_sync

_DEFINITION_FIELDS = (
    "name",
    "description",
    "enabled",
    "priority",
    "trigger",
    "conditions",
    "actions",
    "refire",
    "refire_hours",
)


def rule_definition(rule: Rule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in _DEFINITION_FIELDS}


def _lock_rule(tenant_id: int, rule_id: int) -> Rule:
    rule = lock_rule(tenant_id, rule_id)
    if rule is None:
        raise RuleError(RuleErrorCode.NOT_FOUND, "No such rule.", field="id")
    return rule


def _name_taken(tenant_id: int, name: str, *, except_id: int | None = None) -> RuleError | None:
    clash = Rule.objects.filter(tenant_id=tenant_id, name=name)
    if except_id is not None:
        clash = clash.exclude(pk=except_id)
    if clash.exists():
        return RuleError(
            RuleErrorCode.DUPLICATE_NAME, f"A rule named {name!r} exists.", field="name"
        )
    return None


def rule_create(*, tenant_id: int, definition: dict[str, Any], actor: Actor) -> Rule:
    """Validate and store a new rule (version 1); schedules beat for time rules."""
    cleaned = definition_validate(definition)
    with transaction.atomic():
        clash = _name_taken(tenant_id, cleaned.name)
        if clash:
            raise clash
        rule = Rule.objects.create(tenant_id=tenant_id, **cleaned.as_dict())
        audit_record(
            tenant_id=tenant_id,
            subject=rule,
            verb=RuleEvent.RULE_CREATED,
            actor=actor,
            data={"definition": cleaned.as_dict()},
        )
        rules_schedule_sync(tenant_id=tenant_id)
    return rule


def _apply(rule: Rule, cleaned: RuleDefinition) -> bool:
    changed = rule_definition(rule) != cleaned.as_dict()
    if changed:
        for name, value in cleaned.as_dict().items():
            setattr(rule, name, value)
        rule.version += 1
        rule.save()
    return changed


def rule_update(*, tenant_id: int, rule_id: int, changes: dict[str, Any], actor: Actor) -> Rule:
    """Change some fields of a rule; any change of the definition makes a new version."""
    with transaction.atomic():
        rule = _lock_rule(tenant_id, rule_id)
        cleaned = definition_validate({**rule_definition(rule), **changes})
        clash = _name_taken(tenant_id, cleaned.name, except_id=rule.pk)
        if clash:
            raise clash
        if _apply(rule, cleaned):
            audit_record(
                tenant_id=tenant_id,
                subject=rule,
                verb=RuleEvent.RULE_UPDATED,
                actor=actor,
                data={"version": rule.version, "changes": sorted(changes)},
            )
            rules_schedule_sync(tenant_id=tenant_id)
    return rule


def rule_set_enabled(*, tenant_id: int, rule_id: int, enabled: bool, actor: Actor) -> Rule:
    return rule_update(
        tenant_id=tenant_id, rule_id=rule_id, changes={"enabled": enabled}, actor=actor
    )


def rule_delete(*, tenant_id: int, rule_id: int, actor: Actor) -> None:
    with transaction.atomic():
        rule = _lock_rule(tenant_id, rule_id)
        audit_record(
            tenant_id=tenant_id,
            subject=rule,
            verb=RuleEvent.RULE_DELETED,
            actor=actor,
            data={"name": rule.name, "version": rule.version},
        )
        rule.delete()
        rules_schedule_sync(tenant_id=tenant_id)


def rule_upsert(*, tenant_id: int, cleaned: RuleDefinition, actor: Actor) -> tuple[Rule, str]:
    """Create or update the rule of this name: ``created``, ``updated`` or ``unchanged``."""
    rule = lock_rule_named(tenant_id, cleaned.name)
    if rule is None:
        rule = Rule.objects.create(tenant_id=tenant_id, **cleaned.as_dict())
        audit_record(
            tenant_id=tenant_id,
            subject=rule,
            verb=RuleEvent.RULE_CREATED,
            actor=actor,
            data={"definition": cleaned.as_dict(), "imported": True},
        )
        return rule, "created"
    if not _apply(rule, cleaned):
        return rule, "unchanged"
    audit_record(
        tenant_id=tenant_id,
        subject=rule,
        verb=RuleEvent.RULE_UPDATED,
        actor=actor,
        data={"version": rule.version, "imported": True},
    )
    return rule, "updated"


# -- staff tasks and flags -------------------------------------------------------------------------


def _lock_task(tenant_id: int, task_id: int) -> StaffTask:
    task = lock_staff_task(tenant_id, task_id)
    if task is None:
        raise RuleError(RuleErrorCode.TASK_NOT_FOUND, "No such task.", field="id")
    if task.status != StaffTask.Status.OPEN:
        raise RuleError(RuleErrorCode.TASK_CLOSED, f"The task is {task.status}.", field="id")
    return task


def staff_task_assign(*, tenant_id: int, task_id: int, assignee: str, actor: Actor) -> StaffTask:
    if len(assignee) > 255:
        raise RuleError(RuleErrorCode.INVALID_TASK, "At most 255 characters.", field="assignee")
    with transaction.atomic():
        task = _lock_task(tenant_id, task_id)
        previous, task.assignee = task.assignee, assignee.strip()
        task.save(update_fields=["assignee"])
        audit_record(
            tenant_id=tenant_id,
            subject=task,
            verb=RuleEvent.TASK_ASSIGNED,
            actor=actor,
            data={"from": previous, "to": task.assignee},
        )
    return task


def staff_task_complete(*, tenant_id: int, task_id: int, actor: Actor) -> StaffTask:
    with transaction.atomic():
        task = _lock_task(tenant_id, task_id)
        task.status, task.completed_at = StaffTask.Status.DONE, timezone.now()
        task.completed_by = actor.id or actor.type
        task.save(update_fields=["status", "completed_at", "completed_by"])
        audit_record(tenant_id=tenant_id, subject=task, verb=RuleEvent.TASK_COMPLETED, actor=actor)
    return task


def order_flag_clear(*, tenant_id: int, flag_id: int, actor: Actor) -> OrderFlag | None:
    with transaction.atomic():
        flag = lock_uncleared_flag(tenant_id, flag_id)
        if flag is None:
            return None
        flag.cleared_at, flag.cleared_by = timezone.now(), actor.id or actor.type
        flag.save(update_fields=["cleared_at", "cleared_by"])
        audit_record(
            tenant_id=tenant_id,
            subject=flag,
            verb=RuleEvent.FLAG_CLEARED,
            actor=actor,
            data={"label": flag.label, "order": flag.order_id},
        )
    return flag


def outbound_endpoint_create(
    *, tenant_id: int, name: str, url: str, actor: Actor, secret: str | None = None
) -> tuple[OutboundWebhookEndpoint, str]:
    """An endpoint and its HMAC secret (returned once; stored encrypted)."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise RuleError(RuleErrorCode.INVALID_ENDPOINT, "An http(s) URL.", field="url") from None
    try:
        check_url(url)
    except UnsafeUrl as exc:
        raise RuleError(RuleErrorCode.URL_NOT_ALLOWED, exc.reason, field="url") from None
    secret = secret or secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            endpoint = OutboundWebhookEndpoint.objects.create(
                tenant_id=tenant_id,
                name=name.strip(),
                url=url,
                secret_encrypted=encrypt_secret(secret),
            )
            audit_record(
                tenant_id=tenant_id,
                subject=endpoint,
                verb=RuleEvent.WEBHOOK_ENDPOINT_CREATED,
                actor=actor,
                data={"name": endpoint.name, "url": url},
            )
    except IntegrityError:
        raise RuleError(
            RuleErrorCode.INVALID_ENDPOINT, f"An endpoint {name!r} exists.", field="name"
        ) from None
    return endpoint, secret


def outbound_delivery_redeliver(*, tenant_id: int, delivery_id: int, actor: Actor) -> bool:
    """Take a dead letter out of the dead letters and send it again (its action run too)."""
    from saleor_oms_plugin.rules.models import ActionRun

    with transaction.atomic():
        delivery = lock_dead_delivery(tenant_id, delivery_id)
        if delivery is None or delivery.action_run_id is None:
            return False
        delivery.state, delivery.attempts, delivery.finished_at = "pending", 0, None
        delivery.save(update_fields=["state", "attempts", "finished_at"])
        ActionRun.objects.filter(pk=delivery.action_run_id).update(
            state=ActionRun.State.PENDING, attempts=0, finished_at=None
        )
        audit_record(
            tenant_id=tenant_id, subject=delivery, verb=RuleEvent.WEBHOOK_REDELIVERED, actor=actor
        )
        action_execute_after_commit(action_run_id=delivery.action_run_id)
    return True
