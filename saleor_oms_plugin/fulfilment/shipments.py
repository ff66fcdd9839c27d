"""Shipment state changes, each in its own transaction with its audit event.

Every move is also published (``core.events.publish``, event ``plan_shipment.<state>``) with
the facts a listening domain needs without importing this one: the warehouse releases an
applied shipment to its location's pickers and cancels the release when the shipment is.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import lock_applied_shipment, lock_shipment
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.transitions import (
    shipment_check_transition,
)

P = RoutingPlan.State
S = PlanShipment.State


# -- shipments -------------------------------------------------------------------------------


def shipment_move(
    shipment: PlanShipment, target: str, *, actor: Actor, data: dict[str, Any] | None = None
) -> None:
    shipment_check_transition(shipment, target)
    previous = shipment.state
    shipment.state = target
    shipment.save()
    audit_record(
        tenant_id=shipment.plan.tenant_id,
        subject=shipment,
        verb=FulfilmentEvent(f"plan_shipment.{target}"),
        actor=actor,
        data={
            "from": previous,
            "plan": shipment.plan_id,
            "location": shipment.location.saleor_id,
            "idempotency_key": shipment.idempotency_key,
            **(data or {}),
        },
    )
    publish(
        tenant_id=shipment.plan.tenant_id,
        event=FulfilmentEvent(f"plan_shipment.{target}"),
        order_id=shipment.plan.order_id,
        facts=shipment_facts(shipment),
    )


def shipment_facts(shipment: PlanShipment) -> dict[str, Any]:
    """What a shipment's published moves carry (JSON)."""
    return {
        "shipment_id": shipment.pk,
        "plan_id": shipment.plan_id,
        "state": shipment.state,
        "location_id": shipment.location_id,
        "location": shipment.location.saleor_id,
        "saleor_fulfillment_id": shipment.saleor_fulfillment_id,
        "lines": [dict(line) for line in shipment.lines],
        "short_lines": dict(shipment.short_lines or {}),
        "idempotency_key": shipment.idempotency_key,
    }


def shipment_lock(shipment_id: int, tenant_id: int | None = None) -> PlanShipment:
    shipment = lock_shipment(shipment_id, tenant_id)
    if shipment is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such shipment", field="shipment")
    return shipment


def shipment_record_attempt(*, shipment_id: int) -> None:
    """Committed before each orderFulfill: the record that a call may have reached Saleor."""
    with transaction.atomic():
        shipment = shipment_lock(shipment_id)
        shipment.attempts += 1
        shipment.save(update_fields=["attempts", "updated_at"])


def shipment_mark_applied(
    *, shipment_id: int, fulfillment_id: str, recovered: bool = False
) -> None:
    with transaction.atomic():
        shipment = shipment_lock(shipment_id)
        if shipment.state == S.APPLIED and shipment.saleor_fulfillment_id == fulfillment_id:
            return
        shipment.saleor_fulfillment_id = fulfillment_id
        shipment.applied_at = timezone.now()
        shipment_move(
            shipment,
            S.APPLIED,
            actor=Actor.system(),
            data={"fulfillment": fulfillment_id, "recovered": recovered},
        )


def shipment_mark_failed(*, shipment_id: int, code: str, message: str) -> None:
    with transaction.atomic():
        shipment = shipment_lock(shipment_id)
        shipment.error_code, shipment.error_message = code, message
        shipment_move(
            shipment, S.FAILED, actor=Actor.saleor(), data={"error": code, "message": message}
        )


def shipment_mark_cancelled(*, tenant_id: int, fulfillment_id: str) -> PlanShipment | None:
    """Saleor cancelled the fulfilment of an applied shipment (handler of FULFILLMENT_CANCELED).
    Returns the shipment when its plan now needs re-routing."""
    shipment = lock_applied_shipment(tenant_id, fulfillment_id)
    if shipment is None:
        return None
    shipment_move(shipment, S.CANCELLED, actor=Actor.saleor(), data={"fulfillment": fulfillment_id})
    return shipment
