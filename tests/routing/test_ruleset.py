"""Rule-set documents: parsing, precise errors, round trip, versions and channel choice."""

import pytest

from saleor_oms_plugin.routing.errors import RuleSetErrorCode, RuleSetInvalid
from saleor_oms_plugin.routing.model import (
    ConditionOp,
    LowestCostParams,
    RuleKind,
    RuleSetState,
    SolverMode,
)
from saleor_oms_plugin.routing.ruleset_document import (
    parse_ruleset,
    ruleset_for_channel,
    ruleset_next_draft,
    ruleset_publish,
    ruleset_to_dict,
)

FULL = {
    "name": "US default",
    "version": 3,
    "state": "draft",
    "channel": "oms-us",
    "solver": {"mode": "heuristic", "time_budget_ms": 2},
    "rules": [
        {"type": "pickup_at_chosen_location"},
        {
            "type": "exclude_locations",
            "tags": ["store"],
            "when": [{"field": "order.total_weight_kg", "op": "gt", "value": 20}],
        },
        {"type": "capacity_and_cutoff", "cutoff": "exclude"},
        {"type": "keep_together"},
        {"type": "same_market", "markets": [{"name": "NA", "countries": ["us", "CA"]}]},
        {"type": "fewest_shipments"},
        {
            "type": "lowest_cost",
            "split_penalty": 2.5,
            "rate_table": [
                {"up_to_km": 500, "per_kg": 0.8},
                {"up_to_km": None, "per_kg": 1.5, "per_kg_km": 0.001},
            ],
        },
        {"type": "nearest"},
    ],
}


def issues_of(document: dict) -> list[tuple[str, RuleSetErrorCode]]:
    with pytest.raises(RuleSetInvalid) as raised:
        parse_ruleset(document)
    return [(issue.path, issue.code) for issue in raised.value.issues]


def test_a_full_document_parses_and_round_trips():
    ruleset = parse_ruleset(FULL)

    assert ruleset.solver.mode == SolverMode.HEURISTIC
    assert [rule.kind for rule in ruleset.rules][:2] == [
        RuleKind.PICKUP_AT_CHOSEN_LOCATION,
        RuleKind.EXCLUDE_LOCATIONS,
    ]
    assert ruleset.rules[1].params.when[0].op == ConditionOp.GT
    cost = ruleset.rule(RuleKind.LOWEST_COST).params
    assert isinstance(cost, LowestCostParams)
    assert cost.rate_table.price_per_kg(400) == 0.8
    assert cost.rate_table.price_per_kg(1000) == pytest.approx(2.5)
    assert parse_ruleset(ruleset_to_dict(ruleset)) == ruleset


def test_pickup_rule_is_implied_first_when_missing():
    ruleset = parse_ruleset({"name": "n", "rules": [{"type": "nearest"}]})
    assert [rule.kind for rule in ruleset.rules] == [
        RuleKind.PICKUP_AT_CHOSEN_LOCATION,
        RuleKind.NEAREST,
    ]


def test_every_problem_is_reported_with_its_path_and_code():
    document = {
        "name": "",
        "version": 0,
        "colour": "red",
        "rules": [
            {"type": "nearest"},
            {"type": "teleport"},
            {"type": "nearest"},
            {"type": "pickup_at_chosen_location"},
            {
                "type": "exclude_locations",
                "when": [{"field": "order.mood", "op": "eq", "value": 1}],
            },
            {
                "type": "exclude_locations",
                "when": [{"field": "order.total_units", "op": "about", "value": 1}],
            },
            {
                "type": "exclude_locations",
                "when": [{"field": "location.country", "op": "gt", "value": "US"}],
            },
            {"type": "exclude_locations"},
            {
                "type": "lowest_cost",
                "rate_table": [{"up_to_km": None, "per_kg": 1}, {"up_to_km": 100, "per_kg": -1}],
            },
        ],
    }
    assert issues_of(document) == [
        ("colour", RuleSetErrorCode.UNKNOWN_KEY),
        ("name", RuleSetErrorCode.INVALID_TYPE),
        ("version", RuleSetErrorCode.INVALID_VALUE),
        ("rules[1].type", RuleSetErrorCode.UNKNOWN_RULE),
        ("rules[2].type", RuleSetErrorCode.DUPLICATE_RULE),
        ("rules[3].type", RuleSetErrorCode.INVALID_ORDER),
        ("rules[4].when[0].field", RuleSetErrorCode.UNKNOWN_FIELD),
        ("rules[5].when[0].op", RuleSetErrorCode.UNKNOWN_OPERATOR),
        ("rules[6].when[0].value", RuleSetErrorCode.INVALID_VALUE),
        ("rules[7]", RuleSetErrorCode.REQUIRED),
        ("rules[8].rate_table[0].up_to_km", RuleSetErrorCode.INVALID_VALUE),
        ("rules[8].rate_table[1].up_to_km", RuleSetErrorCode.INVALID_VALUE),
        ("rules[8].rate_table[1].per_kg", RuleSetErrorCode.INVALID_VALUE),
    ]


def test_messages_name_the_alternatives():
    with pytest.raises(RuleSetInvalid) as raised:
        parse_ruleset({"name": "n", "solver": {"mode": "fast"}, "rules": []})
    (issue,) = raised.value.issues
    assert issue.path == "solver.mode"
    assert issue.message == "mode must be one of: exact, heuristic"


def test_publish_freezes_and_edits_start_a_new_draft():
    draft = parse_ruleset(FULL)
    published = ruleset_publish(draft)
    assert published.state == RuleSetState.PUBLISHED

    with pytest.raises(RuleSetInvalid) as raised:
        ruleset_publish(published)
    assert raised.value.issues[0].code == RuleSetErrorCode.NOT_DRAFT

    nxt = ruleset_next_draft(published, rules=published.rules[:2])
    assert (nxt.version, nxt.state, len(nxt.rules)) == (4, RuleSetState.DRAFT, 2)
    assert published.version == 3  # the published version is untouched


def test_channel_rule_set_wins_over_the_tenant_default_and_drafts_never_apply():
    default = ruleset_publish(parse_ruleset({"name": "d", "version": 1, "rules": []}))
    us_v1 = ruleset_publish(parse_ruleset({**FULL, "version": 1}))
    us_v2 = ruleset_publish(parse_ruleset({**FULL, "version": 2}))
    us_draft = parse_ruleset({**FULL, "version": 9})
    available = [default, us_v1, us_v2, us_draft]

    assert ruleset_for_channel(available, "oms-us") is us_v2
    assert ruleset_for_channel(available, "oms-eu") is default
    assert ruleset_for_channel([us_draft], "oms-us") is None
