"""How the warehouse hands work to its Celery tasks: by name, after commit.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

AUTO_WAVE = "saleor_oms_plugin.warehouse.tasks.warehouse_auto_wave"
DIMENSIONS_IMPORT = "saleor_oms_plugin.warehouse.tasks.warehouse_dimensions_import"


def auto_wave_after_commit(*, tenant_id: int, location_id: int) -> None:
    """Make and release the location's next automatic wave once the caller commits."""
    enqueue_after_commit(AUTO_WAVE, tenant_id, location_id)


SHIP_IN_SALEOR = "saleor_oms_plugin.warehouse.tasks.warehouse_ship_in_saleor"


def ship_in_saleor_after_commit(*, tenant_id: int, release_id: int) -> None:
    """Have Saleor approve the release's fulfilment once the caller commits."""
    enqueue_after_commit(SHIP_IN_SALEOR, tenant_id, release_id)


def dimensions_import_after_commit(*, tenant_id: int, actor_type: str, actor_id: str) -> None:
    """Import the tenant's weights and dimensions from Saleor once the caller commits."""
    enqueue_after_commit(DIMENSIONS_IMPORT, tenant_id, actor_type, actor_id)
