"""How the webhooks' dispatcher hands stored deliveries to their Celery tasks, by name.

The task imports the processing, so the dispatcher never imports the tasks; it calls this.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue
from saleor_oms_plugin.core.turns import turn_request

PROCESS_DELIVERIES = "saleor_oms_plugin.webhooks.tasks.process_deliveries"
TAKE_DELIVERY_TURN = "saleor_oms_plugin.webhooks.tasks.take_delivery_turn"


def deliveries_process_now(*, delivery_ids: list[int]) -> None:
    """Process a batch of stored deliveries (now: eager in the embedded mode and the tests)."""
    enqueue(PROCESS_DELIVERIES, delivery_ids)


def deliveries_turn_request(*, tenant_id: int, force: bool = False) -> bool:
    """The tenant has pending deliveries: queue its turn unless one is queued already."""
    return turn_request(TAKE_DELIVERY_TURN, tenant_id=tenant_id, force=force)
