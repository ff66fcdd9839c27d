"""What can trigger a rule: domain events (ours, not Saleor's spelling) or the schedule.

Saleor events map onto domain events here; other domains (returns, inventory) register their
own events with :func:`register_trigger` and publish them with ``tasks.publish_event``.
Each trigger carries a one-line description, which the ``ruleTriggers`` query lists for
rule editors.
"""

from __future__ import annotations

from dataclasses import dataclass

from saleor_oms_plugin.rules.fields import Subject

SCHEDULE = "schedule"


@dataclass(frozen=True)
class Trigger:
    name: str
    subject: Subject
    description: str


def _table(*triggers: Trigger) -> dict[str, Trigger]:
    return {trigger.name: trigger for trigger in triggers}


_O, _S = Subject.ORDER, Subject.STOCK
_TRIGGERS: dict[str, Trigger] = _table(
    Trigger("order.created", _O, "Saleor created an order (ORDER_CREATED)."),
    Trigger("order.confirmed", _O, "An order was confirmed (ORDER_CONFIRMED)."),
    Trigger("order.paid", _O, "An order was paid in full (ORDER_FULLY_PAID)."),
    Trigger("order.updated", _O, "An order changed in Saleor (ORDER_UPDATED)."),
    Trigger("order.fulfilled", _O, "Every line of an order was fulfilled (ORDER_FULFILLED)."),
    Trigger("order.cancelled", _O, "An order was cancelled (ORDER_CANCELLED)."),
    Trigger("fulfillment.created", _O, "A fulfilment of an order was created in Saleor."),
    Trigger("fulfillment.cancelled", _O, "A fulfilment of an order was cancelled in Saleor."),
    # Published by the returns domain.
    Trigger("return.requested", _O, "A return of the order was requested."),
    Trigger("return.approved", _O, "A return of the order was approved."),
    Trigger("return.received", _O, "A return of the order arrived at a location."),
    # Published by the replenishment domain when a stock alert opens (Saleor has no low-stock
    # event; its out-of-stock event maps onto stock.out too).
    Trigger("stock.low", _S, "A stock level fell to its safety stock or below."),
    Trigger("stock.out", _S, "A SKU ran out of stock at a location."),
    Trigger(SCHEDULE, _O, "Time rules: checked on a schedule over open orders (e.g. SLAs)."),
)

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


def _described(name: str) -> str:
    """A description for a trigger registered without one: "return.rejected" → "Return
    rejected."."""
    words = name.replace(".", " ").replace("_", " ").strip()
    return f"{words[:1].upper()}{words[1:]}." if words else ""


def register_trigger(name: str, subject: Subject, description: str = "") -> None:
    """A later domain event rules may react to (call from an AppConfig.ready)."""
    _TRIGGERS[name] = Trigger(name, subject, description or _described(name))


def trigger_subject(name: str) -> Subject | None:
    trigger = _TRIGGERS.get(name)
    return trigger.subject if trigger else None


def trigger_names() -> list[str]:
    return sorted(_TRIGGERS)


def trigger_list() -> list[Trigger]:
    """Every trigger, by name."""
    return [_TRIGGERS[name] for name in trigger_names()]
