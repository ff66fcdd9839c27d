"""Local search over opened locations: drop one, add one, or swap one for another.

A move is worth trying when it lowers one objective (the first stage of the exact search, see
``bounds.stages``); every move is screened with an estimate and only the promising ones are
evaluated exactly (``Problem.evaluate_mask``, compared by the full key: units shipped, then
every criterion in rank order), best estimate first. The estimate is the textbook one for
facility location (Whitaker's fast interchange): each item pays the unit score of its cheapest
open supplier, ``best`` (``second`` if that one closes), so that for a location ``b`` that
opens while ``a`` closes

    Δ(a, b) = fixed_b − fixed_a − gain(b) + loss(a) + Σ_{i served by a, offered by b} fix_i

where ``gain(b)`` is what ``b``'s lower unit scores save on the items it offers, ``loss(a)``
what ``a``'s items pay to move to their second supplier, and ``fix_i`` corrects the items
counted in both. Only suppliers cheaper than an item's second open supplier change any of
these, so a round reads each item's suppliers, cheapest first, up to that point (items that
only one open location offers are priced separately, against the few locations that offer all
of them). Stock that does not cover an item's target at one location makes the estimate
approximate; the exact evaluation keeps the search honest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from .bounds import Objective
from .problem import Allocation, Problem, Score, bits

MAX_ROUNDS = 12  # moves accepted at most; the benchmark's searches settle within 5
EXACT_TRIES_PER_ROUND = 6  # promising moves evaluated exactly before a round gives up
ESTIMATE_SLACK = 1e-9  # relative: estimates at least this far below zero count as promising

Supplier = tuple[float, int, int]  # (weighted unit score, location, units it can give)


def improve(
    problem: Problem,
    start: Allocation,
    objective: Objective,
    pool: int,
    rows: list[list[Supplier]] | None = None,
) -> Allocation:
    """The best plan found from ``start`` by moves among the locations of ``pool`` (a bitmask;
    members of ``start`` may leave whether they are in it or not). ``rows`` may give each
    item's suppliers in the pool, cheapest first (a relaxation of the same objective has them
    already), else they are worked out here."""
    weigh = _weigher(objective)
    pool |= sum(1 << loc for loc in start.locations)
    if rows is None:
        rows = suppliers_by_score(problem, weigh, pool)
    fixed = {loc: weigh(problem.fixed[loc]) for loc in bits(pool)}
    best = start
    tried: set[int] = set()
    for _ in range(MAX_ROUNDS):
        improved = False
        tries = 0
        for _, mask in _moves(problem, best, weigh, fixed, rows):
            if mask in tried:
                continue
            tried.add(mask)
            if not problem.is_complete_mask(mask):
                continue  # the estimate missed an item left without supplier: not a try
            candidate = problem.evaluate_mask(mask)
            tries += 1
            if candidate.key < best.key:
                best, improved = candidate, True
                break
            if tries >= EXACT_TRIES_PER_ROUND:
                break
        if not improved:
            return best
    return best


def suppliers_by_score(
    problem: Problem, weigh: Callable[[Score], float], pool: int
) -> list[list[Supplier]]:
    """Per item, its suppliers in ``pool``, cheapest first on the objective."""
    rows: list[list[Supplier]] = []
    for index, suppliers in enumerate(problem.ranked_suppliers):
        unit, supply, need = problem.unit[index], problem.supply[index], problem.target[index]
        row = [
            (weigh(unit[loc]), loc, supply[loc] if supply[loc] < need else need)
            for loc in suppliers
            if pool >> loc & 1
        ]
        row.sort()
        rows.append(row)
        problem.work += len(suppliers)
    return rows


def _moves(
    problem: Problem,
    current: Allocation,
    weigh: Callable[[Score], float],
    fixed: dict[int, float],
    rows: list[list[Supplier]],
) -> list[tuple[float, int]]:
    """Promising moves as (estimated change, location set), most promising first."""
    members = list(current.locations)
    mask = 0
    for loc in members:
        mask |= 1 << loc
    inf = math.inf
    need = problem.target
    count = len(need)
    # Per item: the cheapest open supplier and its weighted unit score, the second one's.
    owner = [-1] * count
    best = [inf] * count
    second = [inf] * count
    fallback = [0] * count  # the second supplier, as a bit
    work = 0
    for index, row in enumerate(rows):
        if not need[index] or not mask & problem.supplier_masks[index]:
            continue
        for cost, loc, _ in row:
            work += 1
            if mask >> loc & 1:
                if owner[index] < 0:
                    owner[index], best[index] = loc, cost
                else:
                    second[index], fallback[index] = cost, 1 << loc
                    break
    # loss(a): what a's items pay to move to their second supplier; stranded(a): a's items
    # nobody else open offers (a may only leave for a location that offers them); leans(a):
    # the open locations a's items fall back on.
    loss = {loc: 0.0 for loc in members}
    stranded: dict[int, list[int]] = {loc: [] for loc in members}
    leans = {loc: 0 for loc in members}
    for index in range(count):
        loc = owner[index]
        if loc < 0 or loc not in loss:
            continue
        if second[index] == inf:
            stranded[loc].append(index)
        else:
            loss[loc] += need[index] * (second[index] - best[index])
            leans[loc] |= fallback[index]
    # What each closed location would save (gain), and per open location the correction of
    # swapping the two (fix) and how many of its stranded items it would take (covered).
    gain: dict[int, float] = {}
    fix: defaultdict[int, dict[int, float]] = defaultdict(dict)
    covered: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for index, row in enumerate(rows):
        out = owner[index]
        if out < 0:
            continue
        here, there, units_needed = best[index], second[index], need[index]
        limit = there if there < inf else here
        for cost, loc, cap in row:
            if cost >= limit:
                break
            work += 1
            if mask >> loc & 1:
                continue
            units = units_needed if cap >= units_needed else cap
            saved = units * (here - cost) if cost < here else 0.0
            gain[loc] = gain.get(loc, 0.0) + saved
            if there < inf:
                # If ``out`` leaves, the item goes here or to its second, whichever is cheaper.
                mine = fix[loc]
                mine[out] = mine.get(out, 0.0) + saved + units * (cost - there)
            else:
                counts = covered[loc]
                counts[out] = counts.get(out, 0) + 1
    # Stranded items: only a location offering all of an open one's may replace it; the part of
    # their price at or above ``best`` was not read above.
    for out, items in stranded.items():
        if not items:
            continue
        able = ~mask
        for index in items:
            able &= problem.supplier_masks[index]
        for loc in bits(able):
            if loc not in fixed:
                continue
            mine = fix[loc]
            counts = covered[loc]
            for index in items:
                cost = weigh(problem.unit[index][loc])
                work += 1
                if cost >= best[index]:
                    units = min(need[index], problem.supply[index][loc])
                    mine[out] = mine.get(out, 0.0) + units * (cost - best[index])
                    counts[out] = counts.get(out, 0) + 1
            gain.setdefault(loc, 0.0)
    problem.work += work + len(gain) * (1 + len(members))
    member_fixed = {loc: weigh(problem.fixed[loc]) for loc in members}
    # Only moves estimated at least this far below zero are listed (and so ever tried).
    threshold = -ESTIMATE_SLACK * (1.0 + sum(abs(value) for value in member_fixed.values()))
    promising: list[tuple[float, int]] = []
    for loc in members:  # drops
        if not stranded[loc] and loss[loc] - member_fixed[loc] < threshold:
            promising.append((loss[loc] - member_fixed[loc], mask & ~(1 << loc)))
    for loc, saved in gain.items():
        add = fixed[loc] - saved
        opened = mask | 1 << loc
        if add < threshold:
            promising.append((add, opened))
        mine = fix.get(loc, {})
        counts = covered.get(loc, {})
        closing = []
        for out in members:
            if stranded[out] and counts.get(out, 0) < len(stranded[out]):
                continue
            change = loss[out] - member_fixed[out] + mine.get(out, 0.0)
            if add + change < threshold:
                promising.append((add + change, opened & ~(1 << out)))
            if change < 0:
                closing.append((change, out))
        if len(closing) > 1:
            # Opening this location makes several open ones not worth their parcel: close
            # them together, best first, skipping any whose items would fall back on another
            # closing one (or that another closing one falls back on).
            closing.sort()
            cascade, dropped, leaned = add, 0, 0
            for change, out in closing:
                bit = 1 << out
                if leans[out] & dropped or leaned & bit:
                    continue
                cascade += change
                dropped |= bit
                leaned |= leans[out]
            if dropped & (dropped - 1) and cascade < threshold:
                promising.append((cascade, (mask & ~dropped) | 1 << loc))
    promising.sort()
    return promising


def _weigher(objective: Objective) -> Callable[[Score], float]:
    if len(objective) == 1 and objective[0][1] == 1.0:
        component = objective[0][0]
        return lambda score: score[component]
    return lambda score: sum(weight * score[k] for k, weight in objective)
