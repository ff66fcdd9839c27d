"""What the delivery domain records: changes to delivery services and location calendars."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class DeliveryEvent(DomainEvent):
    SERVICE_SAVED = "delivery_service.saved"
    SERVICE_DELETED = "delivery_service.deleted"
    CALENDAR_UPDATED = "location.delivery_calendar_updated"
