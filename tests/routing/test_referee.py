"""The exact mode against an independent referee: a MILP of the same decision, solved by HiGHS.

The referee (``bench/routing_milp.py``) shares nothing with the engine's solver: it reads the
request and the rule set and models units, parcels and money itself. On the benchmark's own
generated orders, at its size (10 lines × 50 locations) and at ship-from-store size (20 × 200),
every proven plan must score what the MILP's optimum scores, rule by rule in rank order.
"""

import datetime as dt
import random

import pytest

from bench.routing import make_order, make_world
from bench.routing_milp import solve_milp
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.model import RuleKind
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
RULE_LISTS = {
    "money": [{"type": "capacity_and_cutoff"}, {"type": "lowest_cost"}, {"type": "nearest"}],
    "split_penalty": [{"type": "lowest_cost", "split_penalty": 2.5}, {"type": "nearest"}],
    "fewest": [{"type": "fewest_shipments"}, {"type": "nearest"}],
}


def orders(lines: int, locations: int, seed: int, numbers: list[int]):
    rng = random.Random(seed)
    world = make_world(rng, locations)
    made = [make_order(rng, world, n, lines) for n in range(max(numbers) + 1)]
    return [made[n] for n in numbers]


def exact(rules: list[dict]):
    return parse_ruleset(
        {"name": "t", "solver": {"mode": "exact", "time_budget_ms": 10_000}, "rules": rules}
    )


def assert_matches_referee(request, rules: list[dict]) -> None:
    ruleset = exact(rules)
    decision = route(request, ruleset, now=NOW)
    referee = solve_milp(request, ruleset)
    assert decision.solver.proven_optimal
    assert decision.solver.outcome == "proven_optimal" and decision.solver.gap == 0.0
    assert sum(line.quantity for line in decision.backorder) == referee.backordered
    ranked = [rule.kind for rule in ruleset.rules if rule.kind in referee_kinds()]
    for kind in ranked:  # rank order: a later rule only counts once the earlier ones tie
        assert decision.scores[kind.value] == pytest.approx(referee.scores[kind.value], rel=1e-7)


def referee_kinds() -> set[RuleKind]:
    return {RuleKind.LOWEST_COST, RuleKind.FEWEST_SHIPMENTS, RuleKind.NEAREST}


@pytest.mark.parametrize("rules", RULE_LISTS.values(), ids=RULE_LISTS.keys())
def test_exact_mode_matches_the_milp_at_the_benchmarks_size(rules):
    for request in orders(10, 50, seed=3, numbers=[0, 1, 2, 3, 4, 5]):
        assert_matches_referee(request, rules)


@pytest.mark.parametrize(
    ("rules", "numbers"),
    [
        # Orders HiGHS settles in a fraction of a second (others take it several seconds).
        (RULE_LISTS["money"], [0, 3, 5]),
        (RULE_LISTS["split_penalty"], [3, 5]),
        (RULE_LISTS["fewest"], [5]),
    ],
    ids=["money", "split_penalty", "fewest"],
)
def test_exact_mode_matches_the_milp_at_ship_from_store_size(rules, numbers):
    for request in orders(20, 200, seed=3, numbers=numbers):
        assert_matches_referee(request, rules)


def test_the_referee_refuses_rules_it_does_not_model():
    (request,) = orders(10, 50, seed=3, numbers=[0])
    with pytest.raises(ValueError):
        solve_milp(request, exact([{"type": "highest_stock"}]))
