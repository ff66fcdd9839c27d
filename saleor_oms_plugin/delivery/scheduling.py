"""How the delivery domain hands work to its Celery tasks, by name, after commit."""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

SOLD_PROMISE_REFRESH = "saleor_oms_plugin.delivery.tasks.delivery_sold_promise_refresh"


def sold_promise_refresh_after_commit(*, tenant_id: int, order_id: int) -> None:
    enqueue_after_commit(SOLD_PROMISE_REFRESH, tenant_id, order_id)
