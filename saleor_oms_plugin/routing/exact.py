"""Exact lexicographic optimisation by branch and bound over location sets.

Why not a MILP library: HiGHS (highspy) solved the benchmark's 10-line × 50-location orders in
43 ms at the median and 680 ms at p99, against a 5 ms budget (20 × 200: 0.4 s at the median,
up to seconds); it is the tests' and the benchmark's referee instead (``bench/routing_milp.py``). This search proves nearly all of
them optimal in about a millisecond, in pure Python, because its bound is a Lagrangian
relaxation re-solved at every node (``bounds.py``), and because it rarely needs many nodes.

Root. Solve the relaxation of the first stage (the first score component some criterion scores,
folded with the next ones when it is a whole number: see ``bounds.stages``); turn its tight
locations (no slack left) into a plan, completed and trimmed, which is the first incumbent and
often the optimum; then keep as *candidates* only the locations whose own slack does not lift
the bound past that plan (reduced-cost fixing). When the bound meets the plan, that leaves the
few tight locations, and trying every subset of them finishes the proof.

Search. A node is a set of chosen locations (in every plan below it) and excluded ones (in none).
Its relaxation, with the chosen ones paid for and the excluded ones gone, bounds it; fixing
drops more locations; with few left, every subset is tried, else the node branches on one
location: use it, then exclude it. (Plans from each node's tight locations, as the root makes,
found nothing the root's local search had not, and cost 10 % of the time: left out.)

Budget. The search counts its work (``Problem.work``) and stops when it has spent its budget
(``budget.py``): the same order gets the same plan however busy the machine is. Stopped early,
it reports the best plan found and a lower bound on the first stage (the least bound among the
parts of the tree it has not finished), so the plan's gap to the optimum is known.

First plan. The root's tight locations make a plan, which local search (``local_search.py``:
drop, add, swap, and opening one location while closing those it makes redundant) improves
before the search starts: a first incumbent close to the optimum lets reduced-cost fixing drop
more locations, and leaves the budget to proving.

Comparisons. Stages are compared with the best plan in turn (the next only on a tie). Bounds
are lowered by a relative 1e-9 first (then rounded up for whole-number stages, such as
fewest_shipments), so float rounding in a bound can never cut off a plan that beats the best.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .bounds import Lagrangian, Relaxation, is_integral, stages
from .budget import work_units
from .local_search import improve
from .problem import Allocation, Problem, bits

ENUMERATE_UP_TO = 4  # open locations at which a node tries all subsets instead of branching
ROUNDING = 1e-9  # relative slack granted to bounds against float rounding


@dataclass(frozen=True)
class ExactResult:
    allocation: Allocation
    proven_optimal: bool
    nodes: int
    timed_out: bool
    work: int = 0  # units spent by this search (see budget.py)
    # The first stage's objective: a lower bound on every plan (None: not known, e.g. when the
    # budget ran out before any plan shipped all it could), and the plan's relative gap to it.
    lower_bound: float | None = None
    gap: float | None = None


class _OutOfTime(Exception):
    pass


class _Search:
    def __init__(
        self,
        problem: Problem,
        incumbent: Allocation,
        limit: float,
        meter: Callable[[], float] | None,
        max_shipments: int | None,
    ) -> None:
        """The search stops once ``meter()`` (by default: the problem's work so far) passes
        ``limit``."""
        self.problem = problem
        self.best = incumbent
        self.limit = limit
        self.meter = meter if meter is not None else (lambda: problem.work)
        self.max_shipments = max_shipments
        self.nodes = 0
        # Bounds on the first stage of the parts of the tree still to search (see lower_bound).
        self._pending: list[float] = []
        self._current = -math.inf
        self.masks = problem.supplier_masks
        # Every complete set ships each item's target, so this is the backorder they all share.
        self.least_backorder = problem.backorder_at_target()
        self.everything = self.candidates = (1 << len(problem.locations)) - 1
        # Components no criterion ever scores (cut-off with no cut-off passed, say) tie everywhere.
        active = [k for k in range(problem.width) if problem.scored[k]]
        integral = {k: is_integral(problem, k) for k in active}
        self.stages = stages(problem, active, integral) if active else []
        self._integral = [all(integral[k] for k, _ in stage) for stage in self.stages]
        # Built when first needed: for stages after the first, only on ties.
        self._lagrangians: dict[int, Lagrangian] = {}

    def run(self) -> None:
        if not self.stages:
            # No criterion scores anything: every plan that ships all it can ties, and every
            # location together is one (the search below honours max_shipments).
            self._consider(self.problem.evaluate_mask(self.everything))
            self._visit(0, 0, -math.inf)
            return
        root = self.lagrangian(0).relax(self.candidates)
        self._current = self._safe(0, root.chosen_and_free(0, self.candidates))
        tight = self._plan_from_tight(root, 0, self.candidates, trim=True)
        self._consider(tight)
        self._fix(root, 0, self.candidates)
        if (
            self.candidates.bit_count() > ENUMERATE_UP_TO
            and tight.backorder_units == self.least_backorder
        ):
            pool = self.candidates | sum(1 << loc for loc in tight.locations)
            rows: list[list[tuple[float, int, int]]] = [[] for _ in self.problem.items]
            for index, _, suppliers in self.lagrangian(0).rows:
                rows[index] = [entry for entry in suppliers if pool >> entry[1] & 1]
            self._consider(improve(self.problem, tight, self.stages[0], pool, rows))
            self._fix(root, 0, self.candidates)
        if self.candidates.bit_count() <= ENUMERATE_UP_TO:
            # Typical when the root bound meets the best plan: only tight locations are left.
            self._enumerate(0, self.candidates)
            return
        self._lagrangians = {
            k: lagrangian.restrict(self.candidates) for k, lagrangian in self._lagrangians.items()
        }
        self._visit(0, 0, self._current)

    def lower_bound(self) -> float | None:
        """A lower bound on the first stage over every plan that ships all it can: the least
        bound among the parts of the tree not finished (the node being searched, and the
        branches waiting on the way down to it), or the best plan's own value if it is less."""
        if self.best.backorder_units > self.least_backorder or not self.stages:
            return None
        return min([self._current, *self._pending, self._target(0)])

    def gap(self, bound: float | None) -> float | None:
        """How far above ``bound`` the best plan is on the first stage, relative to the plan."""
        if bound is None or bound == -math.inf:
            return None
        value = self._target(0)
        return max(0.0, value - bound) / max(abs(value), 1e-12)

    def lagrangian(self, stage: int) -> Lagrangian:
        found = self._lagrangians.get(stage)
        if found is None:
            found = Lagrangian(self.problem, self.stages[stage], self.candidates)
            self._lagrangians[stage] = found
        return found

    def _target(self, stage: int) -> float:
        """The best plan's score on a stage's objective."""
        score = self.best.score
        objective = self.stages[stage]
        if len(objective) == 1:
            return score[objective[0][0]]
        return sum(weight * score[k] for k, weight in objective)

    # ----------------------------------------------------------------------------- nodes

    def _tick(self) -> None:
        # Every node: a node costs hundreds of work units, a meter read one attribute.
        self.nodes += 1
        if self.meter() > self.limit:
            raise _OutOfTime

    def _visit(self, chosen: int, excluded: int, inherited: float) -> None:
        """Plans that use every ``chosen`` location and no ``excluded`` one; ``inherited`` is a
        bound on them from the parent."""
        self._current = inherited
        self._tick()
        allowed = self.candidates & ~excluded
        if self.max_shipments is not None and chosen.bit_count() >= self.max_shipments:
            allowed = chosen
        open_ = allowed & ~chosen
        if not self.problem.is_complete_mask(allowed):
            return
        if not open_:
            self._consider(self.problem.evaluate_mask(chosen))
            return
        improvable, lead = self._bounded(chosen, allowed)
        if not improvable:
            return
        if lead is not None and lead.base < math.inf:
            bound = self._safe(0, lead.chosen_and_free(chosen, open_))
            if bound > inherited:
                self._current = inherited = bound
        if lead is not None:
            excluded |= self._fix(lead, chosen, allowed)
            open_ = self.candidates & ~excluded & ~chosen
        if open_.bit_count() <= ENUMERATE_UP_TO:
            # Few locations left (typically only tight ones, when the bound meets the best
            # plan): trying every subset is cheaper than bounding further.
            self._enumerate(chosen, open_)
            return
        loc = self._branch_on(lead, open_) if lead else bits(open_)[0]
        self._pending.append(inherited)  # the second branch waits while the first is searched
        self._visit(chosen | 1 << loc, excluded, inherited)
        self._pending.pop()
        self._visit(chosen, excluded | 1 << loc, inherited)

    def _branch_on(self, lead: Relaxation, open_: int) -> int:
        """A location the prices pay for in full (tight), the dearest per shipment first: using
        it tends to find the best plan early, and excluding it moves the bound the most."""
        tight = lead.scale * ROUNDING
        fixed = self.lagrangian(0).fixed
        slack = lead.slack
        return min(bits(open_), key=lambda loc: (slack[loc] > tight, -fixed[loc], slack[loc]))

    def _enumerate(self, chosen: int, open_: int) -> None:
        """Every plan that uses all of ``chosen`` and any of ``open_``."""
        problem = self.problem
        limit = self.max_shipments
        subset = open_
        while True:  # every subset of open_, including the empty one
            members = chosen | subset
            if (limit is None or members.bit_count() <= limit) and problem.is_complete_mask(
                members
            ):
                self._consider(problem.evaluate_mask(members))
            if not subset:
                return
            subset = (subset - 1) & open_

    def _bounded(self, chosen: int, allowed: int) -> tuple[bool, Relaxation | None]:
        """Whether the node may hold a plan strictly better than the best (stages compared in
        turn, each worked out only on a tie), and the first stage's relaxation there."""
        lead = None
        complete = self.best.backorder_units == self.least_backorder
        open_ = allowed & ~chosen
        for stage in range(len(self.stages)):
            relaxation = self.lagrangian(stage).relax(allowed, chosen)
            lead = lead or relaxation
            if not complete:
                return True, lead  # any complete plan ships more than the best
            bound = self._safe(stage, relaxation.chosen_and_free(chosen, open_))
            target = self._target(stage)
            if bound < target:
                return True, lead
            if bound > target:
                return False, lead
        # Ties the best on every stage at most: not strictly better (with no stage at all, any
        # plan that ships more than the best is).
        return not complete, lead

    def _plan_from_tight(
        self, lead: Relaxation, chosen: int, allowed: int, *, trim: bool
    ) -> Allocation:
        """The locations the prices fully pay for, completed by least slack (then trimmed)."""
        problem = self.problem
        slack = lead.slack
        tight = lead.scale * ROUNDING
        problem.work += len(slack) + len(lead.offers)
        members = 0
        for loc, value in enumerate(slack):
            if value <= tight:
                members |= 1 << loc
        members = chosen | (allowed & members)
        for index, target, offers in lead.offers:
            row = problem.supply[index]
            have = 0
            for _, loc, _ in offers:
                if members >> loc & 1:
                    have += row[loc]
            if have >= target:
                continue
            for loc in lead.by_slack(offers):
                if not members >> loc & 1:
                    members |= 1 << loc
                    have += row[loc]
                    if have >= target:
                        break
        best = problem.evaluate_mask(members)
        if trim:
            for loc in bits(members):  # drop locations the plan does better without
                if not problem.is_complete_mask(members & ~(1 << loc)):
                    continue
                trial = problem.evaluate_mask(members & ~(1 << loc))
                if trial.key < best.key:
                    best, members = trial, members & ~(1 << loc)
        return best

    def _fix(self, lead: Relaxation, chosen: int, allowed: int) -> int:
        """Reduced-cost fixing: open locations whose own slack lifts the lead bound past the
        best plan cannot be in a better one. Returns them (at the root: drops them)."""
        if self.best.backorder_units > self.least_backorder or lead.base == math.inf:
            return 0
        self.problem.work += len(lead.slack)
        ceiling = self._target(0)
        # _safe(bound + s) > ceiling holds whenever bound + s exceeds this (see _safe).
        limit = ceiling + 2 * ROUNDING * (1.0 + abs(ceiling))
        threshold = limit - lead.chosen_and_free(chosen, allowed & ~chosen)
        out = 0
        for loc, value in enumerate(lead.slack):
            if value > threshold:
                out |= 1 << loc
        out &= allowed & ~chosen
        if not chosen and allowed == self.candidates:
            self.candidates &= ~out
        return out

    def _consider(self, allocation: Allocation) -> None:
        limit = self.max_shipments
        if limit is not None and len(allocation.locations) > limit:
            return
        if allocation.key < self.best.key:
            self.best = allocation

    def _safe(self, stage: int, bound: float) -> float:
        """The bound, lowered against float rounding (rounded up again when whole)."""
        if bound == math.inf:
            return bound
        safe = bound - ROUNDING * (1.0 + abs(bound))
        return math.ceil(safe) if self._integral[stage] else safe


def solve_exact(
    problem: Problem,
    incumbent: Allocation,
    *,
    time_budget_s: float | None = None,
    work_budget: int | None = None,
    max_shipments: int | None = None,
    clock: Callable[[], float] | None = None,
) -> ExactResult:
    """Best plan by (backorder, score); the incumbent is returned if nothing beats it in budget.

    The budget is ``work_budget`` units of work, or what ``time_budget_s`` buys (``budget.py``):
    deterministic either way. With a ``clock`` (``time.process_time``, say) the budget is
    ``time_budget_s`` on that clock instead, and the plan may then depend on the machine."""
    started = problem.work
    if clock is not None:
        limit, meter = clock() + (time_budget_s or 0.0), clock
    else:
        units = work_budget if work_budget is not None else work_units((time_budget_s or 0) * 1e3)
        limit, meter = started + units, None
    search = _Search(problem, incumbent, limit, meter, max_shipments)
    try:
        search.run()
    except _OutOfTime:
        if search.best.backorder_units > search.least_backorder and max_shipments is None:
            # Out of budget before any plan shipped all it could: every location together does.
            search._consider(problem.evaluate_mask(search.everything))
        bound = search.lower_bound()
        return ExactResult(
            search.best,
            proven_optimal=False,
            nodes=search.nodes,
            timed_out=True,
            work=problem.work - started,
            lower_bound=bound,
            gap=search.gap(bound),
        )
    bound = search.lower_bound()
    return ExactResult(
        search.best,
        proven_optimal=True,
        nodes=search.nodes,
        timed_out=False,
        work=problem.work - started,
        lower_bound=bound,
        gap=0.0,
    )
