"""Webhook reactions of fulfilment routing.

They run inside the delivery's transaction after the read-model handlers (this app is
registered after ``webhooks``), so the order row already holds the payload. They only write
rows and schedule tasks on commit; routing and calls to Saleor happen in the tasks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.fulfilment.merging import trigger_passed
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.scheduling import (
    plan_reroute_after_commit,
    route_order_after_commit,
)
from saleor_oms_plugin.fulfilment.selectors import tenant_routing_settings
from saleor_oms_plugin.fulfilment.services import shipment_mark_cancelled
from saleor_oms_plugin.orders.gates import routing_gate_opened_listen
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.webhooks.registry import HandlerResult, register

EVENT_TRIGGERS = {
    "ORDER_CREATED": RoutingPlan.Trigger.CREATED,
    "ORDER_CONFIRMED": RoutingPlan.Trigger.CONFIRMED,
    "ORDER_FULLY_PAID": RoutingPlan.Trigger.FULLY_PAID,
}
# Orders in these states are not routed automatically (drafts, cancelled, already shipped).
_ROUTABLE_STATUSES = {"UNCONFIRMED", "UNFULFILLED", "PARTIALLY_FULFILLED"}


def _object_id(payload: dict[str, Any], key: str) -> str:
    node = payload.get(key)
    if not isinstance(node, dict) or not node.get("id"):
        raise PayloadError(f"the payload has no {key}")
    return str(node["id"])


def _trigger_handler(trigger: str):
    def handle(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
        tenant = Tenant.objects.get(pk=tenant_id)
        if tenant_routing_settings(tenant=tenant).trigger != trigger:
            return HandlerResult(ApplyOutcome.STALE)
        order = Order.objects.filter(
            tenant_id=tenant_id, saleor_id=_object_id(payload, "order")
        ).first()
        if (
            order is None
            or order.status not in _ROUTABLE_STATUSES
            or RoutingPlan.objects.filter(order=order).exists()
        ):
            # Routed before (a duplicate or a later event): routing happens once per order.
            return HandlerResult(ApplyOutcome.STALE)
        route_order_after_commit(tenant_id=tenant_id, order_id=order.pk, trigger=trigger)
        return HandlerResult(ApplyOutcome.UPDATED)

    handle.__name__ = f"handle_routing_trigger_{trigger}"
    return handle


def handle_fulfillment_canceled(tenant_id: int, payload: dict[str, Any]) -> HandlerResult:
    """A fulfilment of one of our shipments was cancelled: route its units elsewhere."""
    shipment = shipment_mark_cancelled(
        tenant_id=tenant_id, fulfillment_id=_object_id(payload, "fulfillment")
    )
    if shipment is None:
        return HandlerResult(ApplyOutcome.STALE)
    location = shipment.location
    plan_reroute_after_commit(
        tenant_id=tenant_id,
        plan_id=shipment.plan_id,
        exclude_location_ids=[location.saleor_id],
        reason=f"fulfilment cancelled at {location.name}",
    )
    return HandlerResult(ApplyOutcome.UPDATED)


def route_when_gate_opens(tenant_id: int, order_id: int) -> None:
    """A routing gate (``orders.gates``, e.g. order screening) let the order through: route it
    now if its trigger passed while it waited (routing it twice is refused by ``order_route``)."""
    order = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id, status__in=_ROUTABLE_STATUSES)
        .annotate(planned=Exists(RoutingPlan.objects.filter(order=OuterRef("pk"))))
        .select_related("tenant")  # its routing settings, in the same query
        .only("status", "is_paid", "tenant__settings")
        .first()
    )
    if order is None or order.planned:
        return
    trigger = tenant_routing_settings(tenant=order.tenant).trigger
    if trigger_passed(order, trigger):
        route_order_after_commit(tenant_id=tenant_id, order_id=order.pk, trigger=trigger)


_TRIGGER_HANDLERS = {event: _trigger_handler(trigger) for event, trigger in EVENT_TRIGGERS.items()}


def register_fulfilment_handlers() -> None:
    for event, handler in _TRIGGER_HANDLERS.items():
        register(event, handler)
    register("FULFILLMENT_CANCELED", handle_fulfillment_canceled)
    routing_gate_opened_listen(route_when_gate_opens)
