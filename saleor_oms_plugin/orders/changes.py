"""Who wants to know that an order of the read model changed: a listener registry.

:func:`order_changed` is called by the writes of the read model (``services``) whenever an
order, its lines or its fulfilments were written. The listeners run in the writer's
transaction, with the order locked, so what they write commits (or rolls back) with the
change; they must be cheap and must not fail the writer. A payload found stale announces
nothing, unless it still moved what it may (an earlier ``paid_at``). Domains above the read model (insights) register here from their ``AppConfig.ready``
instead of being imported from below.
"""

from __future__ import annotations

from collections.abc import Callable

OrderListener = Callable[[int, int], None]
"""Called with ``(tenant_id, order_id)`` after the order's rows were written."""

_LISTENERS: list[OrderListener] = []


def order_changes_listen(listener: OrderListener) -> None:
    """Register ``listener`` (from an AppConfig.ready); registering twice is a no-op."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def order_changed(*, tenant_id: int, order_id: int) -> None:
    """Tell every listener that the order ``order_id`` was written."""
    for listener in list(_LISTENERS):
        listener(tenant_id, order_id)
