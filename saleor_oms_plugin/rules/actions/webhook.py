"""Outbound webhooks: HMAC-SHA256 signed POSTs with retries and a dead letter queue.

Each action run has one delivery row (its idempotency key is the run's), which logs attempts
and the last answer. 2xx delivers; 4xx other than 408/429 is final (the receiver refuses, a
repeat would too) and dead-letters at once; connection errors, timeouts, 408, 429 and 5xx are
retried by the action task with exponential backoff until the tenant's attempt limit, then
dead-lettered. Dead letters can be sent again (``outbound_delivery_redeliver``).

The signing scheme is ``core.signing`` (shared with the outbound availability feed).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.core.signing import body_bytes, signed_post
from saleor_oms_plugin.rules.actions import (
    ActionContext,
    PermanentActionError,
    TransientActionError,
)
from saleor_oms_plugin.rules.models import OutboundWebhookDelivery, OutboundWebhookEndpoint
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get


def max_attempts(tenant: Tenant) -> int:
    """The tenant's attempt limit (its ``rules.webhook_max_attempts`` setting, capped)."""
    return tenant_settings_get(tenant=tenant).rules.webhook_max_attempts


def run_webhook(context: ActionContext) -> dict[str, Any]:
    endpoint = OutboundWebhookEndpoint.objects.filter(
        tenant_id=context.tenant_id, name=context.params["endpoint"]
    ).first()
    if endpoint is None or not endpoint.enabled:
        raise PermanentActionError(
            "ENDPOINT_NOT_FOUND", f"no enabled endpoint {context.params['endpoint']!r}"
        )
    event = context.params.get("event") or "rule.fired"
    delivery, _ = OutboundWebhookDelivery.objects.get_or_create(
        idempotency_key=context.idempotency_key,
        defaults={
            "tenant_id": context.tenant_id,
            "endpoint": endpoint,
            "event": event,
            "action_run_id": context.action_run_id,
            "payload": {
                "event": event,
                "delivery": context.idempotency_key,
                "rule": {"id": context.rule_id, "name": context.rule_name},
                "order": {
                    "number": context.facts.get("number"),
                    "id": context.facts.get("order_id"),
                },
                "fired_at": context.fired_at.isoformat(),
                "facts": context.facts,
            },
        },
    )
    return delivery_attempt(delivery_id=delivery.pk)


def delivery_attempt(*, delivery_id: int) -> dict[str, Any]:
    """One POST of a pending delivery; raises Transient (retry later) or Permanent (dead)."""
    delivery = OutboundWebhookDelivery.objects.select_related("endpoint", "tenant").get(
        pk=delivery_id
    )
    if delivery.state == OutboundWebhookDelivery.State.DELIVERED:
        return {"delivery_id": delivery.pk, "status": delivery.last_status, "repeated": True}
    if delivery.state == OutboundWebhookDelivery.State.DEAD:
        raise PermanentActionError("WEBHOOK_DEAD_LETTER", "the delivery is in the dead letters")
    delivery.attempts += 1
    result = signed_post(
        url=delivery.endpoint.url,
        secret=decrypt_secret(delivery.endpoint.secret_encrypted),
        body=body_bytes(delivery.payload),
        event=delivery.event,
        delivery_id=delivery.idempotency_key,
    )
    status, error = result.status, result.error
    delivery.last_status, delivery.last_error = status, error
    if not error:
        delivery.state, delivery.finished_at = (
            OutboundWebhookDelivery.State.DELIVERED,
            timezone.now(),
        )
        delivery.save()
        return {"delivery_id": delivery.pk, "status": status, "attempts": delivery.attempts}
    final = result.final
    if final or delivery.attempts >= max_attempts(delivery.tenant):
        delivery.state, delivery.finished_at = OutboundWebhookDelivery.State.DEAD, timezone.now()
        delivery.save()
        code = "WEBHOOK_REJECTED" if final else "WEBHOOK_DEAD_LETTER"
        raise PermanentActionError(code, f"{error} after {delivery.attempts} attempt(s)")
    delivery.save()
    raise TransientActionError(error)
