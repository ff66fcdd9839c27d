"""Queries of trigger rules, firings and staff tasks (MANAGE_ORDERS)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.orders.loaders import prime_orders_of
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.graphql.rules.types import (
    OmsRule,
    OmsRuleConnection,
    OmsRuleField,
    OmsRuleFiringConnection,
    OmsRuleTemplate,
    OmsRuleTrigger,
    OmsStaffTaskConnection,
)
from saleor_oms_plugin.rules import selectors
from saleor_oms_plugin.rules.fields import EVENT_PREFIX, FIELDS, OPERATORS
from saleor_oms_plugin.rules.library import TEMPLATES
from saleor_oms_plugin.rules.triggers import trigger_list


class RuleQueries(graphene.ObjectType):
    rules = graphene.Field(
        graphene.NonNull(OmsRuleConnection),
        **connection_args(trigger=graphene.String(), enabled=graphene.Boolean()),
        description="Trigger rules, by priority. Requires MANAGE_ORDERS.",
    )
    rule = graphene.Field(OmsRule, id=graphene.ID(required=True))
    rule_firings = graphene.Field(
        graphene.NonNull(OmsRuleFiringConnection),
        **connection_args(rule=graphene.ID(), order=graphene.ID()),
        description="Firings, newest first, with their snapshots and action outcomes.",
    )
    staff_tasks = graphene.Field(
        graphene.NonNull(OmsStaffTaskConnection),
        **connection_args(
            status=graphene.String(), assignee=graphene.String(), role=graphene.String()
        ),
        description="Staff tasks, soonest due first.",
    )
    rule_templates = graphene.List(graphene.NonNull(OmsRuleTemplate), required=True)
    rule_fields = graphene.List(
        graphene.NonNull(OmsRuleField),
        required=True,
        description="The fields conditions may use, with operators.",
    )
    rule_triggers = graphene.List(
        graphene.NonNull(OmsRuleTrigger),
        required=True,
        description="The triggers a rule may name, by name. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_rules(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        trigger: str | None = None,
        enabled: bool | None = None,
    ) -> Any:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        rules = selectors.rule_list(tenant_id=tenant.pk, trigger=trigger, enabled=enabled)
        return connection_from_queryset(rules, OmsRuleConnection, first=first, after=after)

    @staticmethod
    def resolve_rule(root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return selectors.rule_get(
            tenant_id=tenant.pk, pk=pk_from_global_id(id, expected_type="OmsRule")
        )

    @staticmethod
    def resolve_rule_firings(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        rule: str | None = None,
        order: str | None = None,
    ) -> Any:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        firings = selectors.firing_list(
            tenant_id=tenant.pk,
            rule_id=pk_from_global_id(rule, expected_type="OmsRule") if rule else None,
            order_id=pk_from_global_id(order, expected_type="OmsOrder") if order else None,
        ).prefetch_related("action_runs")
        page = connection_from_queryset(firings, OmsRuleFiringConnection, first=first, after=after)
        prime_orders_of(info, (edge.node for edge in page.edges), "edges", "node")
        return page

    @staticmethod
    def resolve_staff_tasks(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        status: str | None = None,
        assignee: str | None = None,
        role: str | None = None,
    ) -> Any:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        tasks = selectors.task_list(
            tenant_id=tenant.pk, status=status, assignee=assignee, role=role
        ).select_related("order")
        page = connection_from_queryset(tasks, OmsStaffTaskConnection, first=first, after=after)
        prime_orders_of(info, (edge.node for edge in page.edges), "edges", "node")
        return page

    @staticmethod
    def resolve_rule_templates(root: Any, info: GraphQLResolveInfo) -> list[OmsRuleTemplate]:
        require_any(info, [MANAGE_ORDERS])
        return [
            OmsRuleTemplate(key=key, name=t["name"], description=t["description"], definition=t)
            for key, t in sorted(TEMPLATES.items())
        ]

    @staticmethod
    def resolve_rule_fields(root: Any, info: GraphQLResolveInfo) -> list[OmsRuleField]:
        require_any(info, [MANAGE_ORDERS])
        return [
            OmsRuleField(
                name=f.name,
                type=f.type.value,
                operators=sorted(OPERATORS[f.type]),
                description=f.description,
                money=f.money,
            )
            for f in FIELDS.values()
        ]

    @staticmethod
    def resolve_rule_triggers(root: Any, info: GraphQLResolveInfo) -> list[OmsRuleTrigger]:
        require_any(info, [MANAGE_ORDERS])
        return [
            OmsRuleTrigger(
                name=trigger.name,
                subject=trigger.subject.value,
                description=trigger.description,
                event_fields=[
                    OmsRuleField(
                        name=f"{EVENT_PREFIX}{f.key}",
                        type=f.type.value if f.type else "template",
                        operators=sorted(OPERATORS[f.type]) if f.type else [],
                        description=f.description,
                        money=False,
                    )
                    for f in trigger.event_fields.values()
                ],
            )
            for trigger in trigger_list()
        ]
