"""How capture hands work to its Celery tasks: by name, after the caller commits."""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue, enqueue_after_commit

SEND_CAPTURED_ORDERS = "saleor_oms_plugin.capture.tasks.send_captured_orders"


def captured_orders_send_after_commit(*, tenant_id: int) -> None:
    enqueue_after_commit(SEND_CAPTURED_ORDERS, tenant_id)


def captured_orders_send_later(*, tenant_id: int, countdown: float) -> None:
    enqueue(SEND_CAPTURED_ORDERS, tenant_id, countdown=countdown)
