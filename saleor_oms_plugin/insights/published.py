"""Events other domains publish (``core.events.listen``) that change an order's figures: its
routing plans and their shipments (fulfilment), short picks (warehouse), its promise kept or
broken (delivery). Each refreshes the order's bucket in the publisher's transaction, as an
order change does. The names are matched as strings: this domain imports no event enums it
does not need."""

from __future__ import annotations

from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.insights.rollups import on_order_changed

PREFIXES = ("routing_plan.", "plan_shipment.")
EVENTS = frozenset({"pick.short", "order.ship_promise_kept", "order.ship_promise_broken"})


def on_published(published: Published) -> None:
    if published.order_id is None:
        return
    name = published.event.value
    if name in EVENTS or name.startswith(PREFIXES):
        on_order_changed(published.tenant_id, published.order_id)
