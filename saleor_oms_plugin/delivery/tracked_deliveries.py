"""A carrier's tracking says a shipment arrived: the order's sold promise records the day.

The warehouse publishes ``fulfillment.delivered`` (a WarehouseEvent) when every parcel of a
shipment is delivered, with ``delivered_on`` (ISO date, the carrier's day) in its facts; this
domain hears it without importing the warehouse. An order that ships in several parcels or
shipments arrives with the last of them, so an earlier day never replaces a later one. Orders
sold without a promise have nothing to keep and are skipped.
"""

from __future__ import annotations

import datetime as dt
import logging

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.models import SoldPromise
from saleor_oms_plugin.delivery.sold_promises import sold_promise_delivered

logger = logging.getLogger(__name__)

# The warehouse's event name (the value of its WarehouseEvent member; a test keeps them equal).
SHIPMENT_DELIVERED = "fulfillment.delivered"


def on_published(published: Published) -> None:
    """The listener delivery registers: runs in the warehouse's transaction."""
    if published.event.value != SHIPMENT_DELIVERED or published.order_id is None:
        return
    try:
        delivered_on = dt.date.fromisoformat(str(published.facts.get("delivered_on")))
    except ValueError:
        logger.warning("fulfillment.delivered without a delivery day: %s", published.facts)
        return
    recorded = (
        SoldPromise.objects.filter(order_id=published.order_id)
        .values_list("delivered_on", flat=True)
        .first()
    )
    if recorded is not None and recorded >= delivered_on:
        return
    try:
        sold_promise_delivered(
            tenant_id=published.tenant_id,
            order_id=published.order_id,
            delivered_on=delivered_on,
            actor=Actor.system(),
            # The carrier's day may run ahead of UTC's: its word is taken.
            today=max(delivered_on, dt.datetime.now(dt.UTC).date()),
        )
    except DeliveryError as exc:
        if exc.code not in (DeliveryErrorCode.NO_PROMISE, DeliveryErrorCode.NOT_FOUND):
            logger.warning("order %s delivered on %s: %s", published.order_id, delivered_on, exc)
