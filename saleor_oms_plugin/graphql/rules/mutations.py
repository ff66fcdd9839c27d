"""Mutations of trigger rules and staff tasks: thin edges over ``rules.services``."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.graphql.rules.types import (
    OmsRule,
    OmsRuleDryRun,
    OmsRuleError,
    OmsStaffTask,
)
from saleor_oms_plugin.rules import services
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.dry_run import rule_dry_run
from saleor_oms_plugin.rules.error_codes import RuleErrorCode
from saleor_oms_plugin.rules.errors import RuleError, RuleValidationError
from saleor_oms_plugin.rules.portability import rules_import
from saleor_oms_plugin.rules.selectors import rule_get

_ERRORS = graphene.List(graphene.NonNull(OmsRuleError), required=True)


def _errors(exc: RuleError) -> list[Any]:
    if isinstance(exc, RuleValidationError):
        return [
            OmsRuleError(field=i.path, message=i.message, code=i.code.value) for i in exc.issues
        ]
    return [OmsRuleError(field=exc.field, message=exc.message, code=exc.code.value)]


class OmsRuleInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    enabled = graphene.Boolean()
    priority = graphene.Int()
    trigger = graphene.String(description="A domain event (order.paid…) or 'schedule'.")
    conditions = graphene.JSONString(description="The condition tree; see ruleFields.")
    actions = graphene.JSONString(description="A list of actions.")
    refire = graphene.String(
        description="never (default; reentry for stock triggers), reentry or every"
    )
    refire_hours = graphene.Int(description="With refire 'every': the window in hours.")


def _definition(data: dict[str, Any]) -> dict[str, Any]:
    # Only what the client sent: an update changes those fields and keeps the rest.
    return {key: value for key, value in data.items() if value is not None}


class OmsRulePayload(graphene.ObjectType):
    rule = graphene.Field(OmsRule)
    errors = _ERRORS


class OmsRuleDeletePayload(graphene.ObjectType):
    deleted = graphene.Boolean(required=True)
    errors = _ERRORS


class OmsRuleDryRunPayload(graphene.ObjectType):
    result = graphene.Field(OmsRuleDryRun)
    errors = _ERRORS


class OmsRuleImportPayload(graphene.ObjectType):
    created = graphene.List(graphene.NonNull(graphene.String), required=True)
    updated = graphene.List(graphene.NonNull(graphene.String), required=True)
    unchanged = graphene.List(graphene.NonNull(graphene.String), required=True)
    errors = _ERRORS


class OmsStaffTaskPayload(graphene.ObjectType):
    task = graphene.Field(OmsStaffTask)
    errors = _ERRORS


def _rule_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsRule")


class RuleMutations(graphene.ObjectType):
    rule_create = graphene.Field(
        graphene.NonNull(OmsRulePayload), input=OmsRuleInput(required=True)
    )
    rule_update = graphene.Field(
        graphene.NonNull(OmsRulePayload),
        id=graphene.ID(required=True),
        input=OmsRuleInput(required=True),
        description="Change a rule; a changed definition is a new version.",
    )
    rule_set_enabled = graphene.Field(
        graphene.NonNull(OmsRulePayload),
        id=graphene.ID(required=True),
        enabled=graphene.Boolean(required=True),
    )
    rule_delete = graphene.Field(
        graphene.NonNull(OmsRuleDeletePayload), id=graphene.ID(required=True)
    )
    rule_dry_run = graphene.Field(
        graphene.NonNull(OmsRuleDryRunPayload),
        id=graphene.ID(),
        input=OmsRuleInput(),
        since=graphene.DateTime(),
        limit=graphene.Int(),
        description="What a stored (id) or drafted (input) rule would fire on; acts on nothing.",
    )
    rule_import = graphene.Field(
        graphene.NonNull(OmsRuleImportPayload),
        document=graphene.JSONString(required=True),
        dry_run=graphene.Boolean(default_value=False),
    )
    staff_task_assign = graphene.Field(
        graphene.NonNull(OmsStaffTaskPayload),
        id=graphene.ID(required=True),
        assignee=graphene.String(required=True),
    )
    staff_task_complete = graphene.Field(
        graphene.NonNull(OmsStaffTaskPayload), id=graphene.ID(required=True)
    )

    @staticmethod
    def resolve_rule_create(root: Any, info: GraphQLResolveInfo, input: dict) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            rule = services.rule_create(
                tenant_id=tenant.pk, definition=_definition(input), actor=viewer.actor()
            )
        except RuleError as exc:
            return OmsRulePayload(errors=_errors(exc))
        return OmsRulePayload(rule=rule, errors=[])

    @staticmethod
    def resolve_rule_update(root: Any, info: GraphQLResolveInfo, id: str, input: dict) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            rule = services.rule_update(
                tenant_id=tenant.pk,
                rule_id=_rule_pk(id),
                changes=_definition(input),
                actor=viewer.actor(),
            )
        except RuleError as exc:
            return OmsRulePayload(errors=_errors(exc))
        return OmsRulePayload(rule=rule, errors=[])

    @staticmethod
    def resolve_rule_set_enabled(
        root: Any, info: GraphQLResolveInfo, id: str, enabled: bool
    ) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            rule = services.rule_set_enabled(
                tenant_id=tenant.pk, rule_id=_rule_pk(id), enabled=enabled, actor=viewer.actor()
            )
        except RuleError as exc:
            return OmsRulePayload(errors=_errors(exc))
        return OmsRulePayload(rule=rule, errors=[])

    @staticmethod
    def resolve_rule_delete(root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            services.rule_delete(tenant_id=tenant.pk, rule_id=_rule_pk(id), actor=viewer.actor())
        except RuleError as exc:
            return OmsRuleDeletePayload(deleted=False, errors=_errors(exc))
        return OmsRuleDeletePayload(deleted=True, errors=[])

    @staticmethod
    def resolve_rule_dry_run(
        root: Any,
        info: GraphQLResolveInfo,
        id: str | None = None,
        input: dict | None = None,
        since: Any = None,
        limit: int | None = None,
    ) -> Any:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        rule = rule_get(tenant_id=tenant.pk, pk=_rule_pk(id)) if id else None
        try:
            if id and rule is None:
                raise RuleError(RuleErrorCode.NOT_FOUND, "No such rule.", field="id")
            base = services.rule_definition(rule) if rule else {}
            definition = definition_validate({**base, **_definition(input or {})})
        except RuleError as exc:
            return OmsRuleDryRunPayload(errors=_errors(exc))
        report = rule_dry_run(
            tenant_id=tenant.pk, definition=definition, rule=rule, since=since, limit=limit or 500
        )
        return OmsRuleDryRunPayload(result=report, errors=[])

    @staticmethod
    def resolve_rule_import(
        root: Any, info: GraphQLResolveInfo, document: Any, dry_run: bool = False
    ) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            report = rules_import(
                tenant_id=tenant.pk,
                document=document if isinstance(document, dict) else {},
                actor=viewer.actor(),
                dry_run=dry_run,
            )
        except RuleError as exc:
            return OmsRuleImportPayload(created=[], updated=[], unchanged=[], errors=_errors(exc))
        return OmsRuleImportPayload(
            created=report.created, updated=report.updated, unchanged=report.unchanged, errors=[]
        )

    @staticmethod
    def resolve_staff_task_assign(
        root: Any, info: GraphQLResolveInfo, id: str, assignee: str
    ) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            task = services.staff_task_assign(
                tenant_id=tenant.pk,
                task_id=pk_from_global_id(id, expected_type="OmsStaffTask"),
                assignee=assignee,
                actor=viewer.actor(),
            )
        except RuleError as exc:
            return OmsStaffTaskPayload(errors=_errors(exc))
        return OmsStaffTaskPayload(task=task, errors=[])

    @staticmethod
    def resolve_staff_task_complete(root: Any, info: GraphQLResolveInfo, id: str) -> Any:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        try:
            task = services.staff_task_complete(
                tenant_id=tenant.pk,
                task_id=pk_from_global_id(id, expected_type="OmsStaffTask"),
                actor=viewer.actor(),
            )
        except RuleError as exc:
            return OmsStaffTaskPayload(errors=_errors(exc))
        return OmsStaffTaskPayload(task=task, errors=[])
