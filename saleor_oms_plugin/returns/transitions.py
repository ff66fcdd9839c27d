"""The allowed status changes of a return. Anything else is refused, changing nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.returns.errors import IllegalTransition
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.models import ReturnRequest

R = ReturnRequest.Status

RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    R.REQUESTED: frozenset({R.APPROVED, R.REJECTED, R.CANCELLED}),
    # A parcel may arrive without a tracking update: received straight from approved.
    R.APPROVED: frozenset({R.IN_TRANSIT, R.RECEIVED, R.CANCELLED}),
    R.IN_TRANSIT: frozenset({R.RECEIVED, R.CANCELLED}),
    # Once goods are in hand the return is settled, never cancelled.
    R.RECEIVED: frozenset({R.INSPECTED}),
    # Completed only once Saleor accepted the return (``saleor_sync``), never before.
    R.INSPECTED: frozenset({R.COMPLETED}),
    R.REJECTED: frozenset(),
    R.COMPLETED: frozenset(),
    R.CANCELLED: frozenset(),
}
# Requests whose units count as returned (or on their way) against an order line.
ACTIVE_STATUSES = frozenset(set(R) - {R.REJECTED, R.CANCELLED})


def return_check_transition(request: ReturnRequest, target: str) -> None:
    if target not in RETURN_TRANSITIONS[request.status]:
        raise IllegalTransition(str(request.status), str(target))


def return_transition(
    request: ReturnRequest,
    target: str,
    *,
    actor: Actor,
    data: dict[str, Any] | None = None,
    fields: Sequence[str] = (),
) -> None:
    """Move a locked ``request`` to ``target`` (refused with ILLEGAL_TRANSITION before anything
    is saved), audit it and publish the rule event ``return.<target>``."""
    return_check_transition(request, target)
    before = request.status
    request.status = target
    request.save(update_fields=["status", "updated_at", "auto_approved", *fields])
    event = ReturnEvent(f"return.{target}")
    audit_record(
        tenant_id=request.tenant_id,
        subject=request,
        verb=event,
        actor=actor,
        data={"from": str(before), "to": str(target), **(data or {})},
    )
    publish(tenant_id=request.tenant_id, event=event, order_id=request.order_id)
