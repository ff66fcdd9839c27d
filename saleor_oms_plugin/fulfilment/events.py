"""What the fulfilment domain records: routing rule sets, holds, and the moves of routing plans
and their shipments.

A plan's or a shipment's move is recorded as ``routing_plan.<state>`` or
``plan_shipment.<state>``: one member per state it can enter (a shipment never re-enters
``pending``), looked up with ``FulfilmentEvent(f"routing_plan.{state}")``.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class FulfilmentEvent(DomainEvent):
    RULESET_CREATED = "routing_ruleset.created"
    RULESET_UPDATED = "routing_ruleset.updated"
    RULESET_PUBLISHED = "routing_ruleset.published"
    RULESET_ARCHIVED = "routing_ruleset.archived"
    LOCATION_ROUTING_SETTINGS_UPDATED = "location.routing_settings_updated"
    ROUTING_HELD = "routing.held"
    ROUTING_RELEASED = "routing.released"
    # routing_plan.<RoutingPlan.State>
    PLAN_PROPOSED = "routing_plan.proposed"
    PLAN_APPLYING = "routing_plan.applying"
    PLAN_APPLIED = "routing_plan.applied"
    PLAN_FAILED = "routing_plan.failed"
    PLAN_SUPERSEDED = "routing_plan.superseded"
    # plan_shipment.<PlanShipment.State>, every state but the initial one
    SHIPMENT_APPLIED = "plan_shipment.applied"
    SHIPMENT_FAILED = "plan_shipment.failed"
    SHIPMENT_CANCELLED = "plan_shipment.cancelled"
    SHIPMENT_SHORT_PICKED = "plan_shipment.short_picked"
    SHIPMENT_SUPERSEDED = "plan_shipment.superseded"
    # Backorders: units routing could place nowhere, waiting for stock (rule triggers too).
    BACKORDER_WAITING = "backorder.waiting"
    BACKORDER_PREORDER_HELD = "backorder.preorder_held"
    BACKORDER_PREORDER_RELEASED = "backorder.preorder_released"
    BACKORDER_PROMISED = "backorder.promised"
    BACKORDER_CANCELLED = "backorder.cancelled"
    # Merging: a paid order waits for the customer's other orders to the same address.
    ROUTING_MERGE_WAITING = "routing.merge_waiting"


# The backorder events rules may react to (about the order), with what they mean.
BACKORDER_TRIGGERS: dict[FulfilmentEvent, str] = {
    FulfilmentEvent.BACKORDER_WAITING: "Units of an order could be shipped from nowhere and wait for stock.",
    FulfilmentEvent.BACKORDER_PREORDER_HELD: "Units of a pre-order variant are held until the pre-order ends.",
    FulfilmentEvent.BACKORDER_PREORDER_RELEASED: "A pre-order ended: its held units are routed now.",
    FulfilmentEvent.BACKORDER_PROMISED: "Backordered units were routed once stock arrived; facts carry the new promised ship date.",
    FulfilmentEvent.BACKORDER_CANCELLED: "Backordered units are no longer needed (order cancelled or fulfilled elsewhere).",
}
