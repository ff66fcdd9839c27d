"""The backorder events as rule triggers, with the data each carries (its event fields).

What ``backorders.backorders_announce`` publishes: the rows (``backorders``: a list of objects
with ``sku``, ``quantity``, ``state``, ``release_at``...), their ``units`` and ``skus``, and what
the move adds (``promised_ship_date`` of ``backorder.promised``...). A rule condition names them
``event.<key>``, a template ``{{ event.<key> }}`` (see ``rules.triggers``).
"""

from __future__ import annotations

from saleor_oms_plugin.fulfilment.events import BACKORDER_TRIGGERS, FulfilmentEvent
from saleor_oms_plugin.rules.fields import EventField, FieldType, Subject
from saleor_oms_plugin.rules.triggers import register_trigger

E = FulfilmentEvent

_ROWS = (
    EventField(
        "backorders",
        None,
        "The backorders concerned: objects with backorder_id, line_id, variant_id, sku, "
        "quantity (units still waiting), state, reason and release_at (templates only).",
    ),
    EventField("units", FieldType.NUMBER, "Units still waiting over those backorders."),
    EventField("skus", FieldType.SET, "SKUs of those backorders."),
)
_PLAN = EventField("plan_id", FieldType.NUMBER, "The routing plan that made the move.")

BACKORDER_EVENT_FIELDS: dict[FulfilmentEvent, tuple[EventField, ...]] = {
    E.BACKORDER_WAITING: (*_ROWS, _PLAN),
    E.BACKORDER_PREORDER_HELD: _ROWS,
    E.BACKORDER_PREORDER_RELEASED: _ROWS,
    E.BACKORDER_PROMISED: (
        *_ROWS,
        _PLAN,
        EventField("routed_units", FieldType.NUMBER, "Units routed now that stock arrived."),
        EventField("still_waiting", FieldType.NUMBER, "Units of those lines still waiting."),
        EventField(
            "promised_ship_date",
            FieldType.STRING,
            "The new promised ship date (ISO date, e.g. 2026-12-04); '' when none could be "
            "promised.",
        ),
        EventField("locations", None, "Ids of the locations the units ship from (templates only)."),
    ),
    E.BACKORDER_CANCELLED: (
        *_ROWS,
        EventField("reason", FieldType.STRING, "Why they are no longer needed."),
    ),
}


def register_backorder_triggers() -> None:
    """Register each backorder event as an order trigger (from the app's ``ready``)."""
    for event, description in BACKORDER_TRIGGERS.items():
        register_trigger(
            event, Subject.ORDER, description, event_fields=BACKORDER_EVENT_FIELDS[event]
        )
