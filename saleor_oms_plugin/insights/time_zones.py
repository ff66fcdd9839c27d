"""The tenant's reporting time zone (setting ``insights.time_zone``): the day an order counts
on. Changing it rebuilds the tenant's rollups (``rollups_rebuild_after_commit``), since every
row's day may move."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.insights.scheduling import rollups_rebuild_after_commit
from saleor_oms_plugin.tenants.settings_schema import settings_parse

SETTING = "insights.time_zone"


def reporting_time_zone(stored_settings: Any) -> str:
    """The time zone of a tenant's stored settings JSON (UTC unless set)."""
    return settings_parse(stored_settings).insights.time_zone


def on_settings_changed(tenant_id: int, paths: frozenset[str]) -> None:
    """The tenants' settings listener: a new reporting time zone rebuilds the rollups."""
    if SETTING in paths:
        rollups_rebuild_after_commit(tenant_id=tenant_id)
