"""The allowed state changes of plans and shipments. Anything else is a bug or a race lost."""

from __future__ import annotations

from saleor_oms_plugin.fulfilment.errors import IllegalTransition
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan

P = RoutingPlan.State
S = PlanShipment.State

PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PROPOSED: frozenset({P.APPLYING, P.SUPERSEDED, P.FAILED}),
    P.APPLYING: frozenset({P.APPLIED, P.FAILED, P.SUPERSEDED}),
    # An applied plan is superseded when a fulfilment is cancelled or short-picked later (or
    # fails, when that happens once attempts are exhausted).
    P.APPLIED: frozenset({P.SUPERSEDED, P.FAILED}),
    P.FAILED: frozenset(),
    P.SUPERSEDED: frozenset(),
}

SHIPMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.APPLIED, S.FAILED, S.SUPERSEDED}),
    S.APPLIED: frozenset({S.CANCELLED, S.SHORT_PICKED}),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
    S.SHORT_PICKED: frozenset(),
    S.SUPERSEDED: frozenset(),
}


def plan_check_transition(plan: RoutingPlan, target: str) -> None:
    if target not in PLAN_TRANSITIONS[plan.state]:
        raise IllegalTransition("routing plan", plan.state, target)


def shipment_check_transition(shipment: PlanShipment, target: str) -> None:
    if target not in SHIPMENT_TRANSITIONS[shipment.state]:
        raise IllegalTransition("shipment", shipment.state, target)
