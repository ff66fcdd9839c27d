"""How the insights domain hands work to its Celery tasks, by name, after commit."""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit

ROLLUPS_REBUILD = "saleor_oms_plugin.insights.tasks.insights_rollups_rebuild"


def rollups_rebuild_after_commit(*, tenant_id: int) -> None:
    enqueue_after_commit(ROLLUPS_REBUILD, tenant_id)
