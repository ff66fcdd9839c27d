"""Tenant-scoped reads of subscriptions and deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription


def subscription_list(*, tenant_id: int) -> QuerySet[AvailabilitySubscription]:
    return AvailabilitySubscription.objects.filter(tenant_id=tenant_id).order_by("name", "pk")


def subscription_get(*, tenant_id: int, pk: int) -> AvailabilitySubscription | None:
    return AvailabilitySubscription.objects.filter(tenant_id=tenant_id, pk=pk).first()


def delivery_list(
    *, tenant_id: int, state: str | None = None, subscription_id: int | None = None
) -> QuerySet[AvailabilityDelivery]:
    deliveries = AvailabilityDelivery.objects.filter(tenant_id=tenant_id).select_related(
        "subscription"
    )
    if state is not None:
        deliveries = deliveries.filter(state=state)
    if subscription_id is not None:
        deliveries = deliveries.filter(subscription_id=subscription_id)
    return deliveries.order_by("-pk")


def delivery_get(*, tenant_id: int, pk: int) -> AvailabilityDelivery | None:
    return AvailabilityDelivery.objects.filter(tenant_id=tenant_id, pk=pk).first()
