"""What can trigger a rule: domain events (ours, not Saleor's spelling) or the schedule.

Every trigger is a member of a domain's events (its events.py). Saleor events map onto the
orders domain's events and the stock triggers here; domains above the rules (returns,
replenishment) register their own with :func:`register_trigger` and publish them with
``core.events.publish``, which the rules hear (see published.py). Each trigger carries a
one-line description, which the ``ruleTriggers`` query lists for rule editors.

A trigger about an order may declare the keys of the facts its event publishes (its event
fields): conditions name them ``event.<key>``, templates ``{{ event.<key> }}``, and webhook
payloads carry them under ``facts.event``. A rule naming an undeclared one is refused when saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from saleor_oms_plugin.core.events import DomainEvent
from saleor_oms_plugin.orders.events import OrderEvent
from saleor_oms_plugin.rules.events import StockTrigger
from saleor_oms_plugin.rules.fields import EventField, Subject

# Not an event: time rules are checked on a schedule.
SCHEDULE = "schedule"


@dataclass(frozen=True)
class Trigger:
    name: str
    subject: Subject
    description: str
    # The keys of the event's own data (see the module doc), by key.
    event_fields: dict[str, EventField] = field(default_factory=dict)


def _table(*triggers: Trigger) -> dict[str, Trigger]:
    return {trigger.name: trigger for trigger in triggers}


_O, _S = Subject.ORDER, Subject.STOCK


def _event(event: DomainEvent, subject: Subject, description: str) -> Trigger:
    return Trigger(event.value, subject, description)


_TRIGGERS: dict[str, Trigger] = _table(
    _event(OrderEvent.CREATED, _O, "Saleor created an order (ORDER_CREATED)."),
    _event(OrderEvent.CONFIRMED, _O, "An order was confirmed (ORDER_CONFIRMED)."),
    _event(OrderEvent.PAID, _O, "An order was paid in full (ORDER_FULLY_PAID)."),
    _event(OrderEvent.UPDATED, _O, "An order changed in Saleor (ORDER_UPDATED)."),
    _event(OrderEvent.FULFILLED, _O, "Every line of an order was fulfilled (ORDER_FULFILLED)."),
    _event(OrderEvent.CANCELLED, _O, "An order was cancelled (ORDER_CANCELLED)."),
    _event(OrderEvent.FULFILLMENT_CREATED, _O, "A fulfilment of an order was created in Saleor."),
    _event(
        OrderEvent.FULFILLMENT_CANCELLED, _O, "A fulfilment of an order was cancelled in Saleor."
    ),
    # Published by the replenishment domain when a stock alert opens (Saleor has no low-stock
    # event; its out-of-stock event maps onto stock.out too).
    _event(StockTrigger.LOW, _S, "A stock level fell to its safety stock or below."),
    _event(StockTrigger.OUT, _S, "A SKU ran out of stock at a location."),
    Trigger(SCHEDULE, _O, "Time rules: checked on a schedule over open orders (e.g. SLAs)."),
)

SALEOR_EVENTS: dict[str, DomainEvent] = {
    "ORDER_CREATED": OrderEvent.CREATED,
    "ORDER_CONFIRMED": OrderEvent.CONFIRMED,
    "ORDER_FULLY_PAID": OrderEvent.PAID,
    "ORDER_UPDATED": OrderEvent.UPDATED,
    "ORDER_FULFILLED": OrderEvent.FULFILLED,
    "ORDER_CANCELLED": OrderEvent.CANCELLED,
    "FULFILLMENT_CREATED": OrderEvent.FULFILLMENT_CREATED,
    "FULFILLMENT_CANCELED": OrderEvent.FULFILLMENT_CANCELLED,
    "PRODUCT_VARIANT_OUT_OF_STOCK": StockTrigger.OUT,
}


def _described(name: str) -> str:
    """A description for a trigger registered without one: "return.rejected" → "Return
    rejected."."""
    words = name.replace(".", " ").replace("_", " ").strip()
    return f"{words[:1].upper()}{words[1:]}." if words else ""


def register_trigger(
    event: DomainEvent,
    subject: Subject,
    description: str = "",
    *,
    event_fields: Iterable[EventField] = (),
) -> None:
    """A domain event above the rules that rules may react to (call from an AppConfig.ready);
    ``event_fields``: the keys of the facts it publishes about an order (see the module doc)."""
    declared = {f.key: f for f in event_fields}
    if declared and subject is not Subject.ORDER:
        raise ValueError(f"{event.value}: event fields are declared for order triggers only")
    _TRIGGERS[event.value] = Trigger(
        event.value, subject, description or _described(event.value), declared
    )


def trigger_subject(name: str) -> Subject | None:
    trigger = _TRIGGERS.get(name)
    return trigger.subject if trigger else None


def trigger_names() -> list[str]:
    return sorted(_TRIGGERS)


def trigger_list() -> list[Trigger]:
    """Every trigger, by name."""
    return [_TRIGGERS[name] for name in trigger_names()]


def trigger_event_fields(name: str) -> dict[str, EventField]:
    """The event fields a trigger declares (none for an unknown one or the schedule)."""
    trigger = _TRIGGERS.get(name)
    return dict(trigger.event_fields) if trigger else {}
