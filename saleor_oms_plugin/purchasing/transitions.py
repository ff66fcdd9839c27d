"""The allowed state changes of a purchase order. Anything else is refused, changing nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.purchasing.errors import IllegalTransition
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.models import PurchaseOrder

S = PurchaseOrder.State

PURCHASE_ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SENT, S.CANCELLED}),
    # Once goods arrive the order is settled by receiving the rest, never cancelled.
    S.SENT: frozenset({S.PARTIALLY_RECEIVED, S.RECEIVED, S.CANCELLED}),
    S.PARTIALLY_RECEIVED: frozenset({S.PARTIALLY_RECEIVED, S.RECEIVED}),
    S.RECEIVED: frozenset(),
    S.CANCELLED: frozenset(),
}
EVENTS: dict[str, PurchasingEvent] = {
    S.SENT: PurchasingEvent.SENT,
    S.PARTIALLY_RECEIVED: PurchasingEvent.PARTIALLY_RECEIVED,
    S.RECEIVED: PurchasingEvent.RECEIVED,
    S.CANCELLED: PurchasingEvent.CANCELLED,
}
TIMESTAMPS: dict[str, str] = {
    S.SENT: "sent_at",
    S.RECEIVED: "received_at",
    S.CANCELLED: "cancelled_at",
}


def purchase_order_check_transition(order: PurchaseOrder, target: str) -> None:
    if target not in PURCHASE_ORDER_TRANSITIONS[order.state]:
        raise IllegalTransition(str(order.state), str(target))


def purchase_order_transition(
    order: PurchaseOrder,
    target: str,
    *,
    actor: Actor,
    data: dict[str, Any] | None = None,
    fields: Sequence[str] = (),
) -> None:
    """Move a locked ``order`` to ``target`` (refused with ILLEGAL_TRANSITION before anything
    is saved) and audit it. Staying partially received is a move too (another delivery): it
    is saved but not audited again."""
    purchase_order_check_transition(order, target)
    before = order.state
    now = timezone.now()
    order.state = target
    order.updated_at = now
    stamp = TIMESTAMPS.get(target)
    if stamp:
        setattr(order, stamp, now)
    order.save(
        update_fields=["state", "updated_at", *([stamp] if stamp else []), *fields],
    )
    if before == target:
        return
    audit_record(
        tenant_id=order.tenant_id,
        subject=order,
        verb=EVENTS[target],
        actor=actor,
        data={"from": str(before), "to": str(target), **(data or {})},
    )
