"""Tenant-scoped reads of the location read model."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.locations.models import Location


def location_list(
    *,
    tenant_id: int,
    search: str | None = None,
    include_deleted: bool = False,
    kinds: list[str] | None = None,
) -> QuerySet[Location]:
    """By name (the model's ordering); deleted (in Saleor) or archived ones only when asked."""
    locations = Location.objects.filter(tenant_id=tenant_id)
    if kinds:
        locations = locations.filter(kind__in=kinds)
    if not include_deleted:
        locations = locations.filter(is_deleted=False)
    if search:
        locations = locations.filter(name__icontains=search.strip())
    return locations


def location_get(
    *, tenant_id: int, pk: int | None = None, saleor_id: str | None = None
) -> Location | None:
    locations = Location.objects.filter(tenant_id=tenant_id)
    if pk is not None:
        locations = locations.filter(pk=pk)
    if saleor_id is not None:
        locations = locations.saleor_warehouses().filter(saleor_id=saleor_id)
    return locations.first()
