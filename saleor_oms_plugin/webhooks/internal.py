"""Deliveries the OMS writes into its own inbox: Saleor's answer standing in for a webhook.

Saleor announces orders made by ``orderBulkCreate`` only as one ``ORDER_BULK_CREATED`` event
for the whole batch, never as ``ORDER_CREATED``. Order capture holds every created order in
the mutation's answer (the same ``OmsOrder`` selection the ``ORDER_CREATED`` subscription
asks for), and stores it here as an ``ORDER_CREATED`` delivery: the read model and every
domain that reacts to a new order (routing, screening, rules) then treat it exactly as an
order placed in a Saleor checkout, through the same processing, exactly once (the dedupe
key is the order's ID).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.core.payload import PayloadError, parse_datetime
from saleor_oms_plugin.webhooks.dispatch import delivery_dispatcher
from saleor_oms_plugin.webhooks.inbox import delivery_insert

ORDER_CREATED = "ORDER_CREATED"


def order_created_store(*, tenant_id: int, order: dict[str, Any], version: str = "") -> int | None:
    """Store ``order`` (an ``OmsOrder`` node) as an ORDER_CREATED delivery once; its id, or
    None when it was stored before. Processed after the caller commits."""
    try:
        issued_at = parse_datetime(order.get("updatedAt"), field="updatedAt")
    except PayloadError:
        issued_at = timezone.now()
    payload = {
        "__typename": "OrderCreated",
        "issuedAt": issued_at.isoformat(),
        "version": version,
        "order": order,
    }
    dedupe_key = hashlib.sha256(f"internal\n{ORDER_CREATED}\n{order['id']}".encode()).hexdigest()
    delivery_id = delivery_insert(
        tenant_id=tenant_id,
        event=ORDER_CREATED,
        dedupe_key=dedupe_key,
        payload_json=json.dumps(payload),
        issued_at=issued_at,
        received_at=timezone.now(),
    )
    if delivery_id is not None:
        stored = delivery_id
        transaction.on_commit(lambda: delivery_dispatcher.submit(stored), robust=True)
    return delivery_id
