"""Changes staff make: reorder settings per variant and location, acknowledging alerts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.inventory.services import MAX_QUANTITY
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.replenishment.error_codes import ReplenishmentErrorCode as Code
from saleor_oms_plugin.replenishment.errors import ReplenishmentError
from saleor_oms_plugin.replenishment.events import ReplenishmentEvent
from saleor_oms_plugin.replenishment.locks import lock_alert
from saleor_oms_plugin.replenishment.models import ReplenishmentSetting, StockAlert
from saleor_oms_plugin.replenishment.refresh import on_stock_changes

MAX_LEAD_TIME_DAYS = 3650


@dataclass(frozen=True)
class SettingInput:
    location_id: int
    variant_id: str
    reorder_point: int
    target_level: int
    lead_time_days: int = 0
    on_order: int = 0
    supplier: str = ""
    notes: str = ""


def _check(data: SettingInput) -> None:
    for name in ("reorder_point", "target_level", "on_order"):
        value = getattr(data, name)
        if not 0 <= value <= MAX_QUANTITY:
            raise ReplenishmentError(
                Code.INVALID_QUANTITY, "Between 0 and 1,000,000,000.", field=name
            )
    if not 0 <= data.lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise ReplenishmentError(
            Code.INVALID_QUANTITY, "Between 0 and 3650 days.", field="lead_time_days"
        )
    if data.target_level < data.reorder_point:
        raise ReplenishmentError(
            Code.INVALID_TARGET,
            "The target level is below the reorder point.",
            field="target_level",
        )
    if not data.variant_id.strip():
        raise ReplenishmentError(Code.INVALID_QUANTITY, "A variant ID.", field="variant_id")


def setting_set(*, tenant_id: int, data: SettingInput, actor: Actor) -> ReplenishmentSetting:
    """Create or replace the setting of a variant at a location; alerts follow at once."""
    _check(data)
    if not Location.objects.filter(
        tenant_id=tenant_id, pk=data.location_id, is_deleted=False
    ).exists():
        raise ReplenishmentError(Code.LOCATION_NOT_FOUND, "No such location.", field="location_id")
    with transaction.atomic():
        setting, created = ReplenishmentSetting.objects.update_or_create(
            tenant_id=tenant_id,
            location_id=data.location_id,
            variant_id=data.variant_id,
            defaults={
                "reorder_point": data.reorder_point,
                "target_level": data.target_level,
                "lead_time_days": data.lead_time_days,
                "on_order": data.on_order,
                "supplier": data.supplier[:255],
                "notes": data.notes,
            },
        )
        audit_record(
            tenant_id=tenant_id,
            subject=setting,
            verb=ReplenishmentEvent.SETTING_CREATED
            if created
            else ReplenishmentEvent.SETTING_UPDATED,
            actor=actor,
            data={
                "location": data.location_id,
                "variant": data.variant_id,
                "reorder_point": data.reorder_point,
                "target": data.target_level,
                "lead_time_days": data.lead_time_days,
                "on_order": data.on_order,
            },
        )
        _recheck(tenant_id, data.location_id, data.variant_id)
    return setting


def setting_delete(*, tenant_id: int, pk: int, actor: Actor) -> None:
    with transaction.atomic():
        setting = ReplenishmentSetting.objects.filter(tenant_id=tenant_id, pk=pk).first()
        if setting is None:
            raise ReplenishmentError(Code.SETTING_NOT_FOUND, "No such setting.", field="id")
        audit_record(
            tenant_id=tenant_id,
            subject=setting,
            verb=ReplenishmentEvent.SETTING_DELETED,
            actor=actor,
            data={"location": setting.location_id, "variant": setting.variant_id},
        )
        setting.delete()
        _recheck(tenant_id, setting.location_id, setting.variant_id)


def _recheck(tenant_id: int, location_id: int, variant_id: str) -> None:
    """The thresholds moved: the stock level's alerts are re-evaluated after commit."""
    ids = frozenset(
        StockLevel.objects.filter(
            tenant_id=tenant_id, location_id=location_id, variant_id=variant_id
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: on_stock_changes(tenant_id, ids))


def alert_acknowledge(*, tenant_id: int, pk: int, actor: Actor) -> StockAlert:
    """Staff saw the alert: it stays until the stock recovers, but no longer as new."""
    with transaction.atomic():
        alert = lock_alert(tenant_id, pk)
        if alert is None:
            raise ReplenishmentError(Code.ALERT_NOT_FOUND, "No such alert.", field="id")
        if alert.state == StockAlert.State.RESOLVED:
            raise ReplenishmentError(
                Code.ALERT_RESOLVED, "The alert is resolved already.", field="id"
            )
        if alert.state == StockAlert.State.OPEN:
            alert.state = StockAlert.State.ACKNOWLEDGED
            alert.acknowledged_at, alert.acknowledged_by = timezone.now(), actor.id or actor.type
            alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
            audit_record(
                tenant_id=tenant_id,
                subject=alert,
                verb=ReplenishmentEvent.ALERT_ACKNOWLEDGED,
                actor=actor,
                data={"kind": alert.kind, "stock": alert.stock_id},
            )
    return alert
