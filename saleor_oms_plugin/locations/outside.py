"""Outside locations (stores, 3PLs, marketplace-held stock): created and archived by staff.

Saleor knows nothing of them, so nothing here talks to Saleor and Saleor's sync never touches
them (it only ever addresses locations by their Saleor id, which these lack). Archiving keeps
the row (history and stock refer to it) and takes it out of every choice, like a warehouse
deleted in Saleor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.locations.errors import LocationError, LocationErrorCode
from saleor_oms_plugin.locations.events import LocationEvent
from saleor_oms_plugin.locations.geocoding import location_place
from saleor_oms_plugin.locations.locks import lock_location
from saleor_oms_plugin.locations.models import Location

Kind = Location.Kind
OUTSIDE_KINDS = frozenset({Kind.STORE, Kind.THIRD_PARTY_LOGISTICS, Kind.MARKETPLACE})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class OutsideLocationData:
    """What staff may set; ``None`` leaves a field as it is (on update)."""

    name: str | None = None
    slug: str | None = None
    kind: str | None = None
    email: str | None = None
    company_name: str | None = None
    street_address_1: str | None = None
    street_address_2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    country_area: str | None = None
    phone: str | None = None
    # A manual position (see locations.geocoding); without one the address is geocoded.
    latitude: float | None = None
    longitude: float | None = None

    def given(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if "name" in values and not 0 < len(values["name"]) <= 255:
        raise LocationError(LocationErrorCode.INVALID, "A name of 1-255 characters.", field="name")
    if "slug" in values and not _SLUG.match(values["slug"]):
        raise LocationError(
            LocationErrorCode.INVALID,
            "A slug of lowercase letters, digits, '-' and '_' (at most 100).",
            field="slug",
        )
    if "kind" in values and values["kind"] not in OUTSIDE_KINDS:
        raise LocationError(
            LocationErrorCode.INVALID,
            "Kind must be STORE, THIRD_PARTY_LOGISTICS or MARKETPLACE.",
            field="kind",
        )
    if "country" in values:
        values["country"] = values["country"].upper()
        if values["country"] and not re.fullmatch(r"[A-Z]{2}", values["country"]):
            raise LocationError(
                LocationErrorCode.INVALID, "An ISO 3166-1 alpha-2 code.", field="country"
            )
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = values.get(name)
        if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
            raise LocationError(
                LocationErrorCode.INVALID_COORDINATES,
                f"{name.capitalize()} must be between -{limit} and {limit}.",
                field=name,
            )
    # Coordinates given by staff are a manual position: they win over the geocoded address.
    for name in ("latitude", "longitude"):
        if name in values:
            values[f"manual_{name}"] = values.pop(name)
    return values


def _coordinates_paired(location: Location) -> None:
    if (location.manual_latitude is None) != (location.manual_longitude is None):
        raise LocationError(
            LocationErrorCode.INVALID_COORDINATES,
            "Give latitude and longitude together.",
            field="latitude",
        )


def outside_location_create(*, tenant_id: int, data: OutsideLocationData, actor: Actor) -> Location:
    values = _validated(data.given())
    for required in ("name", "slug", "kind"):
        if required not in values:
            raise LocationError(
                LocationErrorCode.INVALID, f"{required} is required.", field=required
            )
    location = Location(
        tenant_id=tenant_id, saleor_id="", source_issued_at=timezone.now(), **values
    )
    _coordinates_paired(location)
    location_place(location)
    try:
        with transaction.atomic():
            location.save()
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb=LocationEvent.CREATED,
                actor=actor,
                data={"kind": location.kind, "slug": location.slug},
            )
    except IntegrityError:
        raise LocationError(
            LocationErrorCode.SLUG_IN_USE, f"Slug {location.slug!r} is taken.", field="slug"
        ) from None
    return location


def _locked_outside(tenant_id: int, location_id: int) -> Location:
    location = lock_location(tenant_id, location_id)
    if location is None:
        raise LocationError(LocationErrorCode.LOCATION_NOT_FOUND, "No such location.", field="id")
    if location.is_saleor_warehouse:
        raise LocationError(
            LocationErrorCode.SALEOR_WAREHOUSE,
            "Saleor's warehouses are changed in Saleor.",
            field="id",
        )
    return location


def outside_location_update(
    *, tenant_id: int, location_id: int, data: OutsideLocationData, actor: Actor
) -> Location:
    values = _validated(data.given())
    try:
        with transaction.atomic():
            location = _locked_outside(tenant_id, location_id)
            before = {name: getattr(location, name) for name in values}
            for name, value in values.items():
                setattr(location, name, value)
            _coordinates_paired(location)
            # A changed address is geocoded anew (unless a manual position pins it).
            location_place(location)
            location.save()
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb=LocationEvent.UPDATED,
                actor=actor,
                data={"before": before, "after": values},
            )
    except IntegrityError:
        raise LocationError(
            LocationErrorCode.SLUG_IN_USE, f"Slug {values.get('slug')!r} is taken.", field="slug"
        ) from None
    return location


def outside_location_archive(
    *, tenant_id: int, location_id: int, actor: Actor, archived: bool = True
) -> Location:
    """Archive (or with ``archived=False`` restore) an outside location."""
    with transaction.atomic():
        location = _locked_outside(tenant_id, location_id)
        if location.is_deleted != archived:
            location.is_deleted = archived
            location.save(update_fields=["is_deleted", "synced_at"])
            audit_record(
                tenant_id=tenant_id,
                subject=location,
                verb=LocationEvent.ARCHIVED if archived else LocationEvent.RESTORED,
                actor=actor,
            )
    return location
