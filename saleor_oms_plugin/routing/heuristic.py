"""Fast plan construction: a few starting plans, then local search (``local_search.py``).

It is the answer in ``heuristic`` mode, and its greedy cover is one of the exact search's
starting plans. Each start suits a different criterion shape: single locations (no split at
all), cost-per-unit-covered greedy (set cover with costs), and the pure per-unit fill from every
location (optimal when no criterion charges per shipment, e.g. nearest or priority alone).
"""

from __future__ import annotations

from collections.abc import Sequence

from .bounds import is_integral, stages
from .local_search import improve
from .problem import Allocation, Problem


def solve_heuristic(problem: Problem) -> Allocation:
    count = len(problem.locations)  # the problem keeps only locations with stock
    if not count:
        return problem.evaluate(())
    useful = list(range(count))
    pool = [problem.evaluate(useful)]
    pool += [problem.evaluate((loc,)) for loc in useful if problem.is_complete((loc,))]
    pool.append(problem.evaluate(greedy_cover(problem, useful)))
    best = min(pool, key=lambda allocation: allocation.key)
    active = [k for k in range(problem.width) if problem.scored[k]]
    if not active or best.backorder_units > problem.backorder_at_target():
        return best
    objective = stages(problem, active, {k: is_integral(problem, k) for k in active})[0]
    return improve(problem, best, objective, (1 << count) - 1)


def greedy_cover(problem: Problem, candidates: Sequence[int]) -> list[int]:
    """Weighted set cover: repeatedly add the location with the best score per unit covered."""
    remaining = list(problem.target)
    members: list[int] = []
    width = problem.width
    while any(remaining):
        best_loc, best_ratio = -1, None
        for loc in candidates:
            if loc in members:
                continue
            gain = 0
            cost = list(problem.fixed[loc])
            for index, units, unit in problem.offers[loc]:
                take = min(remaining[index], units)
                if take:
                    gain += take
                    for k in range(width):
                        cost[k] += take * unit[k]
            problem.work += len(problem.offers[loc])
            if gain == 0:
                continue
            ratio = tuple(value / gain for value in cost)
            if best_ratio is None or ratio < best_ratio:
                best_loc, best_ratio = loc, ratio
        if best_loc < 0:
            break  # nothing more can be covered: the rest is backordered
        members.append(best_loc)
        for index, units, _ in problem.offers[best_loc]:
            remaining[index] = max(0, remaining[index] - units)
    return members
