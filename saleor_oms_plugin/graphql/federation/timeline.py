"""An order's story as a customer or staff member reads it: placed, paid, routed, shipped,
returned. Built from the read models (order, fulfilments, routing plans, returns), oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.orders.models import Fulfillment, Order
from saleor_oms_plugin.returns.models import ReturnRequest


class TimelineKind(StrEnum):
    PLACED = "PLACED"
    PAID = "PAID"
    ROUTED = "ROUTED"
    SHIPPED = "SHIPPED"
    FULFILMENT_CANCELLED = "FULFILMENT_CANCELLED"
    RETURN_REQUESTED = "RETURN_REQUESTED"
    RETURN_UPDATED = "RETURN_UPDATED"


@dataclass(frozen=True)
class TimelineEvent:
    kind: TimelineKind
    at: datetime
    message: str
    location_name: str = ""
    tracking_number: str = ""


_STORY_ORDER = {kind: index for index, kind in enumerate(TimelineKind)}
# A routing plan is news for the customer only once it has been carried out.
_ROUTED_STATES = {RoutingPlan.State.APPLIED}
_CANCELLED_FULFILMENT = "CANCELED"


def order_timeline(
    order: Order,
    *,
    fulfillments: Iterable[Fulfillment],
    plans: Iterable[RoutingPlan],
    returns: Iterable[ReturnRequest],
) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            TimelineKind.PLACED, order.saleor_created_at, f"Order #{order.number} placed."
        )
    ]
    if order.paid_at is not None:
        events.append(TimelineEvent(TimelineKind.PAID, order.paid_at, "Payment received."))
    for plan in plans:
        if plan.state in _ROUTED_STATES:
            shipments = len(plan.decision.get("shipments") or [])
            noun = "shipment" if shipments == 1 else "shipments"
            # The decision time, not the apply time: applying (and SHIPPED) comes after it.
            decided_at = plan.decided_at or plan.created_at
            events.append(
                TimelineEvent(TimelineKind.ROUTED, decided_at, f"Prepared in {shipments} {noun}.")
            )
    for fulfillment in fulfillments:
        at = fulfillment.saleor_created_at or order.saleor_updated_at
        if fulfillment.status == _CANCELLED_FULFILMENT:
            events.append(
                TimelineEvent(
                    TimelineKind.FULFILMENT_CANCELLED,
                    at,
                    "A shipment was cancelled.",
                    location_name=fulfillment.warehouse_name,
                )
            )
        elif fulfillment.status == "FULFILLED":
            events.append(
                TimelineEvent(
                    TimelineKind.SHIPPED,
                    at,
                    f"Shipped from {fulfillment.warehouse_name or 'a warehouse'}.",
                    location_name=fulfillment.warehouse_name,
                    tracking_number=fulfillment.tracking_number,
                )
            )
    for request in returns:
        events.append(
            TimelineEvent(
                TimelineKind.RETURN_REQUESTED,
                request.created_at,
                f"Return {request.rma} requested.",
                tracking_number=request.tracking_number,
            )
        )
        if str(request.status) != ReturnRequest.Status.REQUESTED:
            events.append(
                TimelineEvent(
                    TimelineKind.RETURN_UPDATED,
                    request.updated_at,
                    f"Return {request.rma} is {str(request.status).replace('_', ' ')}.",
                    tracking_number=request.tracking_number,
                )
            )
    # Oldest first; events stamped the same instant keep the order of the story.
    return sorted(events, key=lambda event: (event.at, _STORY_ORDER[event.kind]))
