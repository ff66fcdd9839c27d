"""Writes of fulfilment routing: plans, their shipments, approvals, re-routes, short picks.

Every service owns its transaction and audits each state change. Calls to Saleor (stock reads,
fulfilments) never run inside a transaction: stock is read before the transaction that stores
a plan, and applying happens in a task scheduled after commit (see ``saleor_apply``).
Rule-set and location-setting writes live in ``configuration`` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.configuration import (  # noqa: F401 - re-exported services
    location_routing_update,
    ruleset_archive,
    ruleset_create,
    ruleset_publish,
    ruleset_update,
)
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.locks import lock_plans_of_order
from saleor_oms_plugin.fulfilment.merged_routing import group_route, merge_wait
from saleor_oms_plugin.fulfilment.merging import merge_group
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingHold, RoutingPlan
from saleor_oms_plugin.fulfilment.plans import (  # noqa: F401 - re-exported services
    order_lock,
    plan_fail,
    plan_finish,
    plan_lock,
    plan_move,
    plan_schedule_apply,
    plan_store,
    routing_decide,
)
from saleor_oms_plugin.fulfilment.request_builder import (
    order_lines_to_route,
)
from saleor_oms_plugin.fulfilment.scheduling import short_pick_process_after_commit
from saleor_oms_plugin.fulfilment.selectors import (
    tenant_routing_settings,
)
from saleor_oms_plugin.fulfilment.shipments import (  # noqa: F401 - re-exported services
    shipment_lock,
    shipment_mark_applied,
    shipment_mark_cancelled,
    shipment_mark_failed,
    shipment_move,
    shipment_record_attempt,
)
from saleor_oms_plugin.inventory.counts import MissingUnits, short_pick_stock_take
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.gates import routing_blocked
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant

P = RoutingPlan.State
S = PlanShipment.State
LIVE_STATES = (P.PROPOSED, P.APPLYING)
AUTOMATIC_TRIGGERS = (
    RoutingPlan.Trigger.CREATED,
    RoutingPlan.Trigger.CONFIRMED,
    RoutingPlan.Trigger.FULLY_PAID,
)


# -- routing an order ------------------------------------------------------------------------


def order_route(
    *,
    tenant_id: int,
    order_id: int,
    trigger: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> RoutingPlan | None:
    """Decide where an order ships from and store the plan (applied at once, or held for
    approval when the tenant asks for it).

    Automatic triggers route an order once: if it has any plan already, nothing happens and
    None is returned, so a duplicated or reordered webhook never routes twice. A manual route
    replaces a plan still waiting for approval, and is refused while one is being applied.
    With merging on (``routing.merge_window_minutes``) an automatic route waits for the
    customer's merge window to close, then routes the group (``merged_routing``). What the
    decision leaves unplaced waits as the order's backorders (``backorders``).
    """
    now = now or timezone.now()
    tenant = Tenant.objects.get(pk=tenant_id)
    order = Order.objects.filter(tenant_id=tenant_id, pk=order_id).first()
    if order is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such order", field="order")
    automatic = trigger in AUTOMATIC_TRIGGERS
    if automatic and (
        RoutingPlan.objects.filter(order=order).exists()
        or RoutingHold.objects.filter(order=order).exists()
        # A gate (order screening) still looks at the order; it routes it when it lets go.
        or routing_blocked(tenant_id=tenant_id, order_id=order_id)
    ):
        return None
    lines = order_lines_to_route(order)
    if not lines:
        if automatic:
            return None
        raise FulfilmentError(
            FulfilmentErrorCode.NOTHING_TO_ROUTE, "every line is fulfilled already", field="order"
        )
    settings = tenant_routing_settings(tenant=tenant)
    if automatic:
        # Merging (off unless the tenant sets a window): wait for, or route together with,
        # the customer's other open orders to the same address.
        group = merge_group(
            order=order, trigger=trigger, window_minutes=settings.merge_window_minutes
        )
        if group is not None and now < group.closes_at:
            merge_wait(order=order, group=group, trigger=trigger, now=now, actor=actor)
            return None
        if group is not None and len(group.orders) > 1:
            return group_route(
                tenant=tenant, order=order, group=group, trigger=trigger, now=now, actor=actor
            )
    decision, row = routing_decide(tenant=tenant, order=order, lines=lines, now=now)
    with transaction.atomic():
        order = order_lock(tenant_id, order_id)  # serialises concurrent triggers
        plans = lock_plans_of_order(order)
        if automatic and plans:
            return None
        for live in [plan for plan in plans if plan.state in LIVE_STATES]:
            if live.state == P.APPLYING:
                raise FulfilmentError(
                    FulfilmentErrorCode.PLAN_IN_PROGRESS,
                    "a plan for this order is being applied",
                    field="order",
                )
            plan_move(live, P.SUPERSEDED, actor=actor, data={"reason": "routed again"})
            live.shipments.filter(state=S.PENDING).update(state=S.SUPERSEDED)
        state = P.PROPOSED if settings.require_approval else P.APPLYING
        return plan_store(
            order=order,
            decision=decision,
            ruleset_row=row,
            trigger=trigger,
            state=state,
            actor=actor,
            routed_lines=lines,
        )


def plan_approve(*, tenant_id: int, plan_id: int, actor: Actor) -> RoutingPlan:
    """Staff approve a plan held for approval; it is applied right after commit."""
    with transaction.atomic():
        plan = plan_lock(tenant_id, plan_id)
        plan_move(plan, P.APPLYING, actor=actor, data={"approved": True})
        plan.approved_by = actor.id or actor.type
        plan.save(update_fields=["approved_by"])
        plan_schedule_apply(plan)
    return plan


def short_pick_report(
    *, tenant_id: int, shipment_id: int, missing: Mapping[str, int], actor: Actor
) -> PlanShipment:
    """Staff report that a location could not pick some units of an applied shipment.

    A task then cancels the shipment's Saleor fulfilment (Saleor puts every unit back in
    stock), takes the missing units off the location (:func:`short_pick_stock_settle`) and
    re-routes: the picked units are fulfilled again from the same location, the missing ones
    elsewhere. Reporting the same short pick again changes nothing and returns the shipment; a
    different report for a shipment already short-picked is refused.
    """
    with transaction.atomic():
        shipment = shipment_lock(shipment_id, tenant_id)
        shipped = {line["line_id"]: int(line["quantity"]) for line in shipment.lines}
        cleaned = {line_id: int(qty) for line_id, qty in missing.items() if int(qty) != 0}
        if shipment.state == S.SHORT_PICKED and cleaned == {
            line_id: int(qty) for line_id, qty in shipment.short_lines.items()
        }:
            return shipment  # the same report again (a retry, a double click)
        if shipment.state != S.APPLIED:
            raise FulfilmentError(
                FulfilmentErrorCode.SHIPMENT_NOT_APPLIED,
                f"the shipment is {shipment.state}; only applied shipments can be short-picked",
                field="shipment",
            )
        for line_id, qty in cleaned.items():
            if line_id not in shipped or not 0 < qty <= shipped[line_id]:
                raise FulfilmentError(
                    FulfilmentErrorCode.INVALID_QUANTITY,
                    f"line {line_id}: between 1 and the shipped quantity can be missing",
                    field="lines",
                )
        if not cleaned:
            raise FulfilmentError(
                FulfilmentErrorCode.INVALID_QUANTITY,
                "report at least one missing unit",
                field="lines",
            )
        shipment.short_lines = cleaned
        shipment_move(shipment, S.SHORT_PICKED, actor=actor, data={"missing": cleaned})
        short_pick_process_after_commit(tenant_id=tenant_id, shipment_id=shipment_id)
    return shipment


def short_pick_stock_settle(
    *, tenant_id: int, shipment: PlanShipment, missing: list[MissingUnits], actor: Actor
) -> None:
    """Take a short-picked shipment's missing units off its location and open a count task per
    bin, so the next order is not routed into the same hole.

    Run after Saleor's fulfilment was cancelled and the variants re-read (the cancellation put
    the missing units back in Saleor's stock; the ledger has them again): a ``SHORT_PICK``
    movement takes them off and the write-back outbox sends the lower figure to Saleor.
    Takes the short-picked shipment as the task loaded it, and its missing units. Idempotent: a
    shipment settled once is left alone (the task may run again).
    """
    short_pick_stock_take(
        tenant_id=tenant_id,
        location=shipment.location,
        missing=missing,
        reference=f"short-pick:{shipment.pk}",
        actor=actor,
        order_id=shipment.plan.order_id,
    )


def short_pick_missing_units(shipment: PlanShipment) -> list[MissingUnits]:
    """Missing units per variant (two lines of one variant are one bin)."""
    missing = {str(k): int(v) for k, v in shipment.short_lines.items()}
    by_variant: dict[str, MissingUnits] = {}
    for line in shipment.lines:
        units = int(missing.get(line["line_id"], 0))
        if not units:
            continue
        variant_id = str(line.get("variant_id") or "")
        before = by_variant.get(variant_id)
        by_variant[variant_id] = MissingUnits(
            variant_id, str(line.get("sku") or ""), units + (before.units if before else 0)
        )
    return [by_variant[variant_id] for variant_id in sorted(by_variant) if variant_id]


# -- re-routing ------------------------------------------------------------------------------


def _remainder(plan: RoutingPlan) -> tuple[dict[str, int], list[tuple[Location, list[dict]]]]:
    """What a plan did not achieve: units to route again, and picked units of short-picked
    shipments that stay at their location."""
    to_route: dict[str, int] = {}
    kept: list[tuple[Location, list[dict]]] = []
    for shipment in plan.shipments.select_related("location"):
        if shipment.state == S.APPLIED:
            continue
        picked = []
        for line in shipment.lines:
            missing = int(shipment.short_lines.get(line["line_id"], 0))
            again = missing if shipment.state == S.SHORT_PICKED else int(line["quantity"])
            if again:
                to_route[line["line_id"]] = to_route.get(line["line_id"], 0) + again
            if shipment.state == S.SHORT_PICKED and int(line["quantity"]) - missing > 0:
                picked.append({**line, "quantity": int(line["quantity"]) - missing})
        if picked:
            kept.append((shipment.location, picked))
    return to_route, kept


def plan_reroute(
    *,
    tenant_id: int,
    plan_id: int,
    exclude_location_ids: Iterable[str],
    reason: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> RoutingPlan:
    """Route again what a plan did not achieve, without the given locations.

    The plan is superseded by a new one (attempt + 1) holding its remainder; past the tenant's
    ``max_attempts`` it fails instead. Returns the new plan, or the failed one.
    """
    now = now or timezone.now()
    tenant = Tenant.objects.get(pk=tenant_id)
    plan = RoutingPlan.objects.select_related("order").get(tenant_id=tenant_id, pk=plan_id)
    settings = tenant_routing_settings(tenant=tenant)
    excluded = sorted(set(plan.excluded_location_ids) | set(exclude_location_ids))
    to_route, kept = _remainder(plan)
    if not to_route:
        raise FulfilmentError(FulfilmentErrorCode.NOTHING_TO_ROUTE, "nothing is left to route")
    snapshot = sorted(plan.shipments.values_list("pk", "state"))
    if plan.attempt >= settings.max_attempts:
        return plan_fail(
            tenant_id=tenant_id,
            plan_id=plan_id,
            code="ATTEMPTS_EXHAUSTED",
            message=f"{reason}; gave up after {plan.attempt} attempts",
            actor=actor,
        )
    decision, row = routing_decide(
        tenant=tenant, order=plan.order, lines=to_route, exclude_location_ids=excluded, now=now
    )
    with transaction.atomic():
        order_lock(tenant_id, plan.order_id)
        plan = plan_lock(tenant_id, plan_id)
        if sorted(plan.shipments.values_list("pk", "state")) != snapshot:
            # Something happened to the plan while we were deciding: let the caller retry.
            raise FulfilmentError(
                FulfilmentErrorCode.PLAN_IN_PROGRESS, "the plan changed while re-routing"
            )
        plan.shipments.filter(state=S.PENDING).update(state=S.SUPERSEDED)
        plan_move(plan, P.SUPERSEDED, actor=actor, data={"reason": reason, "excluded": excluded})
        state = P.PROPOSED if settings.require_approval else P.APPLYING
        return plan_store(
            order=plan.order,
            decision=decision,
            ruleset_row=row,
            trigger=RoutingPlan.Trigger.REROUTE,
            state=state,
            actor=actor,
            attempt=plan.attempt + 1,
            parent=plan,
            excluded=excluded,
            kept=kept,
        )
