"""Queueing stored deliveries for processing, off the request path and fairly between tenants.

Publishing a Celery message costs about as much CPU as the rest of a webhook request. So the
request only hands the delivery's tenant to this process's dispatcher thread, which asks for a
*turn* (:mod:`~saleor_oms_plugin.core.turns`) for each tenant that had deliveries meanwhile: a
turn processes a slice of that tenant's pending deliveries, then queues the next at the back,
so a tenant's flood (an import, a webhook storm) waits behind other tenants' few deliveries
instead of ahead of them. While a tenant's turn is queued, its further deliveries publish
nothing. Nothing depends on the thread for safety: the delivery is already committed, and if
the process dies before publishing, the periodic sweep queues a turn for whatever is pending.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading

from celery import current_app
from celery.exceptions import CeleryError
from kombu.exceptions import KombuError

from saleor_oms_plugin.webhooks.scheduling import deliveries_process_now, deliveries_turn_request

logger = logging.getLogger(__name__)

MAX_BATCH = 100


class DeliveryDispatcher:
    def __init__(self, max_batch: int = MAX_BATCH, *, background: bool = True) -> None:
        """``background=False`` only queues: ``flush()`` publishes (shutdown hooks, tests)."""
        self.max_batch = max_batch
        self.background = background
        self._queue: queue.SimpleQueue[int] = queue.SimpleQueue()  # tenant ids
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def submit(self, delivery_id: int, *, tenant_id: int) -> None:
        if current_app.conf.task_always_eager:
            # Embedded mode and most tests: process right here, as eager tasks do.
            deliveries_process_now(delivery_ids=[delivery_id])
            return
        if self.background:
            self._ensure_thread()
        self._queue.put(tenant_id)

    def flush(self) -> None:
        """Publish whatever is waiting, in the calling thread (at exit, and in tests)."""
        batch = self._drain()
        while batch:
            _publish_safely(batch)
            batch = self._drain()

    def _ensure_thread(self) -> None:
        # Web servers fork their workers: each process needs its own thread.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._queue = queue.SimpleQueue()
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._run, name="oms-delivery-dispatcher", daemon=True
                )
                self._thread.start()

    def _drain(self, first: int | None = None) -> list[int]:
        batch = [] if first is None else [first]
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _run(self) -> None:
        while True:
            _publish_safely(self._drain(self._queue.get()))


def _publish_safely(tenant_ids: list[int]) -> None:
    for tenant_id in dict.fromkeys(tenant_ids):
        try:
            deliveries_turn_request(tenant_id=tenant_id)
        except (CeleryError, KombuError, OSError):
            # The deliveries are stored; the sweep queues a turn once the broker is back.
            logger.warning(
                "could not queue a turn of tenant %s; the sweep will", tenant_id, exc_info=True
            )


delivery_dispatcher = DeliveryDispatcher()
atexit.register(delivery_dispatcher.flush)
