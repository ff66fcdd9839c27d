"""Row locks on locations: a writer of a location (a Saleor payload, staff placing it or
editing an outside location) holds its row until commit."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.core.locks import lock_or_create
from saleor_oms_plugin.locations.models import Location


def lock_location(tenant_id: int, location_id: int) -> Location | None:
    """The tenant's location ``location_id`` (of any kind), locked FOR UPDATE; None if none."""
    return Location.objects.select_for_update().filter(tenant_id=tenant_id, pk=location_id).first()


def lock_saleor_warehouse(tenant_id: int, saleor_id: str) -> Location | None:
    """The tenant's Saleor warehouse ``saleor_id``, locked FOR UPDATE; None if not synced."""
    return (
        Location.objects.select_for_update()
        .saleor_warehouses()
        .filter(tenant_id=tenant_id, saleor_id=saleor_id)
        .first()
    )


def lock_or_create_saleor_warehouse(
    tenant_id: int, saleor_id: str, *, create: dict[str, Any]
) -> tuple[Location, bool]:
    """The location of Saleor warehouse ``saleor_id``, locked, created from ``create`` if
    missing; and whether it was created."""
    return lock_or_create(
        Location, lookup={"tenant_id": tenant_id, "saleor_id": saleor_id}, create=create
    )
