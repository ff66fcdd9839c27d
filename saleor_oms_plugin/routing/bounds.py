"""Lower bounds for the exact search: a Lagrangian relaxation, re-solved per search node.

Relaxation. Take one objective (a score component, or a weighted sum of them, see ``stages``)
and drop, from the problem over location sets, the rule that every unit of item ``i`` must ship,
paying instead a price ``v_i`` per unit it ships. Opening location ``l`` then pays off by
``Σ_i cap_il · (v_i − unit_il)⁺`` (it ships every unit it holds whose price beats its cost)
against its per-shipment score ``fixed_l``; what is left,

    slack_l = fixed_l − Σ_i cap_il · (v_i − unit_il)⁺      (cap_il = min(stock, target_i))

is the location's *reduced cost*. For every plan that ships each item's target and uses the
locations S,

    score(S) ≥ Σ_i target_i · v_i + Σ_{l ∈ S} slack_l                           (1)

whatever the prices are (weak duality: S's own allocation is one of the options the relaxed
problem minimises over). Any prices give a valid bound; good prices come from *dual ascent*
(Erlenkotter's DUALOC, with stock limits): start every price at the item's cheapest unit score,
then raise prices one breakpoint at a time, round robin, while doing so still raises the bound.
At a search node, locations already chosen are paid for (their score moves into the base and
they absorb prices for free) and excluded ones are gone, which is what lifts the bound as the
search goes down.

Measured on the benchmark (500 orders, 10 lines, 50 locations): the ascent's bound is 2.9 %
under the optimum on average at the root (the LP bound, by HiGHS, 0.6 %). Erlenkotter's dual
adjustment closes it to 1.2 % but cost more per node than it saved in nodes, and so did pruning
dominated locations (another location no worse per shipment and per unit with all the stock):
after reduced-cost fixing few are left to prune. Neither is used. Measured again at
ship-from-store size (20 lines, 200 locations; the LP bound is 1.1 % under the optimum, the
ascent 4.9 %): dominance removes a fifth of the locations, but pruning them, before the root or
after fixing, made decisions 10-20 % slower for the same plans.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from operator import itemgetter
from typing import NamedTuple

from .problem import Problem, bits

# A price step stops at the next breakpoint: where one more location starts to pay off, or one
# runs out of slack. Passes round all items; the benchmark's orders settle within 30.
MAX_ASCENT_PASSES = 60
# Slack below this (relative to the component's scale) counts as used up.
TIGHT = 1e-12


Offers = list[tuple[int, int, list[tuple[float, int, int]]]]  # (item, target, suppliers)
# What a relaxation bounds: a weighted sum of score components, ((component, weight), ...).
Objective = tuple[tuple[int, float], ...]


class Relaxation(NamedTuple):
    """A relaxation's prices at one node (a named tuple: made at every node)."""

    objective: Objective
    base: float  # Σ target_i · v_i, plus the per-shipment scores of locations already paid for
    slack: list[float]  # per location; only allowed locations' entries mean anything
    negative: int  # bitmask of locations with negative slack: (1) takes them for free
    offers: Offers  # each item's allowed suppliers, cheapest unit score first
    scale: float  # magnitude of the component's per-shipment scores, for tolerances

    def chosen_and_free(self, chosen: int, open_: int) -> float:
        """(1) for a node: the chosen locations' slack and the negative slack still open."""
        total = self.base
        slack = self.slack
        mask = chosen | (self.negative & open_)
        while mask:
            low = mask & -mask
            total += slack[low.bit_length() - 1]
            mask ^= low
        return total

    def by_slack(self, item_offers: list[tuple[float, int, int]]) -> list[int]:
        """An item's suppliers, least slack first: the ones its price leans on."""
        return sorted((loc for _, loc, _ in item_offers), key=self.slack.__getitem__)


