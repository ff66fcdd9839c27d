"""SQL per request of the trigger rules reads: rules, firings, staff tasks and catalogues."""

from __future__ import annotations

import itertools
import uuid

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.rules.models import ActionRun, RuleFiring, StaffTask
from tests.fixtures.graphql import make_api_key, make_order
from tests.fixtures.query_counts import assert_constant_queries, edges, queries_of
from tests.fixtures.rules import NOW, rule_make

pytestmark = pytest.mark.django_db

RULE_FIELDS = (
    "id name description enabled priority trigger conditions actions refire refireHours version"
)
CATALOGUES = """
ruleFields { name type operators description }
ruleTriggers { name subject description }
ruleTemplates { key name description definition }
"""
# The Dashboard's Rules page (pages/Rules.tsx) and task list (pages/Tasks.tsx), with more of
# the orders.
RULES = f"""
query Rules {{
  rules(first: 100) {{ totalCount edges {{ node {{ {RULE_FIELDS} }} }} }}
  {CATALOGUES}
}}
"""
RULE = f"query Rule($id: ID!) {{ rule(id: $id) {{ {RULE_FIELDS} }} }}"
FIRINGS = """
query Firings {
  ruleFirings(first: 25) {
    edges { node {
      id firedAt ruleVersion trigger rule { name } actionRuns { type state attempts lastError }
      order { number lines { sku } flags { label } }
    } }
  }
}
"""
TASKS = """
query Tasks($status: String, $first: Int) {
  staffTasks(status: $status, first: $first) {
    totalCount
    edges { node {
      id title description role assignee dueAt status createdAt
      order { number fulfillments { status lines { quantity } } routingPlan { state } }
    } }
  }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


def test_rules(client, capture_tenant, headers):
    def grow(count):
        for _ in range(count):
            rule_make(capture_tenant)

    # key (1), page (1), totalCount (1); the catalogues are code, not rows
    assert_constant_queries(
        client, RULES, grow=grow, rows=edges("rules"), expected=3, headers=headers
    )


def test_rule(client, capture_tenant, headers):
    rule = rule_make(capture_tenant)
    # key (1), rule (1)
    count, body = queries_of(
        client, RULE, {"id": to_global_id("OmsRule", rule.pk)}, headers=headers
    )
    assert body["data"]["rule"]["name"] == rule.name
    assert count == 2


def test_rule_catalogues(client, headers):
    # key (1)
    count, body = queries_of(client, f"query Catalogues {{ {CATALOGUES} }}", headers=headers)
    assert body["data"]["ruleFields"] and body["data"]["ruleTriggers"]
    assert body["data"]["ruleTemplates"]
    assert count == 1


def test_rule_firings(client, capture_tenant, headers):
    rules = [rule_make(capture_tenant), rule_make(capture_tenant)]
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            order = make_order(capture_tenant, number, fulfillments=0)
            firing = RuleFiring.objects.create(
                tenant=capture_tenant,
                rule=rules[number % 2],
                rule_version=1,
                order=order,
                subject_key=f"order:{order.pk}",
                window_key="once",
                trigger="order.created",
                fired_at=NOW,
            )
            for position in (0, 1):
                ActionRun.objects.create(
                    tenant=capture_tenant,
                    firing=firing,
                    position=position,
                    type="flag",
                    idempotency_key=uuid.uuid4().hex,
                )

    # key (1), page with the rules and orders (1), action runs (1), the orders' lines (1) and
    # flags (1)
    assert_constant_queries(
        client, FIRINGS, grow=grow, rows=edges("ruleFirings"), expected=5, headers=headers
    )


def test_staff_tasks(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            order = make_order(capture_tenant, number)
            StaffTask.objects.create(
                tenant=capture_tenant, order=order, title=f"Call about {number}", role="support"
            )

    # key (1), page with the orders (1), totalCount (1), the orders' fulfilments (1) with their
    # lines (1), and routing plans (1)
    assert_constant_queries(
        client,
        TASKS,
        grow=grow,
        rows=edges("staffTasks"),
        expected=6,
        headers=headers,
        variables={"status": "open", "first": 100},
    )
