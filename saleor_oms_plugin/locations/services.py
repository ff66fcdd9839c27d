"""Writes to the location read model, versioned by the issue time of the payload.

Only Saleor warehouses are written here; outside locations have their own services
(``outside.py``) and a Saleor id never matches one (theirs is empty)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.rows import lock_or_create
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import LocationData


def _lock(tenant_id: int, saleor_id: str) -> Location | None:
    return (
        Location.objects.select_for_update()
        .saleor_warehouses()
        .filter(tenant_id=tenant_id, saleor_id=saleor_id)
        .first()
    )


def location_apply_payload(
    *, tenant_id: int, data: LocationData, issued_at: datetime
) -> ApplyOutcome:
    values = asdict(data)
    values.pop("saleor_id")
    with transaction.atomic():
        location, created = lock_or_create(
            Location,
            lookup={"tenant_id": tenant_id, "saleor_id": data.saleor_id},
            create={"source_issued_at": issued_at, **values},
        )
        if created:
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb="location.received",
                actor=Actor.saleor(),
                data={"name": data.name},
            )
            return ApplyOutcome.CREATED
        if issued_at <= location.source_issued_at:
            return ApplyOutcome.STALE
        for name, value in values.items():
            setattr(location, name, value)
        location.source_issued_at = issued_at
        location.is_deleted = False
        location.save()
        return ApplyOutcome.UPDATED


def location_mark_deleted(*, tenant_id: int, saleor_id: str, issued_at: datetime) -> ApplyOutcome:
    """Keep deleted warehouses (history refers to them) but take them out of every choice."""
    with transaction.atomic():
        location = _lock(tenant_id, saleor_id)
        if location is None:
            return ApplyOutcome.DEFERRED
        if issued_at <= location.source_issued_at or location.is_deleted:
            return ApplyOutcome.STALE
        location.is_deleted = True
        location.source_issued_at = issued_at
        location.save(update_fields=["is_deleted", "source_issued_at", "synced_at"])
        audit_record(
            tenant_id=tenant_id, subject=location, verb="location.deleted", actor=Actor.saleor()
        )
        return ApplyOutcome.UPDATED
