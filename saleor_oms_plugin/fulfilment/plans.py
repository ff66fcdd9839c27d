"""Building blocks of plans: deciding, storing, locking and moving them along their
transition table. The services in ``services`` compose these; nothing here calls Saleor except
``routing_decide``'s stock read, which callers keep out of their transactions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.fulfilment.backorders import backorders_record
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import lock_plan
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan, RoutingRuleSet
from saleor_oms_plugin.fulfilment.request_builder import (
    Candidates,
    routing_request_build,
)
from saleor_oms_plugin.fulfilment.scheduling import plan_apply_after_commit
from saleor_oms_plugin.fulfilment.selectors import (
    builtin_ruleset,
    ruleset_engine,
    ruleset_published_for,
)
from saleor_oms_plugin.fulfilment.stock import SaleorStock, stock_for_order
from saleor_oms_plugin.fulfilment.transitions import (
    plan_check_transition,
)
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.locks import lock_order
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.errors import RoutingInputError
from saleor_oms_plugin.routing.model import Decision, RuleSet
from saleor_oms_plugin.tenants.models import Tenant

P = RoutingPlan.State
S = PlanShipment.State


# -- deciding --------------------------------------------------------------------------------


def routing_decide(
    *,
    tenant: Tenant,
    order: Order,
    lines: Mapping[str, int],
    exclude_location_ids: Iterable[str] = (),
    now: dt.datetime,
    ruleset: RuleSet | None = None,
    saleor_stocks: Mapping[str, Mapping[str, SaleorStock]] | None = None,
    candidates: Candidates | None = None,
) -> tuple[Decision, RoutingRuleSet | None]:
    """Route ``lines`` of ``order`` with the given (or the published) rule set. Reads stock
    from Saleor unless ``saleor_stocks`` are given, so never call it inside a transaction;
    reads the candidate locations unless ``candidates`` are given."""
    row = None
    if ruleset is None:
        row = ruleset_published_for(tenant_id=tenant.pk, channel=order.channel_slug)
        ruleset = ruleset_engine(row) if row is not None else builtin_ruleset()
    stock = stock_for_order(tenant=tenant, order=order, saleor_stocks=saleor_stocks)
    request = routing_request_build(
        order=order,
        lines=lines,
        stock=stock,
        exclude_location_ids=exclude_location_ids,
        now=now,
        candidates=candidates,
    )
    try:
        return route(request, ruleset, now=now), row
    except RoutingInputError as exc:
        raise FulfilmentError(FulfilmentErrorCode.ROUTING_INPUT, str(exc)) from exc


def _reasons(decision: Decision) -> list[dict[str, Any]]:
    reasons = [*decision.reasons, *(r for s in decision.shipments for r in s.reasons)]
    return [
        {
            "code": reason.code.value,
            "message": reason.message,
            "location_id": reason.location_id,
            "rule": reason.rule.value if reason.rule else None,
        }
        for reason in reasons
    ]


def _idempotency_key(plan: RoutingPlan, location: Location) -> str:
    return hashlib.sha256(f"plan:{plan.pk}:location:{location.pk}".encode()).hexdigest()[:40]


def plan_store(
    *,
    order: Order,
    decision: Decision,
    ruleset_row: RoutingRuleSet | None,
    trigger: str,
    state: str,
    actor: Actor,
    attempt: int = 1,
    parent: RoutingPlan | None = None,
    excluded: list[str] | None = None,
    kept: Sequence[tuple[Location, list[dict[str, Any]]]] = (),
    routed_lines: Mapping[str, int] | None = None,
    record_backorders: bool = True,
) -> RoutingPlan:
    """Create a plan and its shipments (call inside a transaction, the order locked).

    What the decision left unplaced is recorded as the order's backorders
    (``backorders.backorders_record``): ``routed_lines`` given, the decision routed every unit
    of those lines still to fulfil and replaces what waited for them; otherwise it adds to it.
    ``record_backorders`` False: the caller (backorder routing) keeps its rows itself."""
    plan = RoutingPlan.objects.create(
        tenant_id=order.tenant_id,
        order=order,
        ruleset=ruleset_row,
        ruleset_name=decision.ruleset_name,
        ruleset_version=decision.ruleset_version,
        state=state,
        trigger=trigger,
        attempt=attempt,
        parent=parent,
        excluded_location_ids=excluded or [],
        decision=decision.as_dict(),
        reasons=_reasons(decision),
        decided_at=decision.decided_at,
    )
    by_saleor_id = {
        location.saleor_id: location
        for location in Location.objects.filter(
            tenant_id=order.tenant_id,
            saleor_id__in=[s.location_id for s in decision.shipments],
        )
    }
    for location, lines in kept:
        PlanShipment.objects.create(
            plan=plan,
            location=location,
            lines=lines,
            idempotency_key=_idempotency_key(plan, location),
        )
    for shipment in decision.shipments:
        location = by_saleor_id[shipment.location_id]
        PlanShipment.objects.create(
            plan=plan,
            location=location,
            lines=[
                {
                    "line_id": line.line_id,
                    "variant_id": line.variant_id,
                    "sku": line.sku,
                    "quantity": line.quantity,
                }
                for line in shipment.lines
            ],
            idempotency_key=_idempotency_key(plan, location),
            distance_km=shipment.distance_km,
            cost=shipment.cost,
        )
    if not kept and not decision.shipments:
        # Nothing anywhere: the plan records why (backorder reasons) and stops here.
        plan.state = P.FAILED
        plan.error_code = "NO_STOCK"
        plan.error_message = "No location can ship any of the remaining units."
        plan.save(update_fields=["state", "error_code", "error_message", "updated_at"])
    audit_record(
        tenant_id=order.tenant_id,
        subject=plan,
        verb=FulfilmentEvent(f"routing_plan.{plan.state}"),
        actor=actor,
        data={
            "order": order.saleor_id,
            "trigger": trigger,
            "attempt": attempt,
            "ruleset": f"{decision.ruleset_name} v{decision.ruleset_version}",
            "shipments": [
                {"location": s.location_id, "units": s.units} for s in decision.shipments
            ],
            "backorder": [{"line": b.line_id, "quantity": b.quantity} for b in decision.backorder],
            "excluded": excluded or [],
            "parent": parent.pk if parent else None,
        },
    )
    plan_publish(plan)
    if record_backorders:
        backorders_record(plan=plan, decision=decision, actor=actor, routed_lines=routed_lines)
    if plan.state == P.APPLYING:
        plan_schedule_apply(plan)
    return plan


def plan_publish(plan: RoutingPlan) -> None:
    """Tell the listening domains (insights) that the plan entered its state."""
    publish(
        tenant_id=plan.tenant_id,
        event=FulfilmentEvent(f"routing_plan.{plan.state}"),
        order_id=plan.order_id,
        facts={"plan_id": plan.pk, "state": plan.state, "trigger": plan.trigger},
    )


def plan_schedule_apply(plan: RoutingPlan) -> None:
    plan_apply_after_commit(tenant_id=plan.tenant_id, plan_id=plan.pk)


def order_lock(tenant_id: int, order_id: int) -> Order:
    order = lock_order(tenant_id, order_id)
    if order is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such order", field="order")
    return order


def plan_move(
    plan: RoutingPlan,
    target: str,
    *,
    actor: Actor,
    data: dict[str, Any] | None = None,
    error_code: str = "",
    error_message: str = "",
) -> None:
    """Move a locked plan along its transition table, with its audit event."""
    plan_check_transition(plan, target)
    previous = plan.state
    plan.state = target
    fields = ["state", "updated_at"]
    if error_code:
        plan.error_code, plan.error_message = error_code, error_message
        fields += ["error_code", "error_message"]
    plan.save(update_fields=fields)
    audit_record(
        tenant_id=plan.tenant_id,
        subject=plan,
        verb=FulfilmentEvent(f"routing_plan.{target}"),
        actor=actor,
        data={"from": previous, **({"error": error_code} if error_code else {}), **(data or {})},
    )
    plan_publish(plan)


def plan_lock(tenant_id: int, plan_id: int) -> RoutingPlan:
    plan = lock_plan(tenant_id, plan_id)
    if plan is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such routing plan", field="id")
    return plan


def plan_fail(
    *, tenant_id: int, plan_id: int, code: str, message: str, actor: Actor
) -> RoutingPlan:
    with transaction.atomic():
        plan = plan_lock(tenant_id, plan_id)
        plan.shipments.filter(state=S.PENDING).update(state=S.SUPERSEDED)
        plan_move(plan, P.FAILED, actor=actor, error_code=code, error_message=message)
    return plan


def plan_finish(*, tenant_id: int, plan_id: int) -> RoutingPlan:
    """Mark a plan applied once none of its shipments is pending any more."""
    with transaction.atomic():
        plan = plan_lock(tenant_id, plan_id)
        if plan.state == P.APPLYING and not plan.shipments.filter(state=S.PENDING).exists():
            plan_move(plan, P.APPLIED, actor=Actor.system())
    return plan
