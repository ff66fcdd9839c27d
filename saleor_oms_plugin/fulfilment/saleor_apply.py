"""Applying a plan in Saleor: one ``orderFulfill`` per shipment, never twice.

Saleor's ``orderFulfill`` has no idempotency key. So before anything is sent, Saleor's current
fulfilments of the order are read, and a shipment that Saleor already holds (same warehouse,
same lines and quantities, not yet claimed by another shipment) is recorded as applied instead
of being sent again: that is the case of a worker that died between Saleor's answer and our
commit. Each call is preceded by a committed attempt record, and none runs in a transaction.

A refusal tied to the location (not enough stock there) fails that shipment and re-routes the
plan's remainder without the location; any other refusal fails the plan. Transient errors are
raised for the task to retry (it reads Saleor's fulfilments again first).

When Saleor holds new fulfilments for approval (shop setting ``fulfillmentAutoApprove`` off),
each one at a location that does not ship its fulfilments itself (``locations.handover``) is
approved before the plan finishes, so those locations ship as they did with automatic approval;
the others (warehouse execution) approve after packing, and Saleor tells the customer then.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.leases import plan_apply_lease
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.services import (
    plan_fail,
    plan_finish,
    plan_reroute,
    shipment_mark_applied,
    shipment_mark_failed,
    shipment_record_attempt,
)
from saleor_oms_plugin.locations.handover import ships_itself
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorError, SaleorMutationError
from saleor_oms_plugin.saleor.fulfillments import WAITING_FOR_APPROVAL, fulfillment_approve
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

# Refusals that say "not from this warehouse": worth trying elsewhere.
LOCATION_REFUSALS = frozenset({"INSUFFICIENT_STOCK"})
_DEAD_ORDER_STATUSES = frozenset({"CANCELED", "DRAFT", "EXPIRED"})
logger = logging.getLogger(__name__)


@dataclass
class SaleorOrderState:
    """What Saleor says about an order right now."""

    status: str
    to_fulfill: dict[str, int]  # order line id -> units still to fulfil
    # Live (not cancelled) fulfilments: (id, warehouse id, {order line id: units})
    fulfillments: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)
    # Ids of the fulfilments Saleor holds for approval.
    waiting: set[str] = field(default_factory=set)


def _line_units(lines: list[dict[str, Any]]) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in lines or []:
        line_id = (line.get("orderLine") or {}).get("id") or ""
        units[line_id] = units.get(line_id, 0) + int(line.get("quantity") or 0)
    return units


def saleor_order_state(*, client: SaleorClient, order_saleor_id: str) -> SaleorOrderState | None:
    data = client.execute("queries/order_fulfillments", {"id": order_saleor_id})
    order = data.get("order")
    if order is None:
        return None
    return SaleorOrderState(
        status=order["status"],
        to_fulfill={line["id"]: int(line["quantityToFulfill"]) for line in order["lines"]},
        fulfillments=[
            (f["id"], (f.get("warehouse") or {}).get("id") or "", _line_units(f["lines"]))
            for f in order.get("fulfillments") or []
            if f["status"] != "CANCELED"
        ],
        waiting={
            f["id"] for f in order.get("fulfillments") or [] if f["status"] == WAITING_FOR_APPROVAL
        },
    )


def _shipment_units(shipment: PlanShipment) -> dict[str, int]:
    return {line["line_id"]: int(line["quantity"]) for line in shipment.lines}


def _claimed_fulfillments(plan: RoutingPlan) -> set[str]:
    return set(
        PlanShipment.objects.filter(plan__order_id=plan.order_id)
        .exclude(saleor_fulfillment_id="")
        .values_list("saleor_fulfillment_id", flat=True)
    )


def _already_in_saleor(
    shipment: PlanShipment, state: SaleorOrderState, claimed: set[str]
) -> str | None:
    wanted = _shipment_units(shipment)
    for fulfillment_id, warehouse_id, units in state.fulfillments:
        if (
            fulfillment_id not in claimed
            and warehouse_id == shipment.location.saleor_id
            and units == wanted
        ):
            return fulfillment_id
    return None


def _self_shipping(shipment: PlanShipment) -> bool:
    return ships_itself(tenant_id=shipment.location.tenant_id, location_id=shipment.location_id)


def _fulfill_variables(order_saleor_id: str, shipment: PlanShipment) -> dict[str, Any]:
    warehouse = shipment.location.saleor_id
    return {
        "order": order_saleor_id,
        "input": {
            # A location that ships after packing tells the customer then, on approval.
            "notifyCustomer": not _self_shipping(shipment),
            "allowStockToBeExceeded": False,
            "lines": [
                {
                    "orderLineId": line["line_id"],
                    "stocks": [{"warehouse": warehouse, "quantity": int(line["quantity"])}],
                }
                for line in shipment.lines
            ],
        },
    }


def _created_fulfillment(result: dict[str, Any], warehouse_id: str) -> tuple[str, str]:
    """The id and status of the fulfilment ``orderFulfill`` created at the warehouse."""
    fulfillments = result.get("fulfillments") or []
    for fulfillment in fulfillments:
        if (fulfillment.get("warehouse") or {}).get("id") == warehouse_id:
            return str(fulfillment["id"]), str(fulfillment.get("status") or "")
    if fulfillments:
        return str(fulfillments[0]["id"]), str(fulfillments[0].get("status") or "")
    return "", ""


def plan_apply(*, tenant_id: int, plan_id: int, client: SaleorClient | None = None) -> str:
    """Send a plan's pending shipments to Saleor; return the plan's state afterwards.

    Another worker applying the same plan right now (a retry racing the stalled-plan sweep)
    makes this call a no-op: it answers ``busy``.
    """
    if not RoutingPlan.objects.filter(tenant_id=tenant_id, pk=plan_id).exists():
        return "missing"
    with plan_apply_lease(plan_id=plan_id) as mine:
        if not mine:
            state = RoutingPlan.objects.get(pk=plan_id).state
            return "busy" if state == RoutingPlan.State.APPLYING else state
        return _plan_apply_leased(tenant_id=tenant_id, plan_id=plan_id, client=client)


def _plan_apply_leased(*, tenant_id: int, plan_id: int, client: SaleorClient | None) -> str:
    plan = (
        RoutingPlan.objects.select_related("order").filter(tenant_id=tenant_id, pk=plan_id).first()
    )
    if plan is None or plan.state != RoutingPlan.State.APPLYING:
        return plan.state if plan else "missing"
    pending = list(
        plan.shipments.filter(state=PlanShipment.State.PENDING).select_related("location")
    )
    client = client or tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    order_id = plan.order.saleor_id
    if not pending:
        # A retry after a crash between the last orderFulfill and its approval.
        if _approvals_owed(plan):
            state = saleor_order_state(client=client, order_saleor_id=order_id)
            _approve_held(client, plan, order_id, state.waiting if state else set())
        return plan_finish(tenant_id=tenant_id, plan_id=plan_id).state
    state = saleor_order_state(client=client, order_saleor_id=order_id)
    if state is None or state.status in _DEAD_ORDER_STATUSES:
        return _fail(plan, "ORDER_NOT_FULFILLABLE", "Saleor no longer has this order to fulfil")
    claimed = _claimed_fulfillments(plan)
    for shipment in pending:
        found = _already_in_saleor(shipment, state, claimed)
        if found:
            shipment_mark_applied(shipment_id=shipment.pk, fulfillment_id=found, recovered=True)
            claimed.add(found)
            continue
        wanted = _shipment_units(shipment)
        if any(units > state.to_fulfill.get(line, 0) for line, units in wanted.items()):
            return _fail(
                plan,
                "FULFILLED_OUTSIDE_PLAN",
                "Saleor has fewer units left to fulfil than the plan sends (fulfilled elsewhere)",
            )
        shipment_record_attempt(shipment_id=shipment.pk)
        try:
            result = client.mutate(
                "mutations/order_fulfill",
                _fulfill_variables(order_id, shipment),
                payload="orderFulfill",
            )
        except SaleorMutationError as exc:
            code = sorted(exc.codes)[0]
            shipment_mark_failed(shipment_id=shipment.pk, code=code, message=str(exc))
            if exc.codes & LOCATION_REFUSALS:
                return _reroute(plan, shipment, reason=f"{shipment.location.name} refused: {code}")
            return _fail(plan, code, str(exc))
        except SaleorError as exc:
            if exc.transient:
                raise
            return _fail(plan, "SALEOR_REFUSED", str(exc))
        fulfillment_id, status = _created_fulfillment(result, shipment.location.saleor_id)
        shipment_mark_applied(shipment_id=shipment.pk, fulfillment_id=fulfillment_id)
        claimed.add(fulfillment_id)
        if status == WAITING_FOR_APPROVAL:
            state.waiting.add(fulfillment_id)
        for line, units in wanted.items():
            state.to_fulfill[line] = state.to_fulfill.get(line, 0) - units
    _approve_held(client, plan, order_id, state.waiting)
    return plan_finish(tenant_id=tenant_id, plan_id=plan_id).state


def _applied_shipments(plan: RoutingPlan) -> list[PlanShipment]:
    return list(
        plan.shipments.filter(state=PlanShipment.State.APPLIED)
        .exclude(saleor_fulfillment_id="")
        .select_related("location")
    )


def _approvals_owed(plan: RoutingPlan) -> bool:
    """Whether any applied shipment is at a location fulfilment approves for (only then is
    Saleor asked which fulfilments still wait)."""
    return any(not _self_shipping(shipment) for shipment in _applied_shipments(plan))


def _approve_held(
    client: SaleorClient, plan: RoutingPlan, order_id: str, waiting: set[str]
) -> None:
    """Approve the plan's fulfilments Saleor holds at locations that do not ship themselves.

    A refusal (an unpaid order while the shop refuses to approve unpaid ones, stock gone) is
    logged and left waiting in Saleor, where staff see it with Saleor's Approve button;
    transient errors raise for the task to retry.
    """
    for shipment in _applied_shipments(plan):
        if shipment.saleor_fulfillment_id not in waiting:
            continue  # shipped already, or not the plan's
        if _self_shipping(shipment):
            continue
        try:
            fulfillment_approve(
                client=client,
                fulfillment_id=shipment.saleor_fulfillment_id,
                notify_customer=True,
                order_id=order_id,
            )
        except SaleorMutationError as exc:
            logger.warning(
                "Saleor refused to approve fulfilment %s of plan %s: %s",
                shipment.saleor_fulfillment_id,
                plan.pk,
                exc,
            )


def _fail(plan: RoutingPlan, code: str, message: str) -> str:
    return plan_fail(
        tenant_id=plan.tenant_id, plan_id=plan.pk, code=code, message=message, actor=Actor.system()
    ).state


def _reroute(plan: RoutingPlan, shipment: PlanShipment, *, reason: str) -> str:
    try:
        plan_reroute(
            tenant_id=plan.tenant_id,
            plan_id=plan.pk,
            exclude_location_ids=[shipment.location.saleor_id],
            reason=reason,
            actor=Actor.system(),
        )
    except FulfilmentError as exc:
        # No routable remainder (say, the destination cannot be placed): stop here, audited.
        return _fail(plan, exc.code.value, exc.message)
    plan.refresh_from_db(fields=["state"])
    return plan.state


def fulfillment_cancel(*, client: SaleorClient, fulfillment_id: str, warehouse_id: str) -> None:
    """Cancel a fulfilment in Saleor, restocking into its warehouse; a fulfilment already
    cancelled is fine (a retry)."""
    try:
        client.mutate(
            "mutations/fulfillment_cancel",
            {"id": fulfillment_id, "warehouse": warehouse_id},
            payload="orderFulfillmentCancel",
        )
    except SaleorMutationError as exc:
        if "CANNOT_CANCEL_FULFILLMENT" not in exc.codes:
            raise
