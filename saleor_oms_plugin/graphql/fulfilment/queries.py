"""Routing plans, rule sets, location routing settings and replays."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings, PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.replay import ReplayReport, routing_replay
from saleor_oms_plugin.fulfilment.selectors import (
    location_routing_settings_get,
    plan_get,
    plan_list,
    ruleset_list,
)
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.core.selection import selected_fields
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.fulfilment.types import (
    OmsLocationRoutingSettings,
    OmsReplayReport,
    OmsRoutingPlan,
    OmsRoutingPlanConnection,
    OmsRoutingPlanState,
    OmsRoutingRuleSetConnection,
    OmsRoutingRuleSetState,
)
from saleor_oms_plugin.graphql.orders.loaders import prime_orders_of
from saleor_oms_plugin.graphql.permissions import (
    MANAGE_ORDERS,
    MANAGE_PRODUCTS,
    require_any,
)
from saleor_oms_plugin.locations.selectors import location_get
from saleor_oms_plugin.saleor.errors import SaleorError

LOCATION_SETTINGS_PERMISSIONS = (MANAGE_PRODUCTS, MANAGE_ORDERS)


class FulfilmentQueries(graphene.ObjectType):
    routing_plans = graphene.Field(
        graphene.NonNull(OmsRoutingPlanConnection),
        description="Routing plans, newest first. Requires MANAGE_ORDERS.",
        **connection_args(state=OmsRoutingPlanState()),
    )
    routing_plan = graphene.Field(
        OmsRoutingPlan, id=graphene.ID(required=True), description="Requires MANAGE_ORDERS."
    )
    routing_rule_sets = graphene.Field(
        graphene.NonNull(OmsRoutingRuleSetConnection),
        description="Rule sets by name and newest version. Requires MANAGE_ORDERS.",
        **connection_args(state=OmsRoutingRuleSetState()),
    )
    location_routing_settings = graphene.Field(
        graphene.NonNull(OmsLocationRoutingSettings),
        location_id=graphene.ID(required=True),
        description="Routing settings of a location (defaults until changed). "
        "Requires MANAGE_PRODUCTS or MANAGE_ORDERS.",
    )
    routing_replay = graphene.Field(
        graphene.NonNull(OmsReplayReport),
        draft_id=graphene.ID(required=True),
        last=graphene.Int(default_value=100),
        description="Route the last N orders with a draft rule set and with the published one; "
        "compare cost, shipments and distance. Reads stock from Saleor. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_routing_plans(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        state: str | None = None,
    ) -> OmsRoutingPlanConnection:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        plans = plan_list(tenant_id=tenant.pk)
        if state:
            plans = plans.filter(state=enum_value(state))
        wanted = selected_fields(info, "edges", "node")
        if "order" in wanted:
            plans = plans.select_related("order")
        if "shipments" in wanted:
            located = PlanShipment.objects.select_related("location")
            plans = plans.prefetch_related(Prefetch("shipments", queryset=located))
        page = connection_from_queryset(plans, OmsRoutingPlanConnection, first=first, after=after)
        prime_orders_of(info, (edge.node for edge in page.edges), "edges", "node")
        return page

    @staticmethod
    def resolve_routing_plan(root: Any, info: GraphQLResolveInfo, id: str) -> RoutingPlan | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return plan_get(
            tenant_id=tenant.pk, pk=pk_from_global_id(id, expected_type="OmsRoutingPlan")
        )

    @staticmethod
    def resolve_routing_rule_sets(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        state: str | None = None,
    ) -> OmsRoutingRuleSetConnection:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        rulesets = ruleset_list(tenant_id=tenant.pk, state=enum_value(state))
        return connection_from_queryset(
            rulesets, OmsRoutingRuleSetConnection, first=first, after=after
        )

    @staticmethod
    def resolve_location_routing_settings(
        root: Any, info: GraphQLResolveInfo, location_id: str
    ) -> LocationRoutingSettings:
        _, tenant = require_any(info, LOCATION_SETTINGS_PERMISSIONS)
        pk = pk_from_global_id(location_id, expected_type="OmsLocation")
        location = location_get(tenant_id=tenant.pk, pk=pk)
        if location is None:
            raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ID, "No such location.")
        stored = location_routing_settings_get(tenant_id=tenant.pk, location_id=pk)
        # Unsaved defaults: what routing uses until staff change something.
        return stored or LocationRoutingSettings(tenant=tenant, location=location)

    @staticmethod
    def resolve_routing_replay(
        root: Any, info: GraphQLResolveInfo, draft_id: str, last: int = 100
    ) -> ReplayReport:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        pk = pk_from_global_id(draft_id, expected_type="OmsRoutingRuleSet")
        try:
            return routing_replay(tenant_id=tenant.pk, draft_id=pk, last=last)
        except FulfilmentError as exc:
            raise OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, exc.message) from None
        except SaleorError:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.SALEOR_UNAVAILABLE, "Saleor's stock could not be read."
            ) from None
