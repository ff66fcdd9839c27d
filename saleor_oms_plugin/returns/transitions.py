"""The allowed status changes of a return. Anything else is refused, changing nothing."""

from __future__ import annotations

from saleor_oms_plugin.returns.errors import IllegalTransition
from saleor_oms_plugin.returns.models import ReturnRequest

R = ReturnRequest.Status

RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    R.REQUESTED: frozenset({R.APPROVED, R.REJECTED, R.CANCELLED}),
    # A parcel may arrive without a tracking update: received straight from approved.
    R.APPROVED: frozenset({R.IN_TRANSIT, R.RECEIVED, R.CANCELLED}),
    R.IN_TRANSIT: frozenset({R.RECEIVED, R.CANCELLED}),
    # Once goods are in hand the return is settled, never cancelled.
    R.RECEIVED: frozenset({R.INSPECTED}),
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
