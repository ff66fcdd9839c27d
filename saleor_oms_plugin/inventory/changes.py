"""Who wants to know that stock levels changed: a listener registry, told after commit.

Every change goes through :func:`ledger.stock_change`, which calls :func:`stock_changed`. The
listeners (outbound available-to-sell feeds, replenishment alerts…) run only once the writer's
transaction has committed, and hear once per transaction about every row it changed: a feed of
2,000 lines is one notification, not 2,000. A transaction that rolls back announces nothing; a
change inside a savepoint that rolled back may still be announced with the rest, which is
harmless because listeners re-read the rows. Listeners should be cheap: mark what is dirty and
schedule a debounced task, not do the work inline.
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


class _Batch:
    """The rows one transaction changed, announced together by one on-commit callback."""

    def __init__(self) -> None:
        self.stock_ids: dict[int, set[int]] = {}
        self.flushed = False

    def add(self, tenant_id: int, stock_ids: frozenset[int]) -> None:
        self.stock_ids.setdefault(tenant_id, set()).update(stock_ids)

    def flush(self) -> None:
        self.flushed = True
        batches, self.stock_ids = self.stock_ids, {}
        for tenant_id, stock_ids in batches.items():
            _notify(tenant_id, frozenset(stock_ids))


def stock_changed(*, tenant_id: int, stock_ids: Iterable[int]) -> None:
    """Tell every listener about ``stock_ids`` once the current transaction commits."""
    changed = frozenset(stock_ids)
    if not changed or not _LISTENERS:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _notify(tenant_id, changed)
        return
    batch = getattr(connection, "_oms_stock_batch", None)
    if batch is None or batch.flushed or not _registered(connection, batch):
        # A new transaction, or the savepoint that registered the last batch rolled back.
        batch = _Batch()
        connection._oms_stock_batch = batch  # type: ignore[attr-defined]
        transaction.on_commit(batch.flush)
    batch.add(tenant_id, changed)


def _registered(connection: object, batch: _Batch) -> bool:
    """Whether ``batch`` still waits for this transaction's commit (Django keeps pending
    callbacks as ``(savepoint ids, callable, robust)`` and drops those of rolled-back
    savepoints)."""
    pending = getattr(connection, "run_on_commit", [])
    return any(entry[1] == batch.flush for entry in pending)


def _notify(tenant_id: int, stock_ids: frozenset[int]) -> None:
    for listener in list(_LISTENERS):
        try:
            listener(tenant_id, stock_ids)
        except Exception:
            # One listener's failure must not cost the others their notification; the
            # periodic sweeps of each listener catch up on anything missed.
            logger.exception("stock change listener %r failed", listener)


ChannelListener = Callable[[int], None]
"""Called with ``tenant_id`` after a transaction that changed which locations serve one of the
tenant's channels committed."""

_CHANNEL_LISTENERS: list[ChannelListener] = []


def channel_changes_listen(listener: ChannelListener) -> None:
    """Register ``listener`` (from an AppConfig.ready); registering twice is a no-op."""
    if listener not in _CHANNEL_LISTENERS:
        _CHANNEL_LISTENERS.append(listener)


def channel_locations_changed(*, tenant_id: int) -> None:
    """Tell every channel listener once the current transaction commits."""

    def notify() -> None:
        for listener in list(_CHANNEL_LISTENERS):
            try:
                listener(tenant_id)
            except Exception:
                logger.exception("channel change listener %r failed", listener)

    transaction.on_commit(notify)
