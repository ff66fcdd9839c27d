"""Holding an order back from automatic routing, and letting it go."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.models import RoutingHold, RoutingPlan
from saleor_oms_plugin.fulfilment.scheduling import route_order_after_commit
from saleor_oms_plugin.fulfilment.selectors import tenant_routing_settings
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant


def routing_hold(*, tenant_id: int, order_id: int, reason: str, actor: Actor) -> bool:
    """Hold an order; False when it was held already (holding is idempotent)."""
    order = Order.objects.get(tenant_id=tenant_id, pk=order_id)
    try:
        with transaction.atomic():
            RoutingHold.objects.create(tenant_id=tenant_id, order=order, reason=reason)
            audit_record(
                tenant_id=tenant_id,
                subject=order,
                verb=FulfilmentEvent.ROUTING_HELD,
                actor=actor,
                data={"reason": reason},
            )
    except IntegrityError:
        return False
    return True


def routing_release(*, tenant_id: int, order_id: int, actor: Actor) -> bool:
    """Release a hold; an order the tenant routes automatically and that has no plan yet is
    routed now (its trigger event has passed while it was held). False when it was not held."""
    with transaction.atomic():
        deleted, _ = RoutingHold.objects.filter(tenant_id=tenant_id, order_id=order_id).delete()
        if not deleted:
            return False
        order = Order.objects.get(tenant_id=tenant_id, pk=order_id)
        audit_record(
            tenant_id=tenant_id, subject=order, verb=FulfilmentEvent.ROUTING_RELEASED, actor=actor
        )
        trigger = tenant_routing_settings(tenant=Tenant.objects.get(pk=tenant_id)).trigger
        if trigger != RoutingPlan.Trigger.MANUAL and not order.routing_plans.exists():
            route_order_after_commit(tenant_id=tenant_id, order_id=order_id, trigger=trigger)
    return True
