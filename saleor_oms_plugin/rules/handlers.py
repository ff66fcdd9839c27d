"""Webhook reactions: Saleor events become domain triggers, evaluated after commit.

The handlers run inside the delivery's transaction after the read-model handlers (so the order
row already holds the payload) and store the evaluation there (``pending.py``), which runs once
the delivery commits.
"""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.core.events import DomainEvent
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules.events import StockTrigger
from saleor_oms_plugin.rules.pending import evaluation_request
from saleor_oms_plugin.rules.selectors import rules_enabled_for
from saleor_oms_plugin.rules.triggers import SALEOR_EVENTS
from saleor_oms_plugin.webhooks.registry import HandlerResult, register


def _node_id(payload: dict[str, Any], key: str) -> str:
    node = payload.get(key)
    return str(node.get("id") or "") if isinstance(node, dict) else ""


def _order_handler(event: DomainEvent):
    trigger = event.value

    def handle(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
        saleor_id = _node_id(payload, "order")
        # Most tenants have no rule for most events: that is known before looking up the order.
        if not saleor_id or not rules_enabled_for(tenant_id=tenant_id, trigger=trigger):
            return HandlerResult(ApplyOutcome.STALE)
        order_id = (
            Order.objects.filter(tenant_id=tenant_id, saleor_id=saleor_id)
            .values_list("pk", flat=True)
            .first()
        )
        if order_id is None:
            return HandlerResult(ApplyOutcome.STALE)
        evaluation_request(tenant_id=tenant_id, trigger=trigger, order_id=order_id)
        return HandlerResult(ApplyOutcome.UPDATED)

    handle.__name__ = f"handle_rules_{trigger.replace('.', '_')}"
    return handle


def stock_subject(payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    variant = payload.get("productVariant") or {}
    warehouse = payload.get("warehouse") or {}
    sku = str(variant.get("sku") or variant.get("id") or "")
    name = str(warehouse.get("name") or warehouse.get("id") or "")
    return f"stock:{sku}@{name}", {"sku": sku, "warehouse": name, "quantity": 0}


def handle_out_of_stock(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    if not rules_enabled_for(tenant_id=tenant_id, trigger=StockTrigger.OUT):
        return HandlerResult(ApplyOutcome.STALE)
    subject_key, facts = stock_subject(payload)
    evaluation_request(
        tenant_id=tenant_id, trigger=StockTrigger.OUT.value, subject_key=subject_key, facts=facts
    )
    return HandlerResult(ApplyOutcome.UPDATED)


def handle_back_in_stock(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    from saleor_oms_plugin.rules.engine import subject_windows_close

    subject_key, _ = stock_subject(payload)
    closed = sum(
        subject_windows_close(tenant_id=tenant_id, trigger=trigger, subject_key=subject_key)
        for trigger in (StockTrigger.OUT, StockTrigger.LOW)
    )
    return HandlerResult(ApplyOutcome.UPDATED if closed else ApplyOutcome.STALE)


def register_rule_handlers() -> None:
    for saleor_event, event in SALEOR_EVENTS.items():
        if saleor_event.startswith(("ORDER_", "FULFILLMENT_")):
            register(saleor_event, _order_handler(event))
    register("PRODUCT_VARIANT_OUT_OF_STOCK", handle_out_of_stock)
    register("PRODUCT_VARIANT_BACK_IN_STOCK", handle_back_in_stock)
