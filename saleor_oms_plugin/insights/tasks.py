"""Celery tasks of the insights domain: ids in, one service call, safe to run again."""

from __future__ import annotations

from celery import shared_task

from saleor_oms_plugin.insights.rebuild import rollups_rebuild


@shared_task(acks_late=True)
def insights_rollups_rebuild(tenant_id: int) -> int:
    """Recompute every rollup row of the tenant (after its reporting time zone changed)."""
    return rollups_rebuild(tenant_id=tenant_id)
