"""What can trigger a rule: domain events (ours, not Saleor's spelling) or the schedule.

Saleor events map onto domain events here; other domains (returns, inventory) register their
own events with :func:`register_trigger` and publish them with ``tasks.publish_event``.
"""

from __future__ import annotations

from saleor_oms_plugin.rules.fields import Subject

SCHEDULE = "schedule"

_TRIGGERS: dict[str, Subject] = {
    "order.created": Subject.ORDER,
    "order.confirmed": Subject.ORDER,
    "order.paid": Subject.ORDER,
    "order.updated": Subject.ORDER,
    "order.fulfilled": Subject.ORDER,
    "order.cancelled": Subject.ORDER,
    "fulfillment.created": Subject.ORDER,
    "fulfillment.cancelled": Subject.ORDER,
    # Published by the returns domain once it exists.
    "return.requested": Subject.ORDER,
    "return.approved": Subject.ORDER,
    "return.received": Subject.ORDER,
    # Published by the replenishment domain when a stock alert opens (Saleor has no low-stock
    # event; its out-of-stock event maps onto stock.out too).
    "stock.low": Subject.STOCK,
    "stock.out": Subject.STOCK,
    SCHEDULE: Subject.ORDER,
}

SALEOR_EVENTS: dict[str, str] = {
    "ORDER_CREATED": "order.created",
    "ORDER_CONFIRMED": "order.confirmed",
    "ORDER_FULLY_PAID": "order.paid",
    "ORDER_UPDATED": "order.updated",
    "ORDER_FULFILLED": "order.fulfilled",
    "ORDER_CANCELLED": "order.cancelled",
    "FULFILLMENT_CREATED": "fulfillment.created",
    "FULFILLMENT_CANCELED": "fulfillment.cancelled",
    "PRODUCT_VARIANT_OUT_OF_STOCK": "stock.out",
}


def register_trigger(name: str, subject: Subject) -> None:
    """A later domain event rules may react to (call from an AppConfig.ready)."""
    _TRIGGERS[name] = subject


def trigger_subject(name: str) -> Subject | None:
    return _TRIGGERS.get(name)


def trigger_names() -> list[str]:
    return sorted(_TRIGGERS)
