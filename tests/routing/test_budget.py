"""The solver's budget is work, not time; how a search ended is reported, and its gap is honest.

A clock budget made the plan depend on the machine's load. Counted in work units, the same
order always gets the same plan: these tests make every clock in the process jump by an hour
per read and expect the very same decision. When the budget runs out, the search reports a
lower bound; checked here against the optimum (the exact search with a budget large enough to
prove it, itself checked against HiGHS in test_routing_referee.py).
"""

import datetime as dt
import random
import time

import pytest

from bench.routing import make_order, make_world
from saleor_oms_plugin.routing import exact as exact_module
from saleor_oms_plugin.routing.budget import WORK_UNITS_PER_MS, work_units
from saleor_oms_plugin.routing.criteria import RoutingContext, build_criterion
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.geo import haversine_km
from saleor_oms_plugin.routing.model import ReasonCode, SolverOutcome
from saleor_oms_plugin.routing.problem import Problem, build_items
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
RULES = [{"type": "capacity_and_cutoff"}, {"type": "lowest_cost"}, {"type": "nearest"}]


def ruleset(budget_ms: float):
    return parse_ruleset(
        {"name": "b", "solver": {"mode": "exact", "time_budget_ms": budget_ms}, "rules": RULES}
    )


def ship_from_store_orders(count: int):
    rng = random.Random(11)
    world = make_world(rng, 200)
    return [make_order(rng, world, n, 20) for n in range(count)]


def problem_of(request) -> Problem:
    dest = request.destination.coordinates
    distances = {loc.location_id: haversine_km(dest, loc.coordinates) for loc in request.locations}
    ctx = RoutingContext(request, dest, distances, NOW)
    ranking = [c for c in map(build_criterion, ruleset(1).rules) if c.ranks]
    return Problem(build_items(request.lines, False), request.locations, ranking, ctx)


def plan_of(decision):
    return sorted(
        (s.location_id, line.line_id, line.quantity) for s in decision.shipments for line in s.lines
    )


def test_a_busy_machine_does_not_change_the_plan(monkeypatch):
    requests = ship_from_store_orders(4)
    tight = ruleset(0.5)  # far too little to prove these: the search stops at its budget
    calm = [route(request, tight, now=NOW) for request in requests]
    assert any(decision.solver.timed_out for decision in calm)

    hour = iter(range(10**9))
    for name in ("perf_counter", "process_time", "monotonic", "time"):
        monkeypatch.setattr(time, name, lambda: 3600.0 * next(hour))
    busy = [route(request, tight, now=NOW) for request in requests]

    for before, after in zip(calm, busy, strict=True):
        assert plan_of(after) == plan_of(before)
        assert (after.solver.nodes, after.solver.work) == (before.solver.nodes, before.solver.work)
        assert after.solver.outcome == before.solver.outcome


def test_the_budget_buys_work_and_the_search_stops_when_it_is_spent():
    assert work_units(4.0) == 4 * WORK_UNITS_PER_MS
    assert work_units(0.0) == 1  # never nothing at all
    request = ship_from_store_orders(1)[0]

    def spent(budget: int):
        problem = problem_of(request)
        return exact_module.solve_exact(problem, problem.evaluate(()), work_budget=budget)

    # The first plan (root bound, its tight locations, local search) is always made; the
    # search then checks the budget before every node.
    first = spent(1)
    assert first.timed_out and first.nodes == 1
    budget = first.work + 5_000
    stopped = spent(budget)
    assert stopped.timed_out and stopped.nodes > first.nodes
    assert budget <= stopped.work < budget + 3_000  # one node's work at most past it
    assert stopped.allocation.key <= first.allocation.key


def test_a_stopped_search_reports_a_lower_bound_below_the_optimum():
    stopped = proven = 0
    for request in ship_from_store_orders(8):
        for budget in (1_000, 4_000, 12_000):
            problem = problem_of(request)
            result = exact_module.solve_exact(problem, problem.evaluate(()), work_budget=budget)
            optimum = exact_module.solve_exact(
                problem_of(request), problem.evaluate(()), time_budget_s=10.0
            )
            assert optimum.proven_optimal
            best = optimum.allocation.score[1]  # the lowest_cost component
            if result.proven_optimal:
                proven += 1
                assert result.allocation.score[1] == pytest.approx(best, rel=1e-9)
                assert result.gap == 0.0
                continue
            stopped += 1
            assert result.lower_bound is not None and result.gap is not None
            assert result.lower_bound <= best * (1 + 1e-9)
            plan = result.allocation.score[1]
            assert result.gap == pytest.approx((plan - result.lower_bound) / plan, abs=1e-12)
            assert (plan - best) / plan <= result.gap + 1e-9  # the gap covers the true one
    assert stopped and proven  # both endings were put to the test


def test_a_stopped_search_says_so_in_the_decision():
    request = ship_from_store_orders(1)[0]
    decision = route(request, ruleset(0.2), now=NOW)
    assert decision.solver.timed_out and not decision.solver.proven_optimal
    assert decision.solver.outcome == SolverOutcome.BUDGET_EXHAUSTED
    assert decision.solver.work >= work_units(0.2)
    (reason,) = [r for r in decision.reasons if r.code == ReasonCode.SOLVER_FALLBACK]
    assert reason.data["gap"] == decision.solver.gap and reason.data["rule"] == "lowest_cost"
    assert f"{decision.solver.gap:.2%} above the optimum on lowest_cost" in reason.message
    stored = decision.as_dict()["solver"]
    assert stored["outcome"] == "budget_exhausted" and stored["gap"] == decision.solver.gap
    # The keys stored before the budget counted work keep their meaning.
    assert {"mode", "proven_optimal", "nodes", "elapsed_ms", "timed_out"} <= set(stored)

    proven = route(request, ruleset(10_000), now=NOW)
    assert proven.solver.outcome == SolverOutcome.PROVEN_OPTIMAL and proven.solver.gap == 0.0
    assert not [r for r in proven.reasons if r.code == ReasonCode.SOLVER_FALLBACK]
    assert proven.total_cost <= decision.total_cost + 1e-9


def test_a_clock_can_still_be_asked_for():
    request = ship_from_store_orders(1)[0]
    problem = problem_of(request)
    ticks = iter(range(10**9))
    result = exact_module.solve_exact(
        problem, problem.evaluate(()), time_budget_s=5.0, clock=lambda: float(next(ticks))
    )
    assert result.timed_out  # five reads of this clock are five seconds
