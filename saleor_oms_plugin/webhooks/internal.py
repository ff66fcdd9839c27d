"""Deliveries the OMS writes into its own inbox: Saleor's answer standing in for a webhook.

Saleor announces orders made by ``orderBulkCreate`` only as one ``ORDER_BULK_CREATED`` event
for the whole batch, never as ``ORDER_CREATED`` (nor ``ORDER_CONFIRMED`` or
``ORDER_FULLY_PAID``, though such an order may be both at birth). Order capture holds every
created order in the mutation's answer (the same ``OmsOrder`` selection the ``ORDER_CREATED``
subscription asks for), and stores it here as the deliveries Saleor sends for a checkout
order in the same state: ``ORDER_CREATED``, then ``ORDER_CONFIRMED`` unless it is
unconfirmed, then ``ORDER_FULLY_PAID`` when it is paid. The read model and every domain that
reacts to those events (routing on the tenant's trigger, screening, rules) then treat it
exactly as any other order, through the same processing, exactly once (the dedupe key is the
event and the order's ID).
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.core.payload import PayloadError, parse_datetime
from saleor_oms_plugin.webhooks.dispatch import delivery_dispatcher
from saleor_oms_plugin.webhooks.inbox import delivery_insert

#: (event, its payload's type) in the order Saleor sends them for a new order
_EVENTS = (
    ("ORDER_CREATED", "OrderCreated"),
    ("ORDER_CONFIRMED", "OrderConfirmed"),
    ("ORDER_FULLY_PAID", "OrderFullyPaid"),
)


def _events_of(order: dict[str, Any]) -> list[tuple[str, str]]:
    events = [_EVENTS[0]]
    if order.get("status") != "UNCONFIRMED":
        events.append(_EVENTS[1])
    if order.get("isPaid"):
        events.append(_EVENTS[2])
    return events


def bulk_created_order_store(
    *, tenant_id: int, order: dict[str, Any], version: str = ""
) -> list[str]:
    """Store ``order`` (an ``OmsOrder`` node) as the deliveries of a new order once each; the
    events stored now (none when stored before). Processed after the caller commits."""
    try:
        issued_at = parse_datetime(order.get("updatedAt"), field="updatedAt")
    except PayloadError:
        issued_at = timezone.now()
    stored: list[str] = []
    for event, type_name in _events_of(order):
        payload = {
            "__typename": type_name,
            "issuedAt": issued_at.isoformat(),
            "version": version,
            "order": order,
        }
        dedupe_key = hashlib.sha256(f"internal\n{event}\n{order['id']}".encode()).hexdigest()
        delivery_id = delivery_insert(
            tenant_id=tenant_id,
            event=event,
            dedupe_key=dedupe_key,
            payload_json=json.dumps(payload),
            issued_at=issued_at,
            received_at=timezone.now(),
        )
        if delivery_id is not None:
            stored.append(event)
            transaction.on_commit(
                partial(delivery_dispatcher.submit, delivery_id, tenant_id=tenant_id), robust=True
            )
    return stored
