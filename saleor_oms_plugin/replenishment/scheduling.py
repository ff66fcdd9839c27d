"""How replenishment's services hand work to its Celery tasks: by name, once per tenant and window.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_debounced

REPLENISHMENT_REFRESH = "saleor_oms_plugin.replenishment.tasks.replenishment_refresh"


def refresh_debounced(*, tenant_id: int, seconds: int) -> bool:
    """Bring the tenant's dirty stock levels' velocity and alerts up to date ``seconds`` from
    now."""
    return enqueue_debounced(
        REPLENISHMENT_REFRESH, tenant_id=tenant_id, key="replenishment:refresh", seconds=seconds
    )
