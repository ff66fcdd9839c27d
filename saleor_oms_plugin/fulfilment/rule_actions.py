"""The routing actions trigger rules can take: hold, release, route now, approve."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.holds import routing_hold, routing_release
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route, plan_approve
from saleor_oms_plugin.rules.actions import (
    ActionContext,
    PermanentActionError,
    TransientActionError,
    provide_action,
)
from saleor_oms_plugin.saleor.errors import SaleorError


def _actor(context: ActionContext) -> Actor:
    return Actor("system", f"rule:{context.rule_id}")


def _order_id(context: ActionContext) -> int:
    if context.order_id is None:
        raise PermanentActionError("NO_ORDER", "routing actions need an order")
    return context.order_id


def run_hold_routing(context: ActionContext) -> dict[str, Any]:
    held = routing_hold(
        tenant_id=context.tenant_id,
        order_id=_order_id(context),
        reason=context.params.get("reason") or context.rule_name,
        actor=_actor(context),
    )
    return {"held": held}


def run_release_routing(context: ActionContext) -> dict[str, Any]:
    released = routing_release(
        tenant_id=context.tenant_id, order_id=_order_id(context), actor=_actor(context)
    )
    return {"released": released}


def run_route_now(context: ActionContext) -> dict[str, Any]:
    try:
        plan = order_route(
            tenant_id=context.tenant_id,
            order_id=_order_id(context),
            trigger=RoutingPlan.Trigger.MANUAL,
            actor=_actor(context),
        )
    except FulfilmentError as exc:
        raise PermanentActionError(exc.code.value, exc.message) from None
    except SaleorError as exc:
        if exc.transient:
            raise TransientActionError(str(exc)) from exc
        raise PermanentActionError("SALEOR_REFUSED", str(exc)) from exc
    return {"plan_id": plan.pk if plan else None}


def run_approve_fulfilment(context: ActionContext) -> dict[str, Any]:
    plan = RoutingPlan.objects.filter(
        tenant_id=context.tenant_id, order_id=_order_id(context), state=RoutingPlan.State.PROPOSED
    ).first()
    if plan is None:
        raise PermanentActionError("NO_PLAN_TO_APPROVE", "no routing plan waits for approval")
    plan_approve(tenant_id=context.tenant_id, plan_id=plan.pk, actor=_actor(context))
    return {"plan_id": plan.pk}


def provide_routing_actions() -> None:
    provide_action("hold_routing", run_hold_routing)
    provide_action("release_routing", run_release_routing)
    provide_action("route_now", run_route_now)
    provide_action("approve_fulfilment", run_approve_fulfilment)
