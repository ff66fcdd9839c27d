"""GraphQL types of trigger rules, firings, action runs, staff tasks and order flags."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.rules import selectors
from saleor_oms_plugin.rules.error_codes import ConditionErrorCode, RuleErrorCode
from saleor_oms_plugin.rules.models import ActionRun, OrderFlag, Rule, RuleFiring, StaffTask

_ORDER = "saleor_oms_plugin.graphql.orders.types.OmsOrder"

OmsRuleErrorCode = graphene.Enum(
    "OmsRuleErrorCode",
    [(code.value, code.value) for code in (*RuleErrorCode, *ConditionErrorCode)],
    description="Why a rule or task change was refused; condition issues name their path.",
)
OmsRuleError = error_type("OmsRuleError", OmsRuleErrorCode)


class OmsActionRun(graphene.ObjectType):
    position = graphene.Int(required=True)
    type = graphene.String(required=True)
    params = graphene.JSONString(required=True)
    state = graphene.String(
        required=True, description="pending, running, succeeded, failed, unavailable"
    )
    attempts = graphene.Int(required=True)
    outcome = graphene.JSONString(required=True)
    last_error = graphene.String(required=True)
    finished_at = graphene.DateTime()

    class Meta:
        description = "One action of a firing and what came of it."


class OmsRuleFiring(graphene.ObjectType):
    rule = graphene.Field(lambda: OmsRule)
    rule_version = graphene.Int(required=True)
    order = graphene.Field(_ORDER)
    subject_key = graphene.String(required=True)
    window_key = graphene.String(required=True)
    trigger = graphene.String(required=True)
    facts = graphene.JSONString(required=True, description="What the rule saw when it fired.")
    fired_at = graphene.DateTime(required=True)
    closed_at = graphene.DateTime()
    action_runs = graphene.List(graphene.NonNull(OmsActionRun), required=True)

    class Meta:
        interfaces = (Node,)
        description = "A rule firing: its input snapshot, its actions and their outcomes."

    is_type_of = instances_of(RuleFiring)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> RuleFiring | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return selectors.firing_list(tenant_id=tenant.pk).filter(pk=id).first()

    @staticmethod
    def resolve_action_runs(root: RuleFiring, info: GraphQLResolveInfo) -> list[ActionRun]:
        return list(root.action_runs.all())


class OmsRuleFiringConnection(OmsCountableConnection):
    class Meta:
        node = OmsRuleFiring
        strict_types = True


class OmsRule(graphene.ObjectType):
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    enabled = graphene.Boolean(required=True)
    priority = graphene.Int(required=True, description="Lower runs first.")
    trigger = graphene.String(required=True, description="A domain event or 'schedule'.")
    conditions = graphene.JSONString(required=True)
    actions = graphene.JSONString(required=True)
    refire = graphene.String(required=True, description="never, reentry or every")
    refire_hours = graphene.Int()
    version = graphene.Int(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A trigger rule: when (trigger, conditions) and what (actions)."

    is_type_of = instances_of(Rule)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Rule | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return selectors.rule_get(tenant_id=tenant.pk, pk=id)


class OmsRuleConnection(OmsCountableConnection):
    class Meta:
        node = OmsRule
        strict_types = True


class OmsStaffTask(graphene.ObjectType):
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    role = graphene.String(required=True)
    assignee = graphene.String(required=True)
    due_at = graphene.DateTime()
    status = graphene.String(required=True, description="open, done or cancelled")
    order = graphene.Field(_ORDER)
    created_at = graphene.DateTime(required=True)
    completed_at = graphene.DateTime()
    completed_by = graphene.String(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A task for staff, created by a rule."

    is_type_of = instances_of(StaffTask)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> StaffTask | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return selectors.task_get(tenant_id=tenant.pk, pk=id)


class OmsStaffTaskConnection(OmsCountableConnection):
    class Meta:
        node = OmsStaffTask
        strict_types = True


class OmsOrderFlag(graphene.ObjectType):
    label = graphene.String(required=True)
    colour = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    is_type_of = instances_of(OrderFlag)


class OmsRuleDryRunMatch(graphene.ObjectType):
    order = graphene.Field(_ORDER)
    number = graphene.String(required=True)
    already_fired = graphene.Boolean(required=True)
    facts = graphene.JSONString(required=True)

    @staticmethod
    def resolve_order(root: Any, info: GraphQLResolveInfo) -> Any:
        from saleor_oms_plugin.orders.models import Order

        return Order.objects.filter(pk=root.order_id).first()


class OmsRuleDryRun(graphene.ObjectType):
    evaluated = graphene.Int(required=True, description="Orders looked at.")
    matched = graphene.Int(required=True, description="Orders the rule would fire on.")
    matches = graphene.List(
        graphene.NonNull(OmsRuleDryRunMatch),
        required=True,
        description="A sample of the matches, with their facts.",
    )
    event_fields_unavailable = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Event fields the rule reads (`event.<key>`): past orders have no event "
        "data, so they read as empty here.",
    )


class OmsRuleTemplate(graphene.ObjectType):
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    definition = graphene.JSONString(required=True)


class OmsRuleTrigger(graphene.ObjectType):
    name = graphene.String(required=True, description="What a rule's `trigger` holds.")
    subject = graphene.String(
        required=True, description="What its conditions look at: order or stock."
    )
    description = graphene.String(required=True)
    event_fields = graphene.List(
        graphene.NonNull(lambda: OmsRuleField),
        required=True,
        description="The event's own data (`event.<key>` in conditions, "
        "`{{ event.<key> }}` in templates); type `template` is shown, never compared.",
    )

    class Meta:
        description = "An event (or the schedule) a rule can react to."


class OmsRuleField(graphene.ObjectType):
    name = graphene.String(required=True)
    type = graphene.String(required=True)
    operators = graphene.List(graphene.NonNull(graphene.String), required=True)
    description = graphene.String(required=True)
    money = graphene.Boolean(
        required=True,
        description="An amount of money: each comparison names its currency "
        '("currency": "USD") and holds only for subjects in it.',
    )
