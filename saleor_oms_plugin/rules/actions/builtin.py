"""The built-in actions: flag, Saleor note and metadata, staff task, email, outbound webhook,
and the routing actions declared for the routing domain to provide.

Every runner is idempotent for its run: flags and tasks are unique per order/label and per run,
metadata writes are absolute, a repeated note is looked for in Saleor first, a webhook carries
the run's idempotency key. Email is at least once (SMTP has no idempotency key).
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules.actions import (
    ActionContext,
    ActionType,
    Param,
    PermanentActionError,
    TransientActionError,
    register_action,
)
from saleor_oms_plugin.rules.actions.webhook import run_webhook
from saleor_oms_plugin.rules.error_codes import ConditionErrorCode as C
from saleor_oms_plugin.rules.errors import Issue
from saleor_oms_plugin.rules.models import OrderFlag, StaffTask
from saleor_oms_plugin.rules.rendering import (
    EMAIL_TEMPLATES,
    render_context,
    render_email,
    render_string,
)
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorError, SaleorMutationError, SaleorNotFound
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get
from saleor_oms_plugin.tenants.services import tenant_saleor_client

ROUTING_ACTIONS = ("hold_routing", "release_routing", "route_now", "approve_fulfilment")


def _order(context: ActionContext) -> Order:
    order = (
        Order.objects.filter(tenant_id=context.tenant_id, pk=context.order_id).first()
        if context.order_id is not None
        else None
    )
    if order is None:
        raise PermanentActionError("ORDER_GONE", "the order no longer exists")
    return order


def _text(context: ActionContext, source: str) -> str:
    return render_string(source, render_context(context.facts, rule_name=context.rule_name))


def run_flag(context: ActionContext) -> dict[str, Any]:
    order = _order(context)
    try:
        with transaction.atomic():
            flag = OrderFlag.objects.create(
                tenant_id=context.tenant_id,
                order=order,
                label=context.params["label"],
                colour=context.params["colour"],
                rule_id=context.rule_id,
            )
    except IntegrityError:
        # Already flagged with this label (by this run's earlier attempt or another rule).
        existing = OrderFlag.objects.get(
            order=order, label=context.params["label"], cleared_at__isnull=True
        )
        return {"flag_id": existing.pk, "created": False}
    return {"flag_id": flag.pk, "created": True}


def _client(context: ActionContext) -> SaleorClient:
    return tenant_saleor_client(tenant=Tenant.objects.get(pk=context.tenant_id))


def _saleor_call(call: Any) -> dict[str, Any]:
    try:
        return call()
    except SaleorMutationError as exc:
        raise PermanentActionError("SALEOR_REFUSED", str(exc)) from None
    except SaleorNotFound as exc:
        raise PermanentActionError("SALEOR_NOT_FOUND", str(exc)) from None
    except SaleorError as exc:
        if exc.transient:
            raise TransientActionError(str(exc)) from None
        raise PermanentActionError("SALEOR_ERROR", str(exc)) from None


def run_note(context: ActionContext) -> dict[str, Any]:
    order, client = _order(context), _client(context)
    message = _text(context, context.params["message"])
    if context.attempt > 1:
        # The first attempt may have reached Saleor before failing (read timeout).
        data = _saleor_call(lambda: client.execute("queries/order_notes", {"id": order.saleor_id}))
        for event in (data.get("order") or {}).get("events") or []:
            if event.get("type") == "NOTE_ADDED" and event.get("message") == message:
                return {"event_id": event["id"], "repeated": True}
    result = _saleor_call(
        lambda: client.mutate(
            "mutations/order_note_add",
            {"order": order.saleor_id, "message": message},
            payload="orderNoteAdd",
        )
    )
    return {"event_id": (result.get("event") or {}).get("id"), "message": message}


def _metadata_runner(document: str, payload: str):
    def run(context: ActionContext) -> dict[str, Any]:
        order, client = _order(context), _client(context)
        items = [
            {"key": key, "value": _text(context, value)}
            for key, value in sorted(context.params["items"].items())
        ]
        _saleor_call(
            lambda: client.mutate(
                document, {"id": order.saleor_id, "input": items}, payload=payload
            )
        )
        return {"items": items}

    return run


def run_task(context: ActionContext) -> dict[str, Any]:
    hours = context.params.get("due_in_hours")
    # Due relative to the firing, not to the (possibly retried) run.
    due_at = context.fired_at + timedelta(hours=hours) if hours is not None else None
    task, created = StaffTask.objects.get_or_create(
        action_run_id=context.action_run_id,
        defaults={
            "tenant_id": context.tenant_id,
            "order_id": context.order_id,
            "title": _text(context, context.params["title"])[:200],
            "description": _text(context, context.params.get("description", "")),
            "role": context.params.get("role", ""),
            "due_at": due_at,
        },
    )
    return {"task_id": task.pk, "created": created}


def run_email(context: ActionContext) -> dict[str, Any]:
    params = context.params
    to = context.facts.get("customer_email") if params["to"] == "customer" else params["to"]
    if not to:
        raise PermanentActionError("NO_RECIPIENT", "the order has no customer email")
    values = render_context(context.facts, rule_name=context.rule_name)
    if "template" in params:
        subject, body = render_email(params["template"], values)
    else:
        subject, body = _text(context, params["subject"]), _text(context, params["body"]) + "\n"
    tenant = Tenant.objects.get(pk=context.tenant_id)
    sender = tenant_settings_get(tenant=tenant).rules.email_from or None
    message = EmailMessage(
        subject, body, sender, [to], headers={"X-OMS-Idempotency-Key": context.idempotency_key}
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientActionError(f"email not sent: {exc}") from None
    return {"to": to, "subject": subject}


def _check_email(params: dict[str, Any], path: str) -> list[Issue]:
    issues: list[Issue] = []
    if params["to"] != "customer":
        try:
            validate_email(params["to"])
        except ValidationError:
            issues.append(Issue(f"{path}.to", C.INVALID_VALUE, "'customer' or an email address"))
    has_template = "template" in params
    has_inline = "subject" in params and "body" in params
    if has_template == has_inline:
        issues.append(
            Issue(path, C.INVALID_ACTION, "give either 'template' or both 'subject' and 'body'")
        )
    return issues


_COLOURS = ("red", "orange", "yellow", "green", "blue", "purple", "grey")


def register_builtin_actions() -> None:
    register_action(
        ActionType(
            "flag",
            "Flag the order with a coloured label.",
            {
                "colour": Param("choice", True, choices=_COLOURS),
                "label": Param("string", True, max_length=64),
            },
            runner=run_flag,
        )
    )
    register_action(
        ActionType(
            "note",
            "Add a note to the Saleor order (template over the facts).",
            {"message": Param("template", True, max_length=2000)},
            runner=run_note,
        )
    )
    register_action(
        ActionType(
            "set_metadata",
            "Set public metadata on the Saleor order.",
            {"items": Param("string_map", True)},
            runner=_metadata_runner("mutations/update_metadata", "updateMetadata"),
        )
    )
    register_action(
        ActionType(
            "set_private_metadata",
            "Set private metadata on the Saleor order.",
            {"items": Param("string_map", True)},
            runner=_metadata_runner("mutations/update_private_metadata", "updatePrivateMetadata"),
        )
    )
    register_action(
        ActionType(
            "task",
            "Create a staff task.",
            {
                "title": Param("template", True, max_length=200),
                "description": Param("template", max_length=2000),
                "role": Param("string", max_length=64),
                "due_in_hours": Param("int", maximum=8760),
            },
            runner=run_task,
            needs_order=False,
        )
    )
    register_action(
        ActionType(
            "email",
            "Send an email (library template or inline subject and body).",
            {
                "to": Param("string", True, max_length=254),
                "template": Param("choice", choices=EMAIL_TEMPLATES),
                "subject": Param("template", max_length=200),
                "body": Param("template", max_length=10_000),
            },
            runner=run_email,
            needs_order=False,
            check=_check_email,
        )
    )
    register_action(
        ActionType(
            "webhook",
            "POST the firing to an outbound endpoint (HMAC-SHA256 signed, retried).",
            {
                "endpoint": Param("string", True, max_length=120),
                "event": Param("string", max_length=64),
            },
            runner=run_webhook,
            needs_order=False,
        )
    )
    for name in ROUTING_ACTIONS:
        # Declared here, provided by the routing domain (see actions/__init__.py).
        register_action(
            ActionType(
                name,
                f"Routing: {name.replace('_', ' ')} (provided by fulfilment routing).",
                {"reason": Param("string", max_length=255)},
            )
        )
