"""Writes to the location read model, versioned by the issue time of the payload, and the
manual position staff may give any location.

Only Saleor warehouses are written from payloads here; outside locations have their own
services (``outside.py``) and a Saleor id never matches one (theirs is empty)."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import datetime

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.locations.errors import LocationError, LocationErrorCode
from saleor_oms_plugin.locations.events import LocationEvent
from saleor_oms_plugin.locations.geocoding import (
    Placement,
    address_geocode,
    location_address,
    location_place,
    placement_data,
)
from saleor_oms_plugin.locations.locks import (
    lock_location,
    lock_or_create_saleor_warehouse,
    lock_saleor_warehouse,
)
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import LocationData


def location_apply_payload(
    *, tenant_id: int, data: LocationData, issued_at: datetime
) -> ApplyOutcome:
    """Create or update a warehouse from Saleor's payload, placing it again: a changed address
    is geocoded anew (unless metadata or a manual position places it)."""
    values = asdict(data)
    values.pop("saleor_id")
    # Coordinates are resolved below (manual > metadata > address), never taken as sent.
    values.pop("latitude")
    values.pop("longitude")
    geocoded = _geocoded(data)
    with transaction.atomic():
        location, created = lock_or_create_saleor_warehouse(
            tenant_id, data.saleor_id, create={"source_issued_at": issued_at, **values}
        )
        if created:
            if location_place(location, geocoded=geocoded):
                location.save(update_fields=["latitude", "longitude", "coordinates_source"])
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb=LocationEvent.RECEIVED,
                actor=Actor.saleor(),
                data={"name": data.name, "coordinates": placement_data(location)},
            )
            return ApplyOutcome.CREATED
        if issued_at <= location.source_issued_at:
            return ApplyOutcome.STALE
        before = placement_data(location)
        for name, value in values.items():
            setattr(location, name, value)
        location.source_issued_at = issued_at
        location.is_deleted = False
        moved = location_place(location, geocoded=geocoded)
        location.save()
        if moved:
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb=LocationEvent.PLACED,
                actor=Actor.saleor(),
                data={"before": before, "after": placement_data(location)},
            )
        return ApplyOutcome.UPDATED


def _geocoded(data: LocationData) -> Placement | None:
    """The payload's address placed before the transaction (the first call loads packaged data:
    not while holding a row lock). None when metadata places the warehouse anyway."""
    if data.latitude is not None and data.longitude is not None:
        return None
    return address_geocode(
        location_address(
            country=data.country,
            postal_code=data.postal_code,
            city=data.city,
            country_area=data.country_area,
        )
    )


def _lock_any(tenant_id: int, location_id: int) -> Location:
    location = lock_location(tenant_id, location_id)
    if location is None:
        raise LocationError(LocationErrorCode.LOCATION_NOT_FOUND, "No such location.", field="id")
    return location


def _checked(latitude: float, longitude: float) -> None:
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if not (math.isfinite(value) and -limit <= value <= limit):
            raise LocationError(
                LocationErrorCode.INVALID_COORDINATES,
                f"{name.capitalize()} must be between -{limit} and {limit}.",
                field=name,
            )


_PLACEMENT_FIELDS = [
    "manual_latitude",
    "manual_longitude",
    "latitude",
    "longitude",
    "coordinates_source",
    "synced_at",
]


def _manual_position_store(
    *,
    tenant_id: int,
    location_id: int,
    position: tuple[float, float] | None,
    verb: LocationEvent,
    actor: Actor,
) -> Location:
    """Set (or with None clear) the manual position, place the location again and audit it.
    Clearing a location without one changes nothing and records nothing."""
    with transaction.atomic():
        location = _lock_any(tenant_id, location_id)
        unpinned = location.manual_latitude is None and location.manual_longitude is None
        if position is None and unpinned:
            return location
        before = placement_data(location)
        location.manual_latitude, location.manual_longitude = position or (None, None)
        location_place(location)
        location.save(update_fields=_PLACEMENT_FIELDS)
        audit_record(
            tenant_id=tenant_id,
            subject=location,
            verb=verb,
            actor=actor,
            data={"before": before, "after": placement_data(location)},
        )
    return location


def location_coordinates_set(
    *, tenant_id: int, location_id: int, latitude: float, longitude: float, actor: Actor
) -> Location:
    """Pin a location (any kind) to a position by hand: it overrides the warehouse metadata and
    the geocoded address until cleared."""
    _checked(latitude, longitude)
    return _manual_position_store(
        tenant_id=tenant_id,
        location_id=location_id,
        position=(latitude, longitude),
        verb=LocationEvent.COORDINATES_SET,
        actor=actor,
    )


def location_coordinates_clear(*, tenant_id: int, location_id: int, actor: Actor) -> Location:
    """Remove the manual position: the location is placed by its metadata or address again."""
    return _manual_position_store(
        tenant_id=tenant_id,
        location_id=location_id,
        position=None,
        verb=LocationEvent.COORDINATES_CLEARED,
        actor=actor,
    )


def location_mark_deleted(*, tenant_id: int, saleor_id: str, issued_at: datetime) -> ApplyOutcome:
    """Keep deleted warehouses (history refers to them) but take them out of every choice."""
    with transaction.atomic():
        location = lock_saleor_warehouse(tenant_id, saleor_id)
        if location is None:
            return ApplyOutcome.DEFERRED
        if issued_at <= location.source_issued_at or location.is_deleted:
            return ApplyOutcome.STALE
        location.is_deleted = True
        location.source_issued_at = issued_at
        location.save(update_fields=["is_deleted", "source_issued_at", "synced_at"])
        audit_record(
            tenant_id=tenant_id, subject=location, verb=LocationEvent.DELETED, actor=Actor.saleor()
        )
        return ApplyOutcome.UPDATED
