"""Tenant-scoped reads of the delivery settings."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar


def delivery_service_list(*, tenant_id: int) -> QuerySet[DeliveryService]:
    return DeliveryService.objects.filter(tenant_id=tenant_id)


def delivery_service_get(*, tenant_id: int, code: str) -> DeliveryService | None:
    return delivery_service_list(tenant_id=tenant_id).filter(code=code).first()


def delivery_calendar_list(*, tenant_id: int) -> QuerySet[LocationDeliveryCalendar]:
    return LocationDeliveryCalendar.objects.filter(tenant_id=tenant_id).select_related("location")
