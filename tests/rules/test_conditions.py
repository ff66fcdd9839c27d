"""The condition language: every validation error with its exact path and code; evaluation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from saleor_oms_plugin.rules import conditions
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.errors import RuleValidationError
from saleor_oms_plugin.rules.fields import Subject
from tests.fixtures.rules import NOW

CMP = {"field": "total_gross", "op": "gt", "value": 10, "currency": "USD"}
FLAG = {"type": "flag", "colour": "red", "label": "x"}


def _issues(raw, subject=Subject.ORDER):
    with pytest.raises(RuleValidationError) as caught:
        conditions.parse(raw, subject=subject)
    return [(i.path, i.code.value) for i in caught.value.issues]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], [("conditions", "INVALID_NODE")]),
        ({"nothing": 1}, [("conditions", "INVALID_NODE")]),
        ({"all": {"field": "status"}}, [("conditions.all", "INVALID_NODE")]),
        ({"any": []}, [("conditions.any", "EMPTY_GROUP")]),
        ({"all": [CMP], "any": [CMP]}, [("conditions.any", "UNEXPECTED_KEY")]),
        ({"field": "nope", "op": "eq", "value": 1}, [("conditions.field", "UNKNOWN_FIELD")]),
        ({"field": "sku", "op": "eq", "value": "A"}, [("conditions.field", "FIELD_NOT_AVAILABLE")]),
        ({"field": "status", "value": "X"}, [("conditions.op", "MISSING_KEY")]),
        ({"field": "status", "op": "like", "value": "X"}, [("conditions.op", "UNKNOWN_OPERATOR")]),
        (
            {"field": "status", "op": "gt", "value": "X"},
            [("conditions.op", "OPERATOR_NOT_ALLOWED")],
        ),
        ({"field": "skus", "op": "eq", "value": "X"}, [("conditions.op", "OPERATOR_NOT_ALLOWED")]),
        ({"field": "status", "op": "eq"}, [("conditions.value", "MISSING_KEY")]),
        (
            {"field": "total_gross", "op": "gt", "value": "10", "currency": "USD"},
            [("conditions.value", "INVALID_VALUE")],
        ),
        (
            {"field": "total_gross", "op": "gt", "value": True, "currency": "USD"},
            [("conditions.value", "INVALID_VALUE")],
        ),
        (
            {"field": "total_gross", "op": "gt", "value": 1e15, "currency": "USD"},
            [("conditions.value", "INVALID_VALUE")],
        ),
        (
            {"field": "hours_since_paid", "op": "gt", "value": -1},
            [("conditions.value", "INVALID_VALUE")],
        ),
        (
            {"field": "hours_since_paid", "op": "is_null", "value": "yes"},
            [("conditions.value", "INVALID_VALUE")],
        ),
        ({"field": "is_paid", "op": "eq", "value": 1}, [("conditions.value", "INVALID_VALUE")]),
        ({"field": "status", "op": "in", "value": []}, [("conditions.value", "INVALID_VALUE")]),
        (
            {"field": "status", "op": "in", "value": ["A", 2]},
            [("conditions.value[1]", "INVALID_VALUE")],
        ),
        (
            {"field": "skus", "op": "contains_any", "value": "A"},
            [("conditions.value", "INVALID_VALUE")],
        ),
        (
            {"field": "status", "op": "eq", "value": "x" * 256},
            [("conditions.value", "INVALID_VALUE")],
        ),
        ({"field": "metadata", "op": "eq", "value": "x"}, [("conditions.key", "MISSING_KEY")]),
        (
            {"field": "metadata", "key": "bad key!", "op": "eq", "value": "x"},
            [("conditions.key", "INVALID_VALUE")],
        ),
        (
            {"field": "status", "key": "k", "op": "eq", "value": "x"},
            [("conditions.key", "UNEXPECTED_KEY")],
        ),
        (
            {"field": "status", "op": "eq", "value": "x", "extra": 1},
            [("conditions.extra", "UNEXPECTED_KEY")],
        ),
        (
            {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": CMP}}}}}}}},
            [("conditions" + ".not" * 8, "TOO_DEEP")],
        ),
        ({"all": [CMP] * 200}, [("conditions.all[199]", "TOO_LARGE")]),
    ],
)
def test_each_invalid_condition_is_reported_with_its_path_and_code(raw, expected):
    # given a condition with one problem / when it is parsed / then exactly that issue is reported
    assert _issues(raw) == expected


def test_every_issue_of_a_condition_is_reported_at_once():
    # given a condition with three independent problems
    raw = {
        "all": [
            {"field": "nope", "op": "eq", "value": 1},
            {"field": "status", "op": "gt", "value": "X"},
            {"any": [{"field": "total_gross", "op": "gt", "value": "ten", "currency": "USD"}]},
        ]
    }
    # then all three are reported, each at its own path
    assert _issues(raw) == [
        ("conditions.all[0].field", "UNKNOWN_FIELD"),
        ("conditions.all[1].op", "OPERATOR_NOT_ALLOWED"),
        ("conditions.all[2].any[0].value", "INVALID_VALUE"),
    ]


def _definition_issues(**overrides):
    raw = {
        "name": "r",
        "trigger": "order.created",
        "conditions": {"all": [CMP]},
        "actions": [FLAG],
        **overrides,
    }
    with pytest.raises(RuleValidationError) as caught:
        definition_validate(raw)
    return [(i.path, i.code.value) for i in caught.value.issues]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"trigger": "order.shipped"}, [("trigger", "UNKNOWN_TRIGGER")]),
        ({"trigger": "schedule"}, [("conditions", "SCHEDULE_NEEDS_TIME_CONDITION")]),
        ({"actions": []}, [("actions", "INVALID_VALUE")]),
        ({"actions": [{"type": "explode"}]}, [("actions[0].type", "UNKNOWN_ACTION")]),
        ({"actions": ["flag"]}, [("actions[0]", "INVALID_ACTION")]),
        ({"actions": [{"type": "flag", "label": "x"}]}, [("actions[0].colour", "MISSING_KEY")]),
        (
            {"actions": [{"type": "flag", "colour": "pink", "label": "x"}]},
            [("actions[0].colour", "INVALID_VALUE")],
        ),
        ({"actions": [{**FLAG, "size": 3}]}, [("actions[0].size", "UNEXPECTED_KEY")]),
        (
            {"actions": [{"type": "note", "message": "{% if %}"}]},
            [("actions[0].message", "INVALID_VALUE")],
        ),
        (
            {"actions": [{"type": "email", "to": "not an address", "template": "generic"}]},
            [("actions[0].to", "INVALID_VALUE")],
        ),
        ({"actions": [{"type": "email", "to": "customer"}]}, [("actions[0]", "INVALID_ACTION")]),
        (
            {"trigger": "stock.out", "conditions": {"all": []}},
            [("actions[0].type", "INVALID_ACTION")],
        ),
        ({"refire": "sometimes"}, [("refire", "INVALID_VALUE")]),
        ({"refire": "every"}, [("refire_hours", "INVALID_VALUE")]),
        ({"refire_hours": 3}, [("refire_hours", "UNEXPECTED_KEY")]),
        ({"name": ""}, [("name", "INVALID_VALUE")]),
        ({"priority": "high"}, [("priority", "INVALID_VALUE")]),
        ({"enabled": "yes"}, [("enabled", "INVALID_VALUE")]),
        ({"colour": "red"}, [("colour", "UNEXPECTED_KEY")]),
    ],
)
def test_each_invalid_rule_definition_is_reported_with_its_path_and_code(overrides, expected):
    assert _definition_issues(**overrides) == expected


def test_a_valid_definition_is_cleaned_to_canonical_json():
    # given a rule with a lower-cased field and a float
    cleaned = definition_validate(
        {
            "name": " SLA ",
            "trigger": "schedule",
            "conditions": {
                "all": [
                    {"field": "hours_since_paid", "op": "gt", "value": 14 * 24},
                    {"field": "customer_email_domain", "op": "eq", "value": "Example.COM"},
                ]
            },
            "actions": [FLAG],
        }
    )
    # then the stored form is canonical
    assert cleaned.name == "SLA"
    assert cleaned.conditions == {
        "all": [
            {"field": "hours_since_paid", "op": "gt", "value": 336},
            {"field": "customer_email_domain", "op": "eq", "value": "example.com"},
        ]
    }
    assert cleaned.refire == "never"


FACTS = {
    "total_gross": Decimal("120.50"),
    "currency": "USD",
    "status": "UNFULFILLED",
    "skus": ["A", "B"],
    "customer_email": "grace@example.com",
    "metadata": {"vip": "yes"},
    "paid_at": NOW - timedelta(hours=15 * 24),
    "created_at": NOW - timedelta(days=20),
    "last_fulfillment_at": None,
    "is_paid": True,
    "countries_differ": False,
    "line_count": 2,
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"field": "total_gross", "op": "gt", "value": 120.5, "currency": "USD"}, False),
        ({"field": "total_gross", "op": "gte", "value": 120.5, "currency": "USD"}, True),
        ({"field": "hours_since_paid", "op": "gt", "value": 14 * 24}, True),
        ({"field": "hours_since_paid", "op": "gt", "value": 15 * 24}, False),
        ({"field": "hours_since_paid", "op": "gte", "value": 15 * 24}, True),
        ({"field": "hours_since_last_fulfillment", "op": "gt", "value": 1}, False),
        ({"not": {"field": "hours_since_last_fulfillment", "op": "gt", "value": 1}}, True),
        ({"field": "hours_since_last_fulfillment", "op": "is_null", "value": True}, True),
        ({"field": "skus", "op": "contains_all", "value": ["A", "B"]}, True),
        ({"field": "skus", "op": "contains_all", "value": ["A", "C"]}, False),
        ({"field": "skus", "op": "contains_none", "value": ["C"]}, True),
        ({"field": "metadata", "key": "vip", "op": "eq", "value": "yes"}, True),
        ({"field": "metadata", "key": "gift", "op": "exists", "value": False}, True),
        ({"field": "customer_email", "op": "eq", "value": "GRACE@example.com"}, True),
        ({"field": "shipping_country", "op": "eq", "value": ""}, True),
        (
            {
                "any": [
                    {"field": "is_paid", "op": "eq", "value": False},
                    {"field": "line_count", "op": "eq", "value": 2},
                ]
            },
            True,
        ),
        ({"all": []}, True),
    ],
)
def test_evaluate_over_facts(raw, expected):
    assert conditions.evaluate(conditions.parse(raw), FACTS, now=NOW) is expected


def test_conditions_are_never_evaluated_as_code():
    # given a value that would be code if anything eval'ed it
    node = conditions.parse({"field": "status", "op": "eq", "value": "__import__('os')"})
    # then it is only ever a string compared with the status
    assert conditions.evaluate(node, FACTS, now=NOW) is False
    assert node.value == "__import__('os')"


def test_a_money_comparison_names_its_currency():
    with pytest.raises(RuleValidationError) as refused:
        conditions.parse({"field": "total_gross", "op": "gte", "value": 1000})
    ((path, code),) = [(issue.path, issue.code.value) for issue in refused.value.issues]
    assert (path, code) == ("conditions.currency", "MISSING_KEY")
    with pytest.raises(RuleValidationError) as refused:
        conditions.parse({"field": "total_gross", "op": "gte", "value": 1, "currency": "dollars"})
    assert refused.value.issues[0].code.value == "INVALID_VALUE"
    with pytest.raises(RuleValidationError) as refused:
        conditions.parse({"field": "line_count", "op": "gte", "value": 1, "currency": "USD"})
    assert refused.value.issues[0].code.value == "UNEXPECTED_KEY"
    node = conditions.parse({"field": "total_net", "op": "gt", "value": 5, "currency": "eur"})
    assert conditions.to_json(node)["currency"] == "EUR"


def test_a_threshold_holds_only_in_its_own_currency():
    """1,000 USD is not 1,000 JPY: each currency has its own threshold."""
    node = conditions.parse(
        {
            "any": [
                {"field": "total_gross", "op": "gte", "value": 1000, "currency": "USD"},
                {"field": "total_gross", "op": "gte", "value": 150000, "currency": "JPY"},
            ]
        }
    )
    usd = {**FACTS, "total_gross": Decimal("1200"), "currency": "USD"}
    yen = {**FACTS, "total_gross": Decimal("1200"), "currency": "JPY"}
    big_yen = {**FACTS, "total_gross": Decimal("200000"), "currency": "JPY"}
    eur = {**FACTS, "total_gross": Decimal("5000"), "currency": "EUR"}
    assert conditions.evaluate(node, usd, now=NOW) is True
    assert conditions.evaluate(node, yen, now=NOW) is False
    assert conditions.evaluate(node, big_yen, now=NOW) is True
    assert conditions.evaluate(node, eur, now=NOW) is False  # no EUR threshold


def test_stored_blind_thresholds_become_one_per_currency_of_the_tenant():
    import importlib

    migration = importlib.import_module(
        "saleor_oms_plugin.rules.migrations.0002_money_comparisons_per_currency"
    )
    stored = {
        "all": [
            {"field": "total_gross", "op": "gte", "value": 1000},
            {"not": {"field": "total_net", "op": "lt", "value": 5, "currency": "USD"}},
            {"field": "line_count", "op": "gt", "value": 2},
        ]
    }
    assert migration._rewrite(stored, ["EUR", "USD"]) == {
        "all": [
            {
                "any": [
                    {"field": "total_gross", "op": "gte", "value": 1000, "currency": "EUR"},
                    {"field": "total_gross", "op": "gte", "value": 1000, "currency": "USD"},
                ]
            },
            {"not": {"field": "total_net", "op": "lt", "value": 5, "currency": "USD"}},
            {"field": "line_count", "op": "gt", "value": 2},
        ]
    }
    conditions.parse(migration._rewrite(stored, ["EUR", "USD"]))
