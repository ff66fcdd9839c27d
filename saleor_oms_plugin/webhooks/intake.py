"""Accepting a webhook delivery: verify, store once, schedule processing after commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.core.payload import PayloadError, parse_datetime
from saleor_oms_plugin.saleor.subscriptions import TYPE_NAME_TO_EVENT, WebhookGroup
from saleor_oms_plugin.tenants.selectors import tenant_cache_forget
from saleor_oms_plugin.webhooks.dispatch import delivery_dispatcher
from saleor_oms_plugin.webhooks.error_codes import IntakeErrorCode
from saleor_oms_plugin.webhooks.errors import IntakeError
from saleor_oms_plugin.webhooks.inbox import delivery_insert
from saleor_oms_plugin.webhooks.metrics import delivery_received_count
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.signatures import delivery_open, payload_type_check


@dataclass(frozen=True)
class Received:
    delivery_id: int
    duplicate: bool


def delivery_receive(
    *, group: WebhookGroup, api_url: str, event: str, signature: str, body: bytes
) -> Received:
    """Verify a delivery against its tenant's keys and store it exactly once.

    Raises IntakeError for anything that must be refused; nothing is written then. Database
    errors propagate: the edge answers 5xx so Saleor delivers again.
    """
    opened = delivery_open(api_url=api_url, signature=signature, body=body)
    tenant, text, payload = opened.tenant, opened.text, opened.payload
    event = event.strip().upper()
    if event not in group.events:
        raise IntakeError(
            IntakeErrorCode.UNEXPECTED_EVENT, f"{event or 'no event'} is not delivered here"
        )
    payload_type_check(payload, event, TYPE_NAME_TO_EVENT)
    try:
        issued_at = parse_datetime(payload.get("issuedAt"), field="issuedAt")
    except PayloadError:
        issued_at = None

    dedupe_key = hashlib.sha256(event.encode() + b"\n" + body).hexdigest()
    try:
        delivery_id = delivery_insert(
            tenant_id=tenant.pk,
            event=event,
            dedupe_key=dedupe_key,
            payload_json=text,
            issued_at=issued_at,
            received_at=timezone.now(),
        )
    except IntegrityError:
        # The tenant was removed since it was looked up (or cached).
        tenant_cache_forget(api_url=api_url)
        raise IntakeError(
            IntakeErrorCode.UNKNOWN_TENANT, "no active installation for this Saleor"
        ) from None
    except DataError:
        raise IntakeError(
            IntakeErrorCode.INVALID_BODY, "the body holds JSON that cannot be stored"
        ) from None
    if delivery_id is None:
        existing = Delivery.objects.only("pk").get(tenant_id=tenant.pk, dedupe_key=dedupe_key)
        return Received(delivery_id=existing.pk, duplicate=True)
    delivery_received_count(event=event, tenant_id=tenant.pk)
    # After commit (the insert autocommitted); a broker outage must not fail a stored delivery,
    # hence robust: the periodic sweep queues it again.
    transaction.on_commit(
        lambda: delivery_dispatcher.submit(delivery_id, tenant_id=tenant.pk), robust=True
    )
    return Received(delivery_id=delivery_id, duplicate=False)
