"""What happens to an order: the audit verbs of the read model, and the rule triggers
Saleor's order and fulfilment events map onto (``rules.triggers.SALEOR_EVENTS``)."""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class OrderEvent(DomainEvent):
    # Audit verbs of the order read model.
    RECEIVED = "order.received"
    STATUS_CHANGED = "order.status_changed"
    FULFILLMENT_STATUS_CHANGED = "fulfillment.status_changed"
    # An audit verb and a rule trigger (ORDER_FULLY_PAID).
    PAID = "order.paid"
    # Rule triggers from Saleor's webhooks.
    CREATED = "order.created"
    CONFIRMED = "order.confirmed"
    UPDATED = "order.updated"
    FULFILLED = "order.fulfilled"
    CANCELLED = "order.cancelled"
    FULFILLMENT_CREATED = "fulfillment.created"
    FULFILLMENT_CANCELLED = "fulfillment.cancelled"
