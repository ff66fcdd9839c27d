"""What the delivery domain records: changes to delivery services and location calendars."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class DeliveryEvent(DomainEvent):
    SERVICE_SAVED = "delivery_service.saved"
    SERVICE_DELETED = "delivery_service.deleted"
    CALENDAR_UPDATED = "location.delivery_calendar_updated"
    # a rule trigger: an order's promised ship date's cut-off passed with parcels still to send
    PROMISE_AT_RISK = "order.promise_at_risk"
    ORDER_DELIVERED = "order.delivered_recorded"
    # the promised ship date was kept (everything shipped by it) or broken
    SHIP_PROMISE_KEPT = "order.ship_promise_kept"
    SHIP_PROMISE_BROKEN = "order.ship_promise_broken"
