"""Queueing stored deliveries for processing, off the request path and in batches.

Publishing a Celery message costs about as much CPU as the rest of a webhook request. So the
request only hands the delivery id to this process's dispatcher thread, which publishes one
``process_deliveries`` task per batch of ids that arrived meanwhile: one message per delivery
when traffic is light, far fewer under load. Nothing depends on the thread for safety: the
delivery is already committed, and if the process dies before publishing, the periodic sweep
queues whatever is still pending.
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

from saleor_oms_plugin.webhooks.scheduling import deliveries_process_now

logger = logging.getLogger(__name__)

MAX_BATCH = 100


class DeliveryDispatcher:
    def __init__(self, max_batch: int = MAX_BATCH, *, background: bool = True) -> None:
        """``background=False`` only queues: ``flush()`` publishes (shutdown hooks, tests)."""
        self.max_batch = max_batch
        self.background = background
        self._queue: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def submit(self, delivery_id: int) -> None:
        if current_app.conf.task_always_eager:
            # Embedded mode and most tests: process right here, as eager tasks do.
            _publish([delivery_id])
            return
        if self.background:
            self._ensure_thread()
        self._queue.put(delivery_id)

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


def _publish(delivery_ids: list[int]) -> None:
    deliveries_process_now(delivery_ids=delivery_ids)


def _publish_safely(delivery_ids: list[int]) -> None:
    try:
        _publish(delivery_ids)
    except (CeleryError, KombuError, OSError):
        # The deliveries are stored; the sweep will queue them once the broker is back.
        logger.warning("could not queue deliveries %s; the sweep will", delivery_ids, exc_info=True)


delivery_dispatcher = DeliveryDispatcher()
atexit.register(delivery_dispatcher.flush)
