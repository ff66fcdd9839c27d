"""How replenishment's services hand work to its Celery tasks: by name, once per tenant and window.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue, enqueue_debounced

REPLENISHMENT_REFRESH = "saleor_oms_plugin.replenishment.tasks.replenishment_refresh"
REPLENISHMENT_FORECAST_TENANT = (
    "saleor_oms_plugin.replenishment.tasks.replenishment_forecast_tenant"
)


def refresh_debounced(*, tenant_id: int, seconds: int) -> bool:
    """Bring the tenant's dirty stock levels' velocity and alerts up to date ``seconds`` from
    now."""
    return enqueue_debounced(
        REPLENISHMENT_REFRESH, tenant_id=tenant_id, key="replenishment:refresh", seconds=seconds
    )


def forecasts_refresh_now(*, tenant_id: int) -> None:
    """Recompute the tenant's demand forecasts (the daily beat fans out through this)."""
    enqueue(REPLENISHMENT_FORECAST_TENANT, tenant_id)
