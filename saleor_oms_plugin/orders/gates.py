"""Who may keep an order from being routed, and who routes it once nobody does: two registries.

Routing (``fulfilment``) asks :func:`routing_blocked` before it routes an order automatically;
a domain that must look at new orders first (``screening``) registers a gate here from its
``AppConfig.ready`` and, when it lets an order through, calls :func:`routing_gate_opened` in
its transaction, which tells the routing side (registered with
:func:`routing_gate_opened_listen`) to route the order if its trigger has passed meanwhile.
Neither side imports the other: both sit above the order read model, which owns the seam.
"""

from __future__ import annotations

from collections.abc import Callable

RoutingGate = Callable[[int, int], str | None]
"""Called with ``(tenant_id, order_id)``: why the order must not be routed yet, or None."""
GateOpenedListener = Callable[[int, int], None]
"""Called with ``(tenant_id, order_id)`` in the transaction that let the order through."""

_GATES: list[RoutingGate] = []
_OPENED: list[GateOpenedListener] = []


def routing_gate_register(gate: RoutingGate) -> None:
    """Register ``gate`` (from an AppConfig.ready); registering twice is a no-op."""
    if gate not in _GATES:
        _GATES.append(gate)


def routing_blocked(*, tenant_id: int, order_id: int) -> str | None:
    """The first reason a registered gate gives to keep the order from routing, or None."""
    for gate in list(_GATES):
        reason = gate(tenant_id, order_id)
        if reason:
            return reason
    return None


def routing_gate_opened_listen(listener: GateOpenedListener) -> None:
    """Hear that a gate let an order through (from an AppConfig.ready)."""
    if listener not in _OPENED:
        _OPENED.append(listener)


def routing_gate_opened(*, tenant_id: int, order_id: int) -> None:
    """A gate no longer blocks the order: tell the routing side (in the caller's transaction;
    listeners only schedule work after commit)."""
    for listener in list(_OPENED):
        listener(tenant_id, order_id)
