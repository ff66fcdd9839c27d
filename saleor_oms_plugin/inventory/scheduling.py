"""How inventory's services hand work to its Celery tasks: by name, once per tenant and window.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_debounced

INVENTORY_WRITE_BACK = "saleor_oms_plugin.inventory.tasks.inventory_write_back"
INVENTORY_RESYNC_DIRTY = "saleor_oms_plugin.inventory.tasks.inventory_resync_dirty"


def write_back_debounced(*, tenant_id: int, seconds: int) -> bool:
    """Send the tenant's open write-back intents to Saleor ``seconds`` from now."""
    return enqueue_debounced(
        INVENTORY_WRITE_BACK, tenant_id=tenant_id, key="inventory:write-back", seconds=seconds
    )


def dirty_variants_resync_debounced(*, tenant_id: int, seconds: int) -> bool:
    """Re-read the tenant's variants marked dirty ``seconds`` from now."""
    return enqueue_debounced(
        INVENTORY_RESYNC_DIRTY, tenant_id=tenant_id, key="inventory:resync", seconds=seconds
    )
