"""Backorders: the units of an order line routing could place nowhere, kept as rows that wait.

A plan records what its decision left unplaced (``backorders_record``, inside the plan's
transaction); the rows then wait for stock (``backorder_routing`` routes them when it arrives)
or, for a Saleor pre-order variant, for the pre-order's end. Every change is audited and
published (``FulfilmentEvent.BACKORDER_*``), which the trigger rules hear.

How a decision changes the rows depends on what was routed:

- an order routed as a whole (``order_route``: every unit still to fulfil) *replaces* what waits
  for the lines it routed: the new decision says what is unplaced now;
- a plan's remainder routed again (``plan_reroute``) *adds* what it could not place: those units
  were in a shipment, not waiting, until a location refused them;
- a backorder routed by itself *takes off* what its plan ships (``backorder_routing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import lock_live_backorders_of_order
from saleor_oms_plugin.fulfilment.models import Backorder, RoutingPlan
from saleor_oms_plugin.fulfilment.scheduling import backorders_check_after_commit
from saleor_oms_plugin.routing.model import Decision, ReasonCode

B = Backorder.State
LIVE = (B.WAITING, B.PREORDER)
_BACKORDER_REASONS = frozenset({ReasonCode.BACKORDERED, ReasonCode.PICKUP_SHORT})


def _line_reasons(decision: Decision) -> dict[str, tuple[str, str]]:
    """The engine's backorder reason per order line: (code, message)."""
    found: dict[str, tuple[str, str]] = {}
    for reason in decision.reasons:
        line_id = (reason.data or {}).get("line_id")
        if reason.code in _BACKORDER_REASONS and line_id:
            found[str(line_id)] = (reason.code.value, reason.message)
    return found


def backorder_facts(rows: list[Backorder]) -> dict[str, Any]:
    """What the published backorder events carry (JSON)."""
    return {
        "backorders": [
            {
                "backorder_id": row.pk,
                "line_id": row.line_id,
                "variant_id": row.variant_id,
                "sku": row.sku,
                "quantity": row.quantity,
                "state": str(row.state),
                "reason": row.reason,
                "release_at": row.release_at.isoformat() if row.release_at else None,
            }
            for row in rows
        ],
        "units": sum(row.quantity for row in rows),
        "skus": sorted({row.sku for row in rows}),
    }


def backorders_announce(
    rows: list[Backorder], event: FulfilmentEvent, *, actor: Actor, data: dict | None = None
) -> None:
    """Audit and publish one event about some backorders of one order (call in a
    transaction)."""
    if not rows:
        return
    facts = {**backorder_facts(rows), **(data or {})}
    order = rows[0].order
    audit_record(tenant_id=order.tenant_id, subject=order, verb=event, actor=actor, data=facts)
    publish(tenant_id=order.tenant_id, event=event, order_id=order.pk, facts=facts)


def backorders_record(
    *,
    plan: RoutingPlan,
    decision: Decision,
    actor: Actor,
    routed_lines: Mapping[str, int] | None,
) -> list[Backorder]:
    """Record what ``decision`` left unplaced as the order's backorders (inside the plan's
    transaction, with the order locked). ``routed_lines`` given: the decision routed every
    unit of those lines still to fulfil, so it replaces what waited for them; None: it routed a
    remainder, and what it left unplaced waits in addition. Returns the rows that now wait for
    more units than before."""
    order = plan.order
    live = {row.line_id: row for row in lock_live_backorders_of_order(order)}
    reasons = _line_reasons(decision)
    unplaced = {line.line_id: line for line in decision.backorder if line.quantity > 0}
    grown: list[Backorder] = []
    if routed_lines is not None:
        for line_id in sorted(set(routed_lines) - set(unplaced)):
            row = live.get(line_id)
            if row is not None:
                # Placed now, in this plan: nothing of the line waits any more.
                row.quantity, row.state, row.routed_plan = 0, B.ROUTED, plan
                row.save(update_fields=["quantity", "state", "routed_plan", "updated_at"])
    for line_id, line in sorted(unplaced.items()):
        code, message = reasons.get(line_id, ("backordered", f"{line.sku}: not in stock"))
        row = live.get(line_id)
        if row is None:
            row = Backorder.objects.create(
                tenant_id=order.tenant_id,
                order=order,
                line_id=line_id,
                variant_id=line.variant_id,
                sku=line.sku,
                quantity=line.quantity,
                reason_code=code,
                reason=message,
                plan=plan,
            )
            grown.append(row)
            continue
        before = row.quantity
        row.quantity = line.quantity if routed_lines is not None else before + line.quantity
        row.reason_code, row.reason, row.plan = code, message, plan
        row.save(update_fields=["quantity", "reason_code", "reason", "plan", "updated_at"])
        if row.quantity > before:
            grown.append(row)
    if grown:
        for row in grown:
            row.order = order
        backorders_announce(
            grown, FulfilmentEvent.BACKORDER_WAITING, actor=actor, data={"plan_id": plan.pk}
        )
        # Saleor is asked (after commit) whether any of them is a pre-order variant.
        backorders_check_after_commit(tenant_id=order.tenant_id, order_id=order.pk)
    return grown
