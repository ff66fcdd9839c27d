"""Row locks of availability: subscriptions, their deliveries and the dirty-variant queue."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from saleor_oms_plugin.availability.models import (
    AvailabilityDelivery,
    AvailabilitySubscription,
    DirtyAvailability,
)


def lock_subscription(tenant_id: int, subscription_id: int) -> AvailabilitySubscription | None:
    """The tenant's subscription ``subscription_id``, locked FOR UPDATE; None if there is none."""
    return (
        AvailabilitySubscription.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=subscription_id)
        .first()
    )


def lock_active_subscription(subscription_id: int) -> AvailabilitySubscription | None:
    """Subscription ``subscription_id`` if it is active, locked FOR UPDATE; else None."""
    return (
        AvailabilitySubscription.objects.select_for_update()
        .filter(pk=subscription_id, is_active=True)
        .first()
    )


def lock_dirty_variant_ids(tenant_id: int, limit: int) -> list[str]:
    """Claim up to ``limit`` of the tenant's dirty variants: their ids, in variant order, with
    the queue rows locked. Rows another push holds are skipped, never waited for (so this claim
    cannot deadlock and keeps the queue's variant order rather than primary-key order)."""
    return list(
        DirtyAvailability.objects.select_for_update(skip_locked=True)
        .filter(tenant_id=tenant_id)
        .order_by("variant_id")
        .values_list("variant_id", flat=True)[:limit]
    )


def lock_delivery_to_send(delivery_id: int, now: datetime) -> AvailabilityDelivery | None:
    """Delivery ``delivery_id`` if it is pending and not leased at ``now``, with its
    subscription and tenant, all three locked FOR UPDATE; None otherwise, or when another
    attempt holds it (skipped, never waited for)."""
    return (
        AvailabilityDelivery.objects.select_for_update(skip_locked=True)
        .select_related("subscription", "tenant")
        .filter(pk=delivery_id, state=AvailabilityDelivery.State.PENDING)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .first()
    )


def lock_delivery(tenant_id: int, delivery_id: int) -> AvailabilityDelivery | None:
    """The tenant's delivery ``delivery_id``, locked FOR UPDATE; None if there is none."""
    return (
        AvailabilityDelivery.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=delivery_id)
        .first()
    )
