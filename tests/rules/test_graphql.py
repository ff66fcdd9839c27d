"""GraphQL for rules, firings and staff tasks (MANAGE_ORDERS)."""

from __future__ import annotations

import json

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.rules.engine import rules_evaluate_event
from saleor_oms_plugin.rules.models import Rule, StaffTask
from saleor_oms_plugin.rules.triggers import trigger_names
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.rules import NOW, order_make, rule_make

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: OmsRuleInput!) { ruleCreate(input: $input) {
  rule { id name version trigger conditions enabled } errors { field code message } } }"""
RULE = {
    "name": "Big",
    "trigger": "order.created",
    "conditions": json.dumps(
        {"field": "total_gross", "op": "gte", "value": 500, "currency": "USD"}
    ),
    "actions": json.dumps(
        [
            {"type": "flag", "colour": "orange", "label": "Big"},
            {"type": "task", "title": "Check #{{ number }}"},
        ]
    ),
}


@pytest.fixture
def key(capture_tenant):
    return make_api_key(capture_tenant, ["MANAGE_ORDERS"])


def test_create_update_enable_and_delete_a_rule(client, key):
    status, body = gql(client, CREATE, {"input": RULE}, api_key=key)
    payload = body["data"]["ruleCreate"]
    assert status == 200 and payload["errors"] == []
    rule_id = payload["rule"]["id"]
    assert payload["rule"]["version"] == 1
    assert json.loads(payload["rule"]["conditions"]) == {
        "field": "total_gross",
        "op": "gte",
        "value": 500,
        "currency": "USD",
    }
    _, body = gql(
        client,
        """mutation($id: ID!) { ruleUpdate(id: $id, input: {priority: 5}) {
        rule { version } errors { code } } }""",
        {"id": rule_id},
        api_key=key,
    )
    assert body["data"]["ruleUpdate"]["rule"]["version"] == 2
    _, body = gql(
        client,
        """mutation($id: ID!) { ruleSetEnabled(id: $id, enabled: false) {
        rule { enabled version } errors { code } } }""",
        {"id": rule_id},
        api_key=key,
    )
    assert body["data"]["ruleSetEnabled"]["rule"] == {"enabled": False, "version": 3}
    _, body = gql(
        client, """{ rules(first: 5) { totalCount edges { node { name } } } }""", api_key=key
    )
    assert body["data"]["rules"]["totalCount"] == 1
    _, body = gql(
        client,
        """mutation($id: ID!) { ruleDelete(id: $id) { deleted errors { code }
        } }""",
        {"id": rule_id},
        api_key=key,
    )
    assert body["data"]["ruleDelete"] == {"deleted": True, "errors": []}
    assert not Rule.objects.exists()


def test_an_invalid_rule_reports_each_issue_and_saves_nothing(client, key):
    bad = {
        **RULE,
        "conditions": json.dumps(
            {
                "all": [
                    {"field": "total_gross", "op": "contains", "value": 1, "currency": "USD"},
                    {"field": "colour", "op": "eq", "value": "red"},
                ]
            }
        ),
        "actions": json.dumps([{"type": "flag", "colour": "pink", "label": "x"}]),
    }
    _, body = gql(client, CREATE, {"input": bad}, api_key=key)
    errors = body["data"]["ruleCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("conditions.all[0].op", "OPERATOR_NOT_ALLOWED"),
        ("conditions.all[1].field", "UNKNOWN_FIELD"),
        ("actions[0].colour", "INVALID_VALUE"),
    ]
    assert not Rule.objects.exists()
    _, body = gql(client, CREATE, {"input": RULE}, api_key=key)
    _, body = gql(client, CREATE, {"input": RULE}, api_key=key)
    assert [e["code"] for e in body["data"]["ruleCreate"]["errors"]] == ["DUPLICATE_NAME"]


def test_rules_need_manage_orders(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(client, CREATE, {"input": RULE}, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert not Rule.objects.exists()


def test_dry_run_firings_flags_and_tasks(
    client, key, capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule, a big and a small order
    rule = rule_make(
        capture_tenant,
        **{
            **RULE,
            "conditions": json.loads(RULE["conditions"]),
            "actions": json.loads(RULE["actions"]),
        },
    )
    big, small = order_make(capture_tenant, total="800"), order_make(capture_tenant, total="5")
    # when it is dry-run over past orders
    _, body = gql(
        client,
        """mutation($id: ID!) { ruleDryRun(id: $id) {
        result { evaluated matched matches { number alreadyFired } } errors { code } } }""",
        {"id": to_global_id("OmsRule", rule.pk)},
        api_key=key,
    )
    assert body["data"]["ruleDryRun"]["result"] == {
        "evaluated": 2,
        "matched": 1,
        "matches": [{"number": big.number, "alreadyFired": False}],
    }
    # when it really fires for both orders
    with django_capture_on_commit_callbacks(execute=True):
        for order in (big, small):
            rules_evaluate_event(
                tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
            )
    # then the firing, its actions, the order's flag and the task are visible
    _, body = gql(
        client,
        """{ ruleFirings(first: 5) { edges { node { ruleVersion windowKey
        order { number flags { label colour } } actionRuns { type state } } } } }""",
        api_key=key,
    )
    [edge] = body["data"]["ruleFirings"]["edges"]
    assert edge["node"] == {
        "ruleVersion": 1,
        "windowKey": "once",
        "order": {"number": big.number, "flags": [{"label": "Big", "colour": "orange"}]},
        "actionRuns": [
            {"type": "flag", "state": "succeeded"},
            {"type": "task", "state": "succeeded"},
        ],
    }
    _, body = gql(
        client,
        """{ staffTasks(first: 5, status: "open") { edges { node { id title
        } } } }""",
        api_key=key,
    )
    [task] = body["data"]["staffTasks"]["edges"]
    assert task["node"]["title"] == f"Check #{big.number}"
    task_id = task["node"]["id"]
    _, body = gql(
        client,
        """mutation($id: ID!) { staffTaskAssign(id: $id, assignee: "ada") {
        task { assignee } errors { code } } }""",
        {"id": task_id},
        api_key=key,
    )
    assert body["data"]["staffTaskAssign"] == {"task": {"assignee": "ada"}, "errors": []}
    complete = """mutation($id: ID!) { staffTaskComplete(id: $id) { task { status }
        errors { code } } }"""
    _, body = gql(client, complete, {"id": task_id}, api_key=key)
    assert body["data"]["staffTaskComplete"] == {"task": {"status": "done"}, "errors": []}
    _, body = gql(client, complete, {"id": task_id}, api_key=key)
    assert body["data"]["staffTaskComplete"]["errors"] == [{"code": "TASK_CLOSED"}]
    assert StaffTask.objects.get().status == "done"


def test_templates_and_fields_are_listed_and_templates_import(client, key):
    _, body = gql(client, "{ ruleTemplates { key } ruleFields { name operators } }", api_key=key)
    assert len(body["data"]["ruleTemplates"]) == 6
    fields = {f["name"]: f["operators"] for f in body["data"]["ruleFields"]}
    assert fields["hours_since_paid"] == ["gt", "gte", "is_null", "lt", "lte"]
    from saleor_oms_plugin.rules.portability import templates_document

    _, body = gql(
        client,
        """mutation($d: JSONString!) { ruleImport(document: $d) { created
        errors { code } } }""",
        {"d": json.dumps(templates_document(["paid-packing-task"]))},
        api_key=key,
    )
    assert body["data"]["ruleImport"] == {"created": ["Paid: packing task"], "errors": []}


TRIGGERS = "{ ruleTriggers { name subject description } }"


def test_rule_triggers_list_every_trigger_a_rule_may_name(client, key):
    _, body = gql(client, TRIGGERS, api_key=key)
    triggers = {t["name"]: t for t in body["data"]["ruleTriggers"]}
    # every name the rule validator accepts, sorted, each described
    assert [t["name"] for t in body["data"]["ruleTriggers"]] == trigger_names()
    assert all(t["description"] for t in triggers.values())
    assert triggers["order.paid"] == {
        "name": "order.paid",
        "subject": "order",
        "description": "An order was paid in full (ORDER_FULLY_PAID).",
    }
    assert triggers["stock.low"]["subject"] == "stock"
    # including what other domains registered at start-up, described from their name
    assert triggers["return.rejected"]["description"] == "Return rejected."
    assert triggers["stock.run_out_risk"]["subject"] == "stock"
    # and a rule saved with a listed trigger is accepted
    _, body = gql(client, CREATE, {"input": {**RULE, "trigger": "return.rejected"}}, api_key=key)
    assert body["data"]["ruleCreate"]["errors"] == []


def test_rule_triggers_need_manage_orders(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(client, TRIGGERS, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
