"""Who wants to know that stock levels changed: a listener registry, told after commit.

Every change goes through :func:`ledger.stock_change`, which calls :func:`stock_changed`. The
listeners (outbound available-to-sell feeds, replenishment alerts…) run only once the writer's
transaction has committed, so they never see a change that was rolled back. They should be
cheap: mark what is dirty and schedule a debounced task, not do the work inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

logger = logging.getLogger(__name__)

StockListener = Callable[[int, frozenset[int]], None]
"""Called with ``(tenant_id, stock_ids)`` after a transaction that changed them committed."""

_LISTENERS: list[StockListener] = []


def stock_changes_listen(listener: StockListener) -> None:
    """Register ``listener`` (from an AppConfig.ready); registering twice is a no-op."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def stock_changed(*, tenant_id: int, stock_ids: Iterable[int]) -> None:
    """Tell every listener about ``stock_ids`` once the current transaction commits."""
    changed = frozenset(stock_ids)
    if changed and _LISTENERS:
        transaction.on_commit(lambda: _notify(tenant_id, changed))


def _notify(tenant_id: int, stock_ids: frozenset[int]) -> None:
    for listener in list(_LISTENERS):
        try:
            listener(tenant_id, stock_ids)
        except Exception:
            # One listener's failure must not cost the others their notification; the
            # periodic sweeps of each listener catch up on anything missed.
            logger.exception("stock change listener %r failed", listener)
