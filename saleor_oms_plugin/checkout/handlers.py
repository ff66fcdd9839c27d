"""Webhook handlers: checkout events keep the carts, an order placed from a checkout ends one."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.checkout.payloads import checkout_snapshot, placed_order
from saleor_oms_plugin.checkout.services import cart_apply, cart_order_placed
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.saleor.subscriptions import GROUPS_BY_PATH
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.webhooks.registry import HandlerResult, register


def handle_checkout_event(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    checkout = checkout_snapshot(payload)
    tenant = Tenant.objects.get(pk=tenant_id)
    return HandlerResult(cart_apply(tenant=tenant, checkout=checkout))


def handle_order_created(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    placed = placed_order(payload)
    if placed is not None:
        cart_order_placed(tenant_id=tenant_id, placed=placed)
    # The read model's handler ran first and decided the delivery's outcome; ours is a hint.
    return HandlerResult(ApplyOutcome.UPDATED)


def register_checkout_handlers() -> None:
    for event in GROUPS_BY_PATH["checkouts"].events:
        register(event, handle_checkout_event)
    register("ORDER_CREATED", handle_order_created)
