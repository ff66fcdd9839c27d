"""Outbound webhooks: HMAC-SHA256 signed POSTs with retries and a dead letter queue.

Each action run has one delivery row (its idempotency key is the run's), which logs attempts
and the last answer. 2xx delivers; 4xx other than 408/429 is final (the receiver refuses, a
repeat would too) and dead-letters at once; connection errors, timeouts, 408, 429 and 5xx are
retried by the action task with exponential backoff until the tenant's attempt limit, then
dead-lettered. Dead letters can be sent again (``outbound_delivery_redeliver``).

Receivers verify ``X-OMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
with the endpoint's secret, and deduplicate on ``X-OMS-Delivery``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import requests
from django.utils import timezone

from saleor_oms_plugin import __version__
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.rules.actions import (
    ActionContext,
    PermanentActionError,
    TransientActionError,
)
from saleor_oms_plugin.rules.models import OutboundWebhookDelivery, OutboundWebhookEndpoint
from saleor_oms_plugin.tenants.models import Tenant

SIGNATURE_HEADER = "X-OMS-Signature"
DELIVERY_HEADER = "X-OMS-Delivery"
EVENT_HEADER = "X-OMS-Event"
DEFAULT_MAX_ATTEMPTS = 5
_TIMEOUT = (3.0, 10.0)
_RETRYABLE_4XX = {408, 429}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def body_bytes(payload: dict[str, Any]) -> bytes:
    # Deterministic, so every attempt of a delivery sends the same bytes.
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def max_attempts(tenant: Tenant) -> int:
    configured = (tenant.settings.get("rules") or {}).get("webhook_max_attempts")
    return configured if isinstance(configured, int) and configured > 0 else DEFAULT_MAX_ATTEMPTS


def run_webhook(context: ActionContext) -> dict[str, Any]:
    endpoint = OutboundWebhookEndpoint.objects.filter(
        tenant_id=context.tenant_id, name=context.params["endpoint"]).first()
    if endpoint is None or not endpoint.enabled:
        raise PermanentActionError("ENDPOINT_NOT_FOUND",
                                   f"no enabled endpoint {context.params['endpoint']!r}")
    event = context.params.get("event") or "rule.fired"
    delivery, _ = OutboundWebhookDelivery.objects.get_or_create(
        idempotency_key=context.idempotency_key,
        defaults={
            "tenant_id": context.tenant_id, "endpoint": endpoint, "event": event,
            "action_run_id": context.action_run_id,
            "payload": {
                "event": event, "delivery": context.idempotency_key,
                "rule": {"id": context.rule_id, "name": context.rule_name},
                "order": {"number": context.facts.get("number"),
                          "id": context.facts.get("order_id")},
                "fired_at": context.fired_at.isoformat(), "facts": context.facts,
            },
        },
    )
    return delivery_attempt(delivery_id=delivery.pk)


def delivery_attempt(*, delivery_id: int) -> dict[str, Any]:
    """One POST of a pending delivery; raises Transient (retry later) or Permanent (dead)."""
    delivery = OutboundWebhookDelivery.objects.select_related("endpoint", "tenant").get(
        pk=delivery_id)
    if delivery.state == OutboundWebhookDelivery.State.DELIVERED:
        return {"delivery_id": delivery.pk, "status": delivery.last_status, "repeated": True}
    if delivery.state == OutboundWebhookDelivery.State.DEAD:
        raise PermanentActionError("WEBHOOK_DEAD_LETTER", "the delivery is in the dead letters")
    body = body_bytes(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"saleor-oms/{__version__}",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: delivery.idempotency_key,
        SIGNATURE_HEADER: signature(decrypt_secret(delivery.endpoint.secret_encrypted),
                                    timestamp, body),
    }
    delivery.attempts += 1
    status: int | None = None
    try:
        response = requests.post(delivery.endpoint.url, data=body, headers=headers,
                                 timeout=_TIMEOUT, allow_redirects=False)
        status = response.status_code
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except requests.RequestException as exc:
        error = f"{exc.__class__.__name__}: {exc}"[:500]
    delivery.last_status, delivery.last_error = status, error
    if not error:
        delivery.state, delivery.finished_at = OutboundWebhookDelivery.State.DELIVERED, timezone.now()
        delivery.save()
        return {"delivery_id": delivery.pk, "status": status, "attempts": delivery.attempts}
    final = status is not None and 400 <= status < 500 and status not in _RETRYABLE_4XX
    if final or delivery.attempts >= max_attempts(delivery.tenant):
        delivery.state, delivery.finished_at = OutboundWebhookDelivery.State.DEAD, timezone.now()
        delivery.save()
        code = "WEBHOOK_REJECTED" if final else "WEBHOOK_DEAD_LETTER"
        raise PermanentActionError(code, f"{error} after {delivery.attempts} attempt(s)")
    delivery.save()
    raise TransientActionError(error)