class Lagrangian:
    """One component's relaxation of one problem, re-solved per search node.

    What does not change between nodes is worked out once: each item's suppliers as
    (unit score, location, usable units), cheapest first; items with fewest suppliers first,
    since their prices are the ones the bound rests on (DUALOC's order).
    """

    def __init__(self, problem: Problem, objective: Objective, allowed: int | None = None) -> None:
        self.problem = problem
        self.objective = objective
        weigh = _weigher(objective)
        self.fixed = [weigh(score) for score in problem.fixed]
        self.tight = TIGHT * max([1.0] + [abs(value) for value in self.fixed])
        self.allowed = everywhere = (1 << len(problem.locations)) - 1
        if allowed is not None:
            self.allowed = allowed
        self.rows: Offers = []
        for index, target in enumerate(problem.target):
            if target <= 0:
                continue  # nothing of it ships anywhere: no price to set
            row, unit = problem.supply[index], problem.unit[index]
            suppliers = problem.ranked_suppliers[index]
            if self.allowed != everywhere:
                mask = self.allowed
                suppliers = [loc for loc in suppliers if mask >> loc & 1]
            rows = [
                (weigh(unit[loc]), loc, row[loc] if row[loc] < target else target)
                for loc in suppliers
            ]
            rows.sort()
            self.rows.append((index, target, rows))
        self.rows.sort(key=lambda entry: len(entry[2]))
        self.size = sum(len(rows) for _, _, rows in self.rows)
        problem.work += self.size

    def restrict(self, allowed: int) -> Lagrangian:
        """The same relaxation with fewer locations ever allowed: less to filter per node."""
        narrow = Lagrangian.__new__(Lagrangian)
        narrow.problem, narrow.objective = self.problem, self.objective
        narrow.fixed, narrow.tight = self.fixed, self.tight
        narrow.allowed = allowed & self.allowed
        narrow.rows = [
            (index, target, [entry for entry in rows if allowed >> entry[1] & 1])
            for index, target, rows in self.rows
        ]
        narrow.size = sum(len(rows) for _, _, rows in narrow.rows)
        self.problem.work += self.size
        return narrow

    def relax(self, allowed: int, free: int = 0) -> Relaxation:
        """Prices by dual ascent with only ``allowed`` locations open; locations in ``free``
        (a subset: the search's chosen ones) are paid for already, so their per-shipment score
        moves into the base and they absorb prices at no slack."""
        if allowed & self.allowed == self.allowed:
            offers = self.rows
            if not all(rows for _, _, rows in offers):
                return _infeasible(self.problem, self.objective)
        else:
            offers = []
            self.problem.work += self.size
            for index, target, rows in self.rows:
                mine = [entry for entry in rows if allowed >> entry[1] & 1]
                if not mine:  # (the search checks full coverage before it asks for a bound)
                    return _infeasible(self.problem, self.objective)
                offers.append((index, target, mine))
        price = {index: rows[0][0] for index, _, rows in offers}
        slack = list(self.fixed)
        base = 0.0
        for loc in bits(free):
            base += slack[loc]
            slack[loc] = 0.0
        # The ascent keeps ``slack`` equal to (1)'s terms for its prices (up to float rounding,
        # which the search's comparisons allow for): no need to work them out again.
        self.problem.work += _ascend(offers, price, slack, self.tight) + len(slack)
        for index, target, _ in offers:
            base += target * price[index]
        negative = 0
        if min(slack) < 0:
            for loc in bits(allowed & self.allowed):
                if slack[loc] < 0:
                    negative |= 1 << loc
        return Relaxation(self.objective, base, slack, negative, offers, self.tight / TIGHT)


def relax(problem: Problem, component: int, candidates: int) -> Relaxation:
    """Prices by dual ascent for one component, over the candidate locations only."""
    return Lagrangian(problem, ((component, 1.0),)).relax(candidates)


def _weigher(objective: Objective) -> Callable[[tuple[float, ...]], float]:
    """``_weighted`` for one objective, as a function of the score alone."""
    if len(objective) == 1 and objective[0][1] == 1.0:
        return itemgetter(objective[0][0])  # exactly the component, no rounding
    return lambda score: _weighted(score, objective)


