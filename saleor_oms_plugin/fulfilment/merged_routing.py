"""Routing a merge group (``merging``) as one: decide once, store one plan per order.

Called by ``services.order_route`` for automatic triggers when the tenant merges orders. Stock
is read from Saleor before any transaction (as for a single order); the group's orders are then
locked in primary-key order and, if none of them was routed meanwhile, each gets its plan,
applied in Saleor as any plan (its own ``orderFulfill`` per location).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import lock_plans_of_order
from saleor_oms_plugin.fulfilment.merging import MergeGroup, merged_request, split_decision
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.plans import order_lock, plan_store
from saleor_oms_plugin.fulfilment.request_builder import (
    order_candidates,
    order_lines_to_route,
    routing_request_build,
)
from saleor_oms_plugin.fulfilment.scheduling import route_order_after_commit, route_order_at
from saleor_oms_plugin.fulfilment.selectors import (
    builtin_ruleset,
    ruleset_engine,
    ruleset_published_for,
    tenant_routing_settings,
)
from saleor_oms_plugin.fulfilment.stock import available_to_orders, saleor_variant_stocks
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.errors import RoutingInputError
from saleor_oms_plugin.routing.model import Reason, ReasonCode
from saleor_oms_plugin.tenants.models import Tenant

P = RoutingPlan.State


def merge_wait(
    *, order: Order, group: MergeGroup, trigger: str, now: dt.datetime, actor: Actor
) -> None:
    """The group's window is still open: route the order again when it closes."""
    with transaction.atomic():
        facts = {
            "closes_at": group.closes_at.isoformat(),
            "orders": [member.saleor_id for member in group.orders],
        }
        audit_record(
            tenant_id=order.tenant_id,
            subject=order,
            verb=FulfilmentEvent.ROUTING_MERGE_WAITING,
            actor=actor,
            data=facts,
        )
        publish(
            tenant_id=order.tenant_id,
            event=FulfilmentEvent.ROUTING_MERGE_WAITING,
            order_id=order.pk,
            facts=facts,
        )
        route_order_at(
            tenant_id=order.tenant_id,
            order_id=order.pk,
            trigger=trigger,
            countdown=max(1.0, (group.closes_at - now).total_seconds() + 1),
        )


def group_route(
    *, tenant: Tenant, order: Order, group: MergeGroup, trigger: str, now: dt.datetime, actor: Actor
) -> RoutingPlan | None:
    """Route the group's orders together; return ``order``'s plan (None: another worker routed
    part of the group meanwhile, and the order is routed again after this commit)."""
    lines_of = {member.pk: order_lines_to_route(member) for member in group.orders}
    members = [member for member in group.orders if lines_of[member.pk]]
    if order not in members:
        return None
    row = ruleset_published_for(tenant_id=tenant.pk, channel=order.channel_slug)
    ruleset = ruleset_engine(row) if row is not None else builtin_ruleset()
    variants = {line.variant_id for member in members for line in member.lines.all()}
    stock = available_to_orders(saleor_variant_stocks(tenant=tenant, variant_ids=variants), members)
    candidates = order_candidates(order, now)
    requests = [
        routing_request_build(
            order=member, lines=lines_of[member.pk], stock=stock, now=now, candidates=candidates
        )
        for member in members
    ]
    try:
        decision = route(merged_request(requests), ruleset, now=now)
    except RoutingInputError as exc:
        raise FulfilmentError(FulfilmentErrorCode.ROUTING_INPUT, str(exc)) from exc
    owners = {line.saleor_id: member.pk for member in members for line in member.lines.all()}
    decisions = split_decision(decision, owners)
    numbers = ", ".join(f"#{member.number}" for member in members)
    settings = tenant_routing_settings(tenant=tenant)
    plans: dict[int, RoutingPlan] = {}
    with transaction.atomic():
        locked = [order_lock(tenant.pk, member.pk) for member in sorted(members, key=_pk)]
        if any(lock_plans_of_order(member) for member in locked):
            # Part of the group was routed meanwhile: route this order again, with the group
            # as it is then.
            route_order_after_commit(tenant_id=tenant.pk, order_id=order.pk, trigger=trigger)
            return None
        for member in locked:
            merged = Reason(
                ReasonCode.MERGED,
                f"Routed together with orders {numbers} of the same customer and address",
                data={"orders": [m.saleor_id for m in members]},
            )
            mine = decisions[member.pk]
            plans[member.pk] = plan_store(
                order=member,
                decision=dataclasses.replace(
                    mine, order_id=member.saleor_id, reasons=(*mine.reasons, merged)
                ),
                ruleset_row=row,
                trigger=trigger,
                state=P.PROPOSED if settings.require_approval else P.APPLYING,
                actor=actor,
                routed_lines=lines_of[member.pk],
            )
    return plans[order.pk]


def _pk(order: Order) -> int:
    return order.pk
