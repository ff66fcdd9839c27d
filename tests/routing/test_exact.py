"""The exact search's bounds and pruning, each checked against brute force on small worlds.

Every test here would fail if a bound overshot or if pruning dropped a plan better than the one
kept: the relaxation must stay below every plan it claims to bound, reduced-cost fixing must keep
every location of every optimal plan, and the folded objective for whole-number rules must order
plans exactly as the lexicographic comparison does.
"""

import datetime as dt
import itertools
import random

import pytest

from saleor_oms_plugin.routing.bounds import Lagrangian, is_integral, stages
from saleor_oms_plugin.routing.criteria import RoutingContext, build_criterion
from saleor_oms_plugin.routing.exact import ROUNDING, _Search, solve_exact
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    CostParameters,
    Destination,
    OrderLine,
    RoutingRequest,
)
from saleor_oms_plugin.routing.problem import Allocation, Problem, build_items
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
RULE_LISTS = {
    "cost": [{"type": "lowest_cost", "split_penalty": 0.5}, {"type": "nearest"}],
    "fewest": [{"type": "fewest_shipments"}, {"type": "nearest"}],
    "priority": [{"type": "location_priority"}, {"type": "highest_stock"}],
}


def random_problem(rng: random.Random, rules: list[dict], locations: int = 8) -> Problem:
    """A bench-like world in miniature: sparse stock, parcel costs that make splitting dear."""
    variants = [f"V{n}" for n in range(6)]
    candidates = tuple(
        CandidateLocation(
            location_id=f"L{n}",
            name=f"L{n}",
            coordinates=Coordinates(rng.uniform(25, 48), rng.uniform(-123, -70)),
            country="US",
            stock={v: rng.randint(1, 4) for v in variants if rng.random() < 0.4},
            priority=n,
            cost=CostParameters(rng.uniform(4.5, 7.5), rng.uniform(0.15, 0.4)),
        )
        for n in range(locations)
    )
    lines = tuple(
        OrderLine(f"l{n}", v, v, rng.choice((1, 1, 2, 3)), round(rng.uniform(0.1, 3), 2))
        for n, v in enumerate(rng.sample(variants, 4))
    )
    destination = Coordinates(rng.uniform(25, 48), rng.uniform(-123, -70))
    request = RoutingRequest("o", "c", lines, Destination(Address("US"), destination), candidates)
    ruleset = parse_ruleset({"name": "t", "rules": rules})
    distances = {
        loc.location_id: abs(loc.coordinates.lat - destination.lat) * 111
        + abs(loc.coordinates.lng - destination.lng) * 85
        for loc in candidates
    }
    ctx = RoutingContext(request, destination, distances, NOW)
    ranking = [criterion for criterion in map(build_criterion, ruleset.rules) if criterion.ranks]
    return Problem(build_items(lines, False), candidates, ranking, ctx)


def every_plan(problem: Problem) -> list[tuple[int, Allocation]]:
    count = len(problem.locations)
    return [
        (mask, problem.evaluate_mask(mask))
        for mask in range(1 << count)
        if problem.is_complete_mask(mask)
    ]


def weighted(allocation: Allocation, objective) -> float:
    return sum(weight * allocation.score[k] for k, weight in objective)


@pytest.mark.parametrize("rules", RULE_LISTS.values(), ids=RULE_LISTS.keys())
def test_relaxation_never_exceeds_a_plan_it_bounds(rules):
    rng = random.Random(11)
    checked = 0
    for _ in range(40):
        problem = random_problem(rng, rules)
        plans = every_plan(problem)
        count = len(problem.locations)
        active = [k for k in range(problem.width) if problem.scored[k]]
        for objective in stages(problem, active):
            lagrangian = Lagrangian(problem, objective)
            # Nodes of the search: some locations closed, some already chosen (paid for).
            for _ in range(6):
                allowed = rng.getrandbits(count) | rng.getrandbits(count)
                chosen = allowed & rng.getrandbits(count) & rng.getrandbits(count)
                relaxation = lagrangian.relax(allowed, chosen)
                bound = relaxation.chosen_and_free(chosen, allowed & ~chosen)
                for _, plan in plans:
                    # The bound covers plans that use every chosen location: a set's plan may
                    # leave a member idle, and then it is the plan of a smaller set.
                    used = sum(1 << loc for loc in plan.locations)
                    if used & chosen == chosen and used & ~allowed == 0:
                        value = weighted(plan, objective)
                        assert bound <= value + 1e-9 * (1 + abs(value))
                        checked += 1
    assert checked > 1000  # the bound was really put to the test


def test_reduced_cost_fixing_keeps_every_location_of_every_optimal_plan():
    rng = random.Random(5)
    fixed_out = optimum_leans_on_slack = 0
    for _ in range(150):
        problem = random_problem(rng, RULE_LISTS["cost"], locations=9)
        plans = [plan for _, plan in every_plan(problem)]
        best = min(plans, key=lambda plan: plan.key)
        optimal = [plan for plan in plans if plan.score == pytest.approx(best.score, rel=1e-12)]
        # Fix with the optimum itself as the incumbent: the strongest (riskiest) fixing there is.
        search = _Search(problem, best, float("inf"), lambda: 0.0, None)
        root = search.lagrangian(0).relax(search.candidates)
        search._fix(root, 0, search.candidates)
        for plan in optimal:
            assert all(search.candidates >> loc & 1 for loc in plan.locations)
        fixed_out += len(problem.locations) - search.candidates.bit_count()
        tight = root.scale * ROUNDING
        optimum_leans_on_slack += any(root.slack[loc] > tight for loc in best.locations)
    # Fixing did drop locations, and optima often use locations the prices do not pay for in
    # full: a fixing rule that kept only tight locations would fail the assertion above.
    assert fixed_out > 100
    assert optimum_leans_on_slack > 10


def test_folded_objective_orders_plans_as_the_lexicographic_comparison_does():
    rng = random.Random(3)
    for _ in range(30):
        problem = random_problem(rng, RULE_LISTS["fewest"])
        assert is_integral(problem, 0) and not is_integral(problem, 1)
        (objective,) = stages(problem, [0, 1])
        assert [k for k, _ in objective] == [0, 1]
        plans = [plan for _, plan in every_plan(problem)]
        for first, second in itertools.combinations(plans, 2):
            if first.score < second.score:
                assert weighted(first, objective) < weighted(second, objective)
            elif second.score < first.score:
                assert weighted(second, objective) < weighted(first, objective)


@pytest.mark.parametrize("rules", RULE_LISTS.values(), ids=RULE_LISTS.keys())
def test_exact_matches_brute_force_on_a_dozen_locations(rules):
    # Big enough for fixing, enumeration and branching all to take part; small enough to
    # check every one of the 4,096 location sets.
    rng = random.Random(17)
    for _ in range(8):
        problem = random_problem(rng, rules, locations=12)
        brute = min((plan for _, plan in every_plan(problem)), key=lambda plan: plan.key)
        result = solve_exact(problem, problem.evaluate(()), time_budget_s=10.0)
        assert result.proven_optimal
        assert result.allocation.backorder_units == brute.backorder_units
        assert result.allocation.score == pytest.approx(brute.score, rel=1e-9, abs=1e-9)