def _weighted(score: tuple[float, ...], objective: Objective) -> float:
    if len(objective) == 1 and objective[0][1] == 1.0:
        return score[objective[0][0]]  # exactly the component, no rounding
    return sum(weight * score[k] for k, weight in objective)


def stages(
    problem: Problem, components: list[int], integral: dict[int, bool] | None = None
) -> list[Objective]:
    """Objectives that bound a lexicographic score, compared in turn.

    A whole-number component (fewest_shipments, cut-off) ties a lot, and a bound on it alone
    cannot tell tied plans apart; so it is folded with the components after it, up to the
    first fractional one, into ``W · whole + rest`` with ``W`` more than ``rest`` can ever vary
    over plans that ship the same units. That orders plans exactly as the lexicographic
    comparison does, and when it ties so do all its components."""
    if integral is None:
        integral = {k: is_integral(problem, k) for k in components}
    result: list[Objective] = []
    run: list[int] = []
    for k in components:
        run.append(k)
        if integral[k] and k != components[-1]:
            continue
        weights = [(run[-1], 1.0)]
        spread = 0.0
        for later, member in zip(reversed(run[1:]), reversed(run[:-1]), strict=True):
            spread += weights[-1][1] * _spread(problem, later)
            weights.append((member, float(math.floor(spread) + 1)))
        result.append(tuple(reversed(weights)))
        run = []
    return result


def _spread(problem: Problem, k: int) -> float:
    """How far apart two plans that ship every target can score on component ``k``."""
    high = sum(max(0.0, fixed[k]) for fixed in problem.fixed)
    low = sum(min(0.0, fixed[k]) for fixed in problem.fixed)
    for target, unit, suppliers in zip(
        problem.target, problem.unit, problem.ranked_suppliers, strict=True
    ):
        if target > 0 and suppliers:
            values = [unit[loc][k] for loc in suppliers]
            high += target * max(values)
            low += target * min(values)
    return high - low


def _ascend(offers: Offers, price: dict[int, float], slack: list[float], tight: float) -> int:
    """Raise prices one breakpoint at a time, round robin, while the bound still grows.
    Returns the work done: suppliers read."""
    active = offers
    inf = math.inf
    work = 0
    for _ in range(MAX_ASCENT_PASSES):
        moving = []
        work += len(active)
        for entry in active:
            index, target, rows = entry
            current = price[index]
            paying = 0  # units of locations with no slack left: raising the price costs them
            step = inf
            stop_at = None
            end = 0
            for cost, loc, cap in rows:
                if cost > current:
                    if cost - current < step:
                        step, stop_at = cost - current, cost
                    break
                end += 1
                left = slack[loc]
                if left <= tight:
                    paying += cap
                elif left < step * cap:
                    step, stop_at = left / cap, None
            if paying >= target or step == inf:
                # Blocked for good: slack only falls during an ascent, so paying only grows.
                continue
            price[index] = current + step if stop_at is None else stop_at
            for _, loc, cap in rows[:end]:
                slack[loc] -= cap * step
            work += 2 * end
            moving.append(entry)
        if not moving:
            return work
        active = moving
    return work


def _infeasible(problem: Problem, objective: Objective) -> Relaxation:
    """No plan ships every target with the allowed locations: nothing to bound."""
    count = len(problem.locations)
    return Relaxation(objective, math.inf, [math.inf] * count, 0, [], 1.0)


def is_integral(problem: Problem, component: int) -> bool:
    """Whether every plan scores a whole number on the component (e.g. fewest_shipments)."""
    k = component
    # Unit scores first: where they are fractional (distances, money) that shows at once.
    for unit, suppliers in zip(problem.unit, problem.ranked_suppliers, strict=True):
        for loc in suppliers:
            if not float(unit[loc][k]).is_integer():
                return False
    return all(float(fixed[k]).is_integer() for fixed in problem.fixed)
