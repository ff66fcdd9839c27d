"""What the availability domain records: subscriptions and the deliveries of their pushes."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class AvailabilityEvent(DomainEvent):
    SUBSCRIPTION_CREATED = "availability_subscription.created"
    SUBSCRIPTION_UPDATED = "availability_subscription.updated"
    SUBSCRIPTION_DELETED = "availability_subscription.deleted"
    DEAD_LETTERED = "availability.dead_lettered"
    REDELIVERED = "availability.redelivered"
