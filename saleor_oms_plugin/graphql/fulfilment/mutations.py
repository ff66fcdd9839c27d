"""Mutations of fulfilment routing: thin edges over ``fulfilment.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphene

from saleor_oms_plugin.fulfilment import services
from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.fulfilment.queries import LOCATION_SETTINGS_PERMISSIONS
from saleor_oms_plugin.graphql.fulfilment.types import (
    OmsFulfilmentError,
    OmsLocationRoutingSettings,
    OmsPlanShipment,
    OmsRoutingPlan,
    OmsRoutingRuleSet,
)
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, Requires
from saleor_oms_plugin.saleor.errors import SaleorError

FULFILMENT_ERRORS = PayloadErrors(OmsFulfilmentError, FulfilmentError)
ROUTING = Requires(MANAGE_ORDERS)


class OmsRoutingPlanPayload(graphene.ObjectType):
    errors = FULFILMENT_ERRORS.field()
    plan = graphene.Field(OmsRoutingPlan)


class OmsShortPickPayload(graphene.ObjectType):
    errors = FULFILMENT_ERRORS.field()
    shipment = graphene.Field(OmsPlanShipment)


class OmsRoutingRuleSetPayload(graphene.ObjectType):
    errors = FULFILMENT_ERRORS.field()
    rule_set = graphene.Field(OmsRoutingRuleSet)


class OmsLocationRoutingSettingsPayload(graphene.ObjectType):
    errors = FULFILMENT_ERRORS.field()
    settings = graphene.Field(OmsLocationRoutingSettings)


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


def _plan_payload(route: Callable[[], RoutingPlan | None]) -> OmsRoutingPlanPayload:
    """The plan ``route`` made, as it is now (eager tasks may have applied it already)."""
    try:
        plan = route()
    except SaleorError as exc:
        raise FulfilmentError(
            FulfilmentErrorCode.SALEOR_UNAVAILABLE, "Saleor could not be reached; try again."
        ) from exc
    if plan is not None:
        plan.refresh_from_db()
    return OmsRoutingPlanPayload(plan=plan, errors=[])


class FulfilmentMutations(graphene.ObjectType):
    @mutation(
        OmsRoutingPlanPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="Route an order now (replaces a plan waiting for approval).",
        order_id=graphene.ID(required=True),
    )
    def route_order(caller: Caller, order_id: str) -> OmsRoutingPlanPayload:
        pk = pk_from_global_id(order_id, expected_type="OmsOrder")
        return _plan_payload(
            lambda: services.order_route(
                tenant_id=caller.tenant.pk, order_id=pk, trigger="manual", actor=caller.actor()
            )
        )

    @mutation(
        OmsRoutingPlanPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="Apply a plan held for approval.",
        id=graphene.ID(required=True),
    )
    def approve_routing_plan(caller: Caller, id: str) -> OmsRoutingPlanPayload:
        pk = pk_from_global_id(id, expected_type="OmsRoutingPlan")
        return _plan_payload(
            lambda: services.plan_approve(
                tenant_id=caller.tenant.pk, plan_id=pk, actor=caller.actor()
            )
        )

    @mutation(
        OmsShortPickPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="A location could not pick some units: ship the rest, re-route the missing "
        "units elsewhere, take them off the location's stock (SHORT_PICK, written back to "
        "Saleor) and open a count task for the bin. The same report again changes nothing.",
        shipment_id=graphene.ID(required=True),
        lines=graphene.List(graphene.NonNull(OmsShortPickLineInput), required=True),
    )
    def report_short_pick(
        caller: Caller, shipment_id: str, lines: list[dict[str, Any]]
    ) -> OmsShortPickPayload:
        pk = pk_from_global_id(shipment_id, expected_type="OmsPlanShipment")
        missing: dict[str, int] = {}
        for line in lines:
            missing[line["line_id"]] = missing.get(line["line_id"], 0) + line["missing"]
        shipment = services.short_pick_report(
            tenant_id=caller.tenant.pk, shipment_id=pk, missing=missing, actor=caller.actor()
        )
        return OmsShortPickPayload(shipment=shipment, errors=[])

    @mutation(
        OmsRoutingRuleSetPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="A new draft (next version of its name).",
        input=OmsRoutingRuleSetInput(required=True),
    )
    def routing_rule_set_create(caller: Caller, input: dict[str, Any]) -> OmsRoutingRuleSetPayload:
        rule_set = services.ruleset_create(
            tenant_id=caller.tenant.pk,
            name=input.get("name") or "",
            channel=input.get("channel"),
            document=input.get("document"),
            actor=caller.actor(),
        )
        return OmsRoutingRuleSetPayload(rule_set=rule_set, errors=[])

    @mutation(
        OmsRoutingRuleSetPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="Change a draft.",
        id=graphene.ID(required=True),
        input=OmsRoutingRuleSetInput(required=True),
    )
    def routing_rule_set_update(
        caller: Caller, id: str, input: dict[str, Any]
    ) -> OmsRoutingRuleSetPayload:
        pk = pk_from_global_id(id, expected_type="OmsRoutingRuleSet")
        rule_set = services.ruleset_update(
            tenant_id=caller.tenant.pk,
            ruleset_id=pk,
            document=input.get("document"),
            channel=input.get("channel"),
            actor=caller.actor(),
        )
        return OmsRoutingRuleSetPayload(rule_set=rule_set, errors=[])

    @mutation(
        OmsRoutingRuleSetPayload,
        access=ROUTING,
        errors=FULFILMENT_ERRORS,
        description="Publish a draft; the one published for its channel is archived.",
        id=graphene.ID(required=True),
    )
    def routing_rule_set_publish(caller: Caller, id: str) -> OmsRoutingRuleSetPayload:
        pk = pk_from_global_id(id, expected_type="OmsRoutingRuleSet")
        rule_set = services.ruleset_publish(
            tenant_id=caller.tenant.pk, ruleset_id=pk, actor=caller.actor()
        )
        return OmsRoutingRuleSetPayload(rule_set=rule_set, errors=[])

    @mutation(
        OmsLocationRoutingSettingsPayload,
        access=Requires(*LOCATION_SETTINGS_PERMISSIONS),
        errors=FULFILMENT_ERRORS,
        description="Change a location's routing settings.",
        location_id=graphene.ID(required=True),
        input=OmsLocationRoutingSettingsInput(required=True),
    )
    def location_routing_settings_update(
        caller: Caller, location_id: str, input: dict[str, Any]
    ) -> OmsLocationRoutingSettingsPayload:
        pk = pk_from_global_id(location_id, expected_type="OmsLocation")
        settings = services.location_routing_update(
            tenant_id=caller.tenant.pk, location_id=pk, changes=dict(input), actor=caller.actor()
        )
        return OmsLocationRoutingSettingsPayload(settings=settings, errors=[])
