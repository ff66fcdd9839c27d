"""Fast plan construction: greedy covers, then local improvement (drop and swap locations).

It gives the exact solver its first incumbent and is the answer when the exact search runs out
of time. Each construction targets a different criterion shape: single locations (no split at
all), cost-per-unit-covered greedy (set cover with costs), and the pure per-unit fill from every
location (optimal when no criterion charges per shipment, e.g. nearest or priority alone).
"""

from __future__ import annotations

from collections.abc import Iterable

from .problem import Allocation, Problem

# Locations tried as swap partners: the ones that can cover the most on their own. Swapping
# with all 50 would cost ~10x more time for a gain the exact solver finds anyway.
SWAP_CANDIDATES = 10
MAX_IMPROVEMENT_ROUNDS = 4


def solve_heuristic(problem: Problem) -> Allocation:
    useful = list(range(len(problem.locations)))  # the problem keeps only locations with stock
    if not useful:
        return problem.evaluate(())
    pool = [problem.evaluate(useful)]
    pool += [problem.evaluate((loc,)) for loc in useful if problem.is_complete((loc,))]
    pool.append(problem.evaluate(_greedy_cover(problem, useful)))
    best = min(pool, key=lambda allocation: allocation.key)
    return _improve(problem, best, _by_coverage(problem, useful)[:SWAP_CANDIDATES])


def _by_coverage(problem: Problem, locations: Iterable[int]) -> list[int]:
    def coverage(loc: int) -> int:
        return sum(
            min(row[loc], target)
            for row, target in zip(problem.supply, problem.target, strict=True)
        )

    return sorted(locations, key=lambda loc: (-coverage(loc), problem.fixed[loc]))


def _greedy_cover(problem: Problem, candidates: list[int]) -> list[int]:
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


def _improve(problem: Problem, start: Allocation, swap_pool: list[int]) -> Allocation:
    """First-improvement local search over location sets: drop, add, or swap one location."""
    best = start
    for _ in range(MAX_IMPROVEMENT_ROUNDS):
        improved = False
        members = list(best.locations)
        for neighbour in _neighbours(members, swap_pool):
            candidate = problem.evaluate(neighbour)
            if candidate.key < best.key:
                best, improved = candidate, True
                break
        if not improved:
            return best
    return best


def _neighbours(members: list[int], swap_pool: list[int]) -> Iterable[list[int]]:
    for position in range(len(members)):
        yield members[:position] + members[position + 1 :]
    # Adding pays when per-unit savings (shorter, cheaper lanes) beat one more parcel.
    for extra in swap_pool:
        if extra not in members:
            yield members + [extra]
    for position in range(len(members)):
        for replacement in swap_pool:
            if replacement not in members:
                yield members[:position] + [replacement] + members[position + 1 :]
