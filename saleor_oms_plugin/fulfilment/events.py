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
