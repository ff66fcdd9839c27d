"""How the webhooks' dispatcher hands stored deliveries to their Celery task, by name.

The task imports the processing, so the dispatcher never imports the tasks; it calls this.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue

PROCESS_DELIVERIES = "saleor_oms_plugin.webhooks.tasks.process_deliveries"


def deliveries_process_now(*, delivery_ids: list[int]) -> None:
    """Process a batch of stored deliveries (now: eager in the embedded mode and the tests)."""
    enqueue(PROCESS_DELIVERIES, delivery_ids)
