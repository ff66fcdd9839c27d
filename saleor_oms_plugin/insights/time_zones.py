"""The tenant's reporting time zone (setting ``insights.time_zone``): the day an order counts
on, and the days, weeks and months the e-mailed reports cover. Changing it rebuilds the
tenant's rollups (``rollups_rebuild_after_commit``), since every row's day may move."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from saleor_oms_plugin.insights.scheduling import rollups_rebuild_after_commit
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.settings_schema import settings_parse

SETTING = "insights.time_zone"


def reporting_time_zone(stored_settings: Any) -> str:
    """The time zone of a tenant's stored settings JSON (UTC unless set)."""
    return settings_parse(stored_settings).insights.time_zone


def tenant_time_zone(tenant_id: int) -> str:
    """The tenant's reporting time zone, read from its stored settings (UTC unless set)."""
    stored = Tenant.objects.filter(pk=tenant_id).values_list("settings", flat=True).first()
    return reporting_time_zone(stored)


def local_date(instant: datetime, time_zone: str) -> date:
    """The day ``instant`` falls on in ``time_zone``."""
    return instant.astimezone(ZoneInfo(time_zone)).date()


def local_midnight(day: date, time_zone: str) -> datetime:
    """The instant ``day`` starts in ``time_zone``."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(time_zone))


def on_settings_changed(tenant_id: int, paths: frozenset[str]) -> None:
    """The tenants' settings listener: a new reporting time zone rebuilds the rollups."""
    if SETTING in paths:
        rollups_rebuild_after_commit(tenant_id=tenant_id)
