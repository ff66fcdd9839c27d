"""Mutations of trigger rules and staff tasks: thin edges over ``rules.services``."""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.mutations import (
    Caller,
    PayloadErrors,
    Problem,
    mutation,
    single_problem,
)
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, Requires
from saleor_oms_plugin.graphql.rules.types import (
    OmsRule,
    OmsRuleDryRun,
    OmsRuleError,
    OmsStaffTask,
)
from saleor_oms_plugin.rules import dry_run, services
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.error_codes import RuleErrorCode
from saleor_oms_plugin.rules.errors import RuleError, RuleValidationError
from saleor_oms_plugin.rules.portability import rules_import
from saleor_oms_plugin.rules.selectors import rule_get


def _problems(exc: RuleError) -> list[Problem]:
    """A definition's every issue, each at its path; any other refusal as itself."""
    if isinstance(exc, RuleValidationError):
        return [Problem(issue.path, issue.code, issue.message) for issue in exc.issues]
    return single_problem(exc)


RULE_ERRORS = PayloadErrors(OmsRuleError, RuleError, problems=_problems)
RULES = Requires(MANAGE_ORDERS)


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
    errors = RULE_ERRORS.field()
    rule = graphene.Field(OmsRule)


class OmsRuleDeletePayload(graphene.ObjectType):
    errors = RULE_ERRORS.field()
    deleted = graphene.Boolean(required=True)


class OmsRuleDryRunPayload(graphene.ObjectType):
    errors = RULE_ERRORS.field()
    result = graphene.Field(OmsRuleDryRun)


class OmsRuleImportPayload(graphene.ObjectType):
    errors = RULE_ERRORS.field()
    created = graphene.List(graphene.NonNull(graphene.String), required=True)
    updated = graphene.List(graphene.NonNull(graphene.String), required=True)
    unchanged = graphene.List(graphene.NonNull(graphene.String), required=True)


class OmsStaffTaskPayload(graphene.ObjectType):
    errors = RULE_ERRORS.field()
    task = graphene.Field(OmsStaffTask)


def _rule_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsRule")


class RuleMutations(graphene.ObjectType):
    @mutation(OmsRulePayload, access=RULES, errors=RULE_ERRORS, input=OmsRuleInput(required=True))
    def rule_create(caller: Caller, input: dict[str, Any]) -> OmsRulePayload:
        rule = services.rule_create(
            tenant_id=caller.tenant.pk, definition=_definition(input), actor=caller.actor()
        )
        return OmsRulePayload(rule=rule, errors=[])

    @mutation(
        OmsRulePayload,
        access=RULES,
        errors=RULE_ERRORS,
        description="Change a rule; a changed definition is a new version.",
        id=graphene.ID(required=True),
        input=OmsRuleInput(required=True),
    )
    def rule_update(caller: Caller, id: str, input: dict[str, Any]) -> OmsRulePayload:
        rule = services.rule_update(
            tenant_id=caller.tenant.pk,
            rule_id=_rule_pk(id),
            changes=_definition(input),
            actor=caller.actor(),
        )
        return OmsRulePayload(rule=rule, errors=[])

    @mutation(
        OmsRulePayload,
        access=RULES,
        errors=RULE_ERRORS,
        id=graphene.ID(required=True),
        enabled=graphene.Boolean(required=True),
    )
    def rule_set_enabled(caller: Caller, id: str, enabled: bool) -> OmsRulePayload:
        rule = services.rule_set_enabled(
            tenant_id=caller.tenant.pk, rule_id=_rule_pk(id), enabled=enabled, actor=caller.actor()
        )
        return OmsRulePayload(rule=rule, errors=[])

    @mutation(
        OmsRuleDeletePayload,
        access=RULES,
        errors=RULE_ERRORS,
        refused=lambda caller: {"deleted": False},
        id=graphene.ID(required=True),
    )
    def rule_delete(caller: Caller, id: str) -> OmsRuleDeletePayload:
        services.rule_delete(tenant_id=caller.tenant.pk, rule_id=_rule_pk(id), actor=caller.actor())
        return OmsRuleDeletePayload(deleted=True, errors=[])

    @mutation(
        OmsRuleDryRunPayload,
        access=RULES,
        errors=RULE_ERRORS,
        description="What a stored (id) or drafted (input) rule would fire on; acts on nothing.",
        id=graphene.ID(),
        input=OmsRuleInput(),
        since=graphene.DateTime(),
        limit=graphene.Int(),
    )
    def rule_dry_run(
        caller: Caller,
        id: str | None = None,
        input: dict[str, Any] | None = None,
        since: Any = None,
        limit: int | None = None,
    ) -> OmsRuleDryRunPayload:
        tenant = caller.tenant
        rule = rule_get(tenant_id=tenant.pk, pk=_rule_pk(id)) if id else None
        if id and rule is None:
            raise RuleError(RuleErrorCode.NOT_FOUND, "No such rule.", field="id")
        base = services.rule_definition(rule) if rule else {}
        definition = definition_validate({**base, **_definition(input or {})})
        report = dry_run.rule_dry_run(
            tenant_id=tenant.pk, definition=definition, rule=rule, since=since, limit=limit or 500
        )
        return OmsRuleDryRunPayload(result=report, errors=[])

    @mutation(
        OmsRuleImportPayload,
        access=RULES,
        errors=RULE_ERRORS,
        refused=lambda caller: {"created": [], "updated": [], "unchanged": []},
        document=graphene.JSONString(required=True),
        dry_run=graphene.Boolean(default_value=False),
    )
    def rule_import(caller: Caller, document: Any, dry_run: bool = False) -> OmsRuleImportPayload:
        report = rules_import(
            tenant_id=caller.tenant.pk,
            document=document if isinstance(document, dict) else {},
            actor=caller.actor(),
            dry_run=dry_run,
        )
        return OmsRuleImportPayload(
            created=report.created, updated=report.updated, unchanged=report.unchanged, errors=[]
        )

    @mutation(
        OmsStaffTaskPayload,
        access=RULES,
        errors=RULE_ERRORS,
        id=graphene.ID(required=True),
        assignee=graphene.String(required=True),
    )
    def staff_task_assign(caller: Caller, id: str, assignee: str) -> OmsStaffTaskPayload:
        task = services.staff_task_assign(
            tenant_id=caller.tenant.pk,
            task_id=pk_from_global_id(id, expected_type="OmsStaffTask"),
            assignee=assignee,
            actor=caller.actor(),
        )
        return OmsStaffTaskPayload(task=task, errors=[])

    @mutation(OmsStaffTaskPayload, access=RULES, errors=RULE_ERRORS, id=graphene.ID(required=True))
    def staff_task_complete(caller: Caller, id: str) -> OmsStaffTaskPayload:
        task = services.staff_task_complete(
            tenant_id=caller.tenant.pk,
            task_id=pk_from_global_id(id, expected_type="OmsStaffTask"),
            actor=caller.actor(),
        )
        return OmsStaffTaskPayload(task=task, errors=[])
