"""Mutations of fulfilment routing: thin edges over ``fulfilment.services``."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.fulfilment import services
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.fulfilment.queries import LOCATION_SETTINGS_PERMISSIONS
from saleor_oms_plugin.graphql.fulfilment.types import (
    OmsFulfilmentError,
    OmsLocationRoutingSettings,
    OmsPlanShipment,
    OmsRoutingPlan,
    OmsRoutingRuleSet,
)
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.saleor.errors import SaleorError

_ERRORS = graphene.List(graphene.NonNull(OmsFulfilmentError), required=True)


def _saleor_down() -> list[Any]:
    return [
        OmsFulfilmentError(
            field=None, message="Saleor could not be reached; try again.", code="SALEOR_UNAVAILABLE"
        )
    ]


class OmsRoutingPlanPayload(graphene.ObjectType):
    plan = graphene.Field(OmsRoutingPlan)
    errors = _ERRORS


class OmsShortPickPayload(graphene.ObjectType):
    shipment = graphene.Field(OmsPlanShipment)
    errors = _ERRORS


class OmsRoutingRuleSetPayload(graphene.ObjectType):
    rule_set = graphene.Field(OmsRoutingRuleSet)
    errors = _ERRORS


class OmsLocationRoutingSettingsPayload(graphene.ObjectType):
    settings = graphene.Field(OmsLocationRoutingSettings)
    errors = _ERRORS


class OmsShortPickLineInput(graphene.InputObjectType):
    line_id = graphene.String(required=True, description="Saleor OrderLine ID.")
    missing = graphene.Int(required=True, description="Units the location could not pick.")


class OmsRoutingRuleSetInput(graphene.InputObjectType):
    name = graphene.String(description="Required when creating.")
    channel = graphene.String(description="Channel slug; empty or absent: tenant default.")
    document = graphene.JSONString(description="{rules: [...], solver: {...}}")


class OmsLocationRoutingSettingsInput(graphene.InputObjectType):
    tags = graphene.List(graphene.NonNull(graphene.String))
    ships = graphene.Boolean()
    pickup = graphene.Boolean()
    daily_parcel_capacity = graphene.Int()
    cutoff_time = graphene.String(description="Local time like 15:30.")
    time_zone = graphene.String(description="IANA name, e.g. America/Los_Angeles.")
    priority = graphene.Int()
    parcel_fixed_cost = graphene.Float()
    handling_cost_per_unit = graphene.Float()


def _plan_result(call: Any) -> OmsRoutingPlanPayload:
    try:
        plan: RoutingPlan | None = call()
    except FulfilmentError as exc:
        return OmsRoutingPlanPayload(errors=errors_from(exc, OmsFulfilmentError))
    except SaleorError:
        return OmsRoutingPlanPayload(errors=_saleor_down())
    if plan is not None:
        plan.refresh_from_db()  # eager tasks may have applied it already
    return OmsRoutingPlanPayload(plan=plan, errors=[])


def _ruleset_result(call: Any) -> OmsRoutingRuleSetPayload:
    try:
        return OmsRoutingRuleSetPayload(rule_set=call(), errors=[])
    except FulfilmentError as exc:
        return OmsRoutingRuleSetPayload(errors=errors_from(exc, OmsFulfilmentError))


class FulfilmentMutations(graphene.ObjectType):
    route_order = graphene.Field(
        graphene.NonNull(OmsRoutingPlanPayload),
        order_id=graphene.ID(required=True),
        description="Route an order now (replaces a plan waiting for approval). MANAGE_ORDERS.",
    )
    approve_routing_plan = graphene.Field(
        graphene.NonNull(OmsRoutingPlanPayload),
        id=graphene.ID(required=True),
        description="Apply a plan held for approval. MANAGE_ORDERS.",
    )
    report_short_pick = graphene.Field(
        graphene.NonNull(OmsShortPickPayload),
        shipment_id=graphene.ID(required=True),
        lines=graphene.List(graphene.NonNull(OmsShortPickLineInput), required=True),
        description="A location could not pick some units: ship the rest, re-route the missing "
        "units elsewhere, take them off the location's stock (SHORT_PICK, written back to "
        "Saleor) and open a count task for the bin. The same report again changes nothing. "
        "MANAGE_ORDERS.",
    )
    routing_rule_set_create = graphene.Field(
        graphene.NonNull(OmsRoutingRuleSetPayload),
        input=OmsRoutingRuleSetInput(required=True),
        description="A new draft (next version of its name). MANAGE_ORDERS.",
    )
    routing_rule_set_update = graphene.Field(
        graphene.NonNull(OmsRoutingRuleSetPayload),
        id=graphene.ID(required=True),
        input=OmsRoutingRuleSetInput(required=True),
        description="Change a draft. MANAGE_ORDERS.",
    )
    routing_rule_set_publish = graphene.Field(
        graphene.NonNull(OmsRoutingRuleSetPayload),
        id=graphene.ID(required=True),
        description="Publish a draft; the one published for its channel is archived. "
        "MANAGE_ORDERS.",
    )
    location_routing_settings_update = graphene.Field(
        graphene.NonNull(OmsLocationRoutingSettingsPayload),
        location_id=graphene.ID(required=True),
        input=OmsLocationRoutingSettingsInput(required=True),
        description="Change a location's routing settings. MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_route_order(
        root: Any, info: GraphQLResolveInfo, order_id: str
    ) -> OmsRoutingPlanPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(order_id, expected_type="OmsOrder")
        return _plan_result(
            lambda: services.order_route(
                tenant_id=tenant.pk, order_id=pk, trigger="manual", actor=viewer.actor()
            )
        )

    @staticmethod
    def resolve_approve_routing_plan(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsRoutingPlanPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(id, expected_type="OmsRoutingPlan")
        return _plan_result(
            lambda: services.plan_approve(tenant_id=tenant.pk, plan_id=pk, actor=viewer.actor())
        )

    @staticmethod
    def resolve_report_short_pick(
        root: Any, info: GraphQLResolveInfo, shipment_id: str, lines: list[dict[str, Any]]
    ) -> OmsShortPickPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(shipment_id, expected_type="OmsPlanShipment")
        missing: dict[str, int] = {}
        for line in lines:
            missing[line["line_id"]] = missing.get(line["line_id"], 0) + line["missing"]
        try:
            shipment = services.short_pick_report(
                tenant_id=tenant.pk, shipment_id=pk, missing=missing, actor=viewer.actor()
            )
        except FulfilmentError as exc:
            return OmsShortPickPayload(errors=errors_from(exc, OmsFulfilmentError))
        return OmsShortPickPayload(shipment=shipment, errors=[])

    @staticmethod
    def resolve_routing_rule_set_create(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsRoutingRuleSetPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        return _ruleset_result(
            lambda: services.ruleset_create(
                tenant_id=tenant.pk,
                name=input.get("name") or "",
                channel=input.get("channel"),
                document=input.get("document"),
                actor=viewer.actor(),
            )
        )

    @staticmethod
    def resolve_routing_rule_set_update(
        root: Any, info: GraphQLResolveInfo, id: str, input: dict[str, Any]
    ) -> OmsRoutingRuleSetPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(id, expected_type="OmsRoutingRuleSet")
        return _ruleset_result(
            lambda: services.ruleset_update(
                tenant_id=tenant.pk,
                ruleset_id=pk,
                document=input.get("document"),
                channel=input.get("channel"),
                actor=viewer.actor(),
            )
        )

    @staticmethod
    def resolve_routing_rule_set_publish(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsRoutingRuleSetPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(id, expected_type="OmsRoutingRuleSet")
        return _ruleset_result(
            lambda: services.ruleset_publish(
                tenant_id=tenant.pk, ruleset_id=pk, actor=viewer.actor()
            )
        )

    @staticmethod
    def resolve_location_routing_settings_update(
        root: Any, info: GraphQLResolveInfo, location_id: str, input: dict[str, Any]
    ) -> OmsLocationRoutingSettingsPayload:
        viewer, tenant = require_any(info, LOCATION_SETTINGS_PERMISSIONS)
        pk = pk_from_global_id(location_id, expected_type="OmsLocation")
        try:
            settings = services.location_routing_update(
                tenant_id=tenant.pk, location_id=pk, changes=dict(input), actor=viewer.actor()
            )
        except FulfilmentError as exc:
            return OmsLocationRoutingSettingsPayload(errors=errors_from(exc, OmsFulfilmentError))
        return OmsLocationRoutingSettingsPayload(settings=settings, errors=[])
