"""Row locks of the delivery domain."""

from __future__ import annotations

from saleor_oms_plugin.core.locks import lock_or_create
from saleor_oms_plugin.delivery.models import (
    DeliveryService,
    LocationDeliveryCalendar,
    SoldPromise,
)
from saleor_oms_plugin.locations.models import Location


def lock_or_create_service(tenant_id: int, code: str) -> tuple[DeliveryService, bool]:
    return lock_or_create(DeliveryService, lookup={"tenant_id": tenant_id, "code": code}, create={})


def lock_service(tenant_id: int, code: str) -> DeliveryService | None:
    return (
        DeliveryService.objects.select_for_update().filter(tenant_id=tenant_id, code=code).first()
    )


def lock_or_create_calendar(
    tenant_id: int, location: Location
) -> tuple[LocationDeliveryCalendar, bool]:
    return lock_or_create(
        LocationDeliveryCalendar,
        lookup={"tenant_id": tenant_id, "location": location},
        create={},
    )


def lock_sold_promise(pk: int) -> SoldPromise | None:
    return SoldPromise.objects.select_for_update().filter(pk=pk).first()
