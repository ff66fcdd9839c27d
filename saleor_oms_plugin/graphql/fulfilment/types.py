"""GraphQL types of fulfilment routing (``Oms`` prefix, Relay nodes scoped to the tenant)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.models import (
    Backorder,
    LocationRoutingSettings,
    PlanShipment,
    RoutingPlan,
    RoutingRuleSet,
)
from saleor_oms_plugin.fulfilment.selectors import plan_get, ruleset_get
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.core.shared_enums import OmsRoutingPlanState
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any

OmsFulfilmentErrorCode = graphene.Enum(
    "OmsFulfilmentErrorCode", [(code.name, code.value) for code in FulfilmentErrorCode]
)
OmsFulfilmentError: Any = error_type("OmsFulfilmentError", OmsFulfilmentErrorCode)

OmsPlanShipmentState = graphene.Enum(
    "OmsPlanShipmentState", [(s.name, s.value) for s in PlanShipment.State]
)
OmsBackorderState = graphene.Enum("OmsBackorderState", [(s.name, s.value) for s in Backorder.State])
OmsRoutingRuleSetState = graphene.Enum(
    "OmsRoutingRuleSetState", [(s.name, s.value) for s in RoutingRuleSet.State]
)


def _state(root: Any, info: GraphQLResolveInfo) -> str:
    # A row saved in this request holds the TextChoices member, a loaded one its string.
    return str(root.state)


class OmsRoutingReason(graphene.ObjectType):
    code = graphene.String(required=True, description="The engine's reason code.")
    message = graphene.String(required=True)
    location_id = graphene.String(description="Saleor Warehouse ID the reason is about.")
    rule = graphene.String(description="The rule that decided, if any.")

    @staticmethod
    def resolve_code(root: dict, info: GraphQLResolveInfo) -> str:
        return str(root["code"])

    @staticmethod
    def resolve_message(root: dict, info: GraphQLResolveInfo) -> str:
        return str(root["message"])

    @staticmethod
    def resolve_location_id(root: dict, info: GraphQLResolveInfo) -> str | None:
        return root.get("location_id")

    @staticmethod
    def resolve_rule(root: dict, info: GraphQLResolveInfo) -> str | None:
        return root.get("rule")


class OmsPlanLine(graphene.ObjectType):
    line_id = graphene.String(required=True, description="Saleor OrderLine ID.")
    variant_id = graphene.String(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)


def _lines(rows: list[dict]) -> list[OmsPlanLine]:
    return [
        OmsPlanLine(
            line_id=r["line_id"], variant_id=r["variant_id"], sku=r["sku"], quantity=r["quantity"]
        )
        for r in rows
    ]


class OmsPlanShipment(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    state = graphene.Field(OmsPlanShipmentState, required=True, resolver=_state)
    lines = graphene.List(graphene.NonNull(OmsPlanLine), required=True)
    saleor_fulfillment_id = graphene.String(required=True)
    distance_km = graphene.Float(required=True)
    cost = graphene.Float(required=True)
    attempts = graphene.Int(required=True)
    error_code = graphene.String(required=True)

    class Meta:
        interfaces = (Node,)
        description = "One orderFulfill of a plan: a location and the units it sends."

    is_type_of = instances_of(PlanShipment)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> PlanShipment | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return PlanShipment.objects.filter(plan__tenant_id=tenant.pk, pk=id).first()

    @staticmethod
    def resolve_lines(root: PlanShipment, info: GraphQLResolveInfo) -> list[OmsPlanLine]:
        return _lines(root.lines)


class OmsRoutingPlan(graphene.ObjectType):
    order = graphene.Field(graphene.NonNull("saleor_oms_plugin.graphql.orders.types.OmsOrder"))
    state = graphene.Field(OmsRoutingPlanState, required=True, resolver=_state)
    trigger = graphene.String(required=True)
    attempt = graphene.Int(required=True)
    ruleset_name = graphene.String(required=True)
    ruleset_version = graphene.Int(required=True)
    excluded_location_ids = graphene.List(graphene.NonNull(graphene.String), required=True)
    reasons = graphene.List(graphene.NonNull(OmsRoutingReason), required=True)
    shipments = graphene.List(graphene.NonNull(OmsPlanShipment), required=True)
    backorder = graphene.List(graphene.NonNull(OmsPlanLine), required=True)
    total_cost = graphene.Float(required=True)
    error_code = graphene.String(required=True)
    error_message = graphene.String(required=True)
    approved_by = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "Where an order's units ship from, why, and how far applying it got."

    is_type_of = instances_of(RoutingPlan)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> RoutingPlan | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return plan_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_shipments(root: RoutingPlan, info: GraphQLResolveInfo) -> list[PlanShipment]:
        # Batch loaders prefetch shipments with their locations for a whole list of plans.
        return related_rows(root, "shipments", lambda rows: rows.select_related("location"))

    @staticmethod
    def resolve_backorder(root: RoutingPlan, info: GraphQLResolveInfo) -> list[OmsPlanLine]:
        return _lines(root.decision.get("backorder") or [])

    @staticmethod
    def resolve_total_cost(root: RoutingPlan, info: GraphQLResolveInfo) -> float:
        return round(sum(s.get("cost", 0) for s in root.decision.get("shipments") or []), 4)


class OmsRoutingPlanConnection(OmsCountableConnection):
    class Meta:
        node = OmsRoutingPlan
        strict_types = True


class OmsRoutingRuleSet(graphene.ObjectType):
    name = graphene.String(required=True)
    channel = graphene.String(description="Channel slug; null for the tenant's default.")
    version = graphene.Int(required=True)
    state = graphene.Field(OmsRoutingRuleSetState, required=True, resolver=_state)
    document = graphene.JSONString(required=True, description="Its rules and solver settings.")
    created_at = graphene.DateTime(required=True)
    published_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "A versioned routing rule set: drafts change, published ones are frozen."

    is_type_of = instances_of(RoutingRuleSet)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> RoutingRuleSet | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return ruleset_get(tenant_id=tenant.pk, pk=id)


class OmsRoutingRuleSetConnection(OmsCountableConnection):
    class Meta:
        node = OmsRoutingRuleSet
        strict_types = True


class OmsLocationRoutingSettings(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    ships = graphene.Boolean(required=True)
    pickup = graphene.Boolean(description="Null: as the warehouse's click & collect option.")
    daily_parcel_capacity = graphene.Int()
    cutoff_time = graphene.Time()
    time_zone = graphene.String(required=True)
    priority = graphene.Int(required=True)
    parcel_fixed_cost = graphene.Float(required=True)
    handling_cost_per_unit = graphene.Float(required=True)

    @staticmethod
    def resolve_parcel_fixed_cost(root: LocationRoutingSettings, info: GraphQLResolveInfo) -> float:
        return float(root.parcel_fixed_cost)

    @staticmethod
    def resolve_handling_cost_per_unit(
        root: LocationRoutingSettings, info: GraphQLResolveInfo
    ) -> float:
        return float(root.handling_cost_per_unit)


class OmsReplayOutcome(graphene.ObjectType):
    ruleset = graphene.String()
    cost = graphene.Float(required=True)
    shipments = graphene.Int(required=True)
    distance_km = graphene.Float(required=True)
    backordered_units = graphene.Int(required=True)


class OmsReplayOrder(graphene.ObjectType):
    order_number = graphene.String(required=True)
    draft = graphene.Field(OmsReplayOutcome)
    published = graphene.Field(OmsReplayOutcome)
    error = graphene.String(required=True)

    @staticmethod
    def resolve_order_number(root: Any, info: GraphQLResolveInfo) -> str:
        return str(root.number)


class OmsReplayTotal(graphene.ObjectType):
    orders = graphene.Int(required=True, description="Orders both rule sets could route.")
    cost = graphene.Float(required=True)
    shipments = graphene.Int(required=True)
    distance_km = graphene.Float(required=True)
    backordered_units = graphene.Int(required=True)


class OmsReplayReport(graphene.ObjectType):
    draft = graphene.String(required=True)
    orders = graphene.List(graphene.NonNull(OmsReplayOrder), required=True)
    draft_total = graphene.Field(graphene.NonNull(OmsReplayTotal))
    published_total = graphene.Field(graphene.NonNull(OmsReplayTotal))


class OmsBackorder(graphene.ObjectType):
    line_id = graphene.String(required=True, description="Saleor's OrderLine ID.")
    variant_id = graphene.String(required=True, description="Saleor's ProductVariant ID.")
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="Units still waiting.")
    routed_units = graphene.Int(required=True, description="Units routed since stock arrived.")
    state = graphene.Field(OmsBackorderState, required=True, resolver=_state)
    reason_code = graphene.String(required=True, description="The engine's reason code.")
    reason = graphene.String(required=True, description="Why routing could not place them.")
    release_at = graphene.DateTime(
        description="A pre-order's end (state PREORDER); null while it has none."
    )
    promised_ship_date = graphene.Date(
        description="When routed units leave, as promised once stock arrived."
    )
    plan = graphene.Field(OmsRoutingPlan, description="The plan that left these units unplaced.")
    routed_plan = graphene.Field(OmsRoutingPlan, description="The last plan that routed some.")
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        description = (
            "Units of an order line routing could place nowhere: they wait for stock (or for "
            "a pre-order's end) and are routed by themselves when it arrives."
        )
