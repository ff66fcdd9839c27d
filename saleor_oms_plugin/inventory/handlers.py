"""Webhook handlers: every stock, order and fulfilment event only marks variants to re-read.

Saleor's stock events carry no quantities and may name the wrong warehouse (several stocks
changed in one operation); order and fulfilment events move allocations and stock without any
stock event. So none of them is applied as data: the variants they name are marked dirty, and a
debounced task re-reads those variants' complete stock lists from Saleor.

One event is also acted on: a fulfilment converts the reservations held for its order.
"""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.inventory.reconcile import dirty_variants_mark
from saleor_oms_plugin.inventory.reservations import reservations_convert_for_order
from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.saleor.subscriptions import GROUPS_BY_PATH
from saleor_oms_plugin.webhooks.registry import HandlerResult, register


def handle_stock_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    variant = payload.get("productVariant")
    if not isinstance(variant, dict) or not variant.get("id"):
        raise PayloadError("the stock event names no productVariant")
    dirty_variants_mark(tenant_id=tenant_id, variant_ids=[variant["id"]])
    return HandlerResult(ApplyOutcome.UPDATED)


def handle_order_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    order = payload.get("order") or {}
    variant_ids = [(line.get("variant") or {}).get("id") or "" for line in order.get("lines") or []]
    if not order.get("lines") and order.get("id"):
        # Fulfilment payloads carry the order without lines: the read model has them.
        variant_ids = list(
            OrderLine.objects.filter(
                order__tenant_id=tenant_id, order__saleor_id=order["id"]
            ).values_list("variant_id", flat=True)
        )
    dirty_variants_mark(tenant_id=tenant_id, variant_ids=variant_ids)
    # The foundation's handler ran first and decided the delivery's outcome; ours is a hint.
    return HandlerResult(ApplyOutcome.UPDATED)


def handle_fulfilment_created(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    """An order was fulfilled in Saleor: reservations held for it are converted (a fulfilment
    waiting for approval has taken no stock yet: it converts on approval)."""
    if (payload.get("fulfillment") or {}).get("status") == "WAITING_FOR_APPROVAL":
        return HandlerResult(ApplyOutcome.UPDATED)
    return handle_fulfilment_approved(tenant_id, payload)


def handle_fulfilment_approved(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    order_id = (payload.get("order") or {}).get("id")
    if order_id:
        reservations_convert_for_order(tenant_id=tenant_id, order_saleor_id=order_id)
    return HandlerResult(ApplyOutcome.UPDATED)


def register_inventory_handlers() -> None:
    for event in GROUPS_BY_PATH["stock"].events:
        register(event, handle_stock_event)
    for event in GROUPS_BY_PATH["orders"].events + GROUPS_BY_PATH["fulfillments"].events:
        register(event, handle_order_event)
    # Saleor takes the stock out at creation (or, with approval required, at approval).
    register("FULFILLMENT_CREATED", handle_fulfilment_created)
    register("FULFILLMENT_APPROVED", handle_fulfilment_approved)
