"""The routing problem in solver form, shared by the heuristic and the exact solver.

A *plan* is a set of locations; given the set, the best way to split units between its members
is a greedy fill (each unit goes to the member with the lowest per-unit score, compared rule by
rule), which is optimal because per-unit scores are linear. So both solvers search over location
sets only, and ``Problem.evaluate`` turns a set into an allocation and its score.

Scores are tuples, one entry per ranking rule in rank order, compared lexicographically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import CandidateLocation, OrderLine
from .rules import RoutingContext, Rule

Score = tuple[float, ...]


@dataclass(frozen=True)
class Item:
    """A block of demand routed as one: all units of a variant, or one keep-together group."""

    lines: tuple[OrderLine, ...]
    demand: int  # units of the variant; 1 for a group (the whole group is one indivisible unit)
    is_group: bool


@dataclass(frozen=True)
class Allocation:
    """What a location set yields: units per item per location, and the plan's score."""

    locations: tuple[int, ...]  # indices of locations actually used, ascending
    fills: tuple[tuple[tuple[int, int], ...], ...]  # per item: (location index, units)
    backorder_units: int
    score: Score

    @property
    def key(self) -> tuple[int, Score]:
        # Shipping more always beats any rule: a plan that ships nothing has no splits either.
        return (self.backorder_units, self.score)


class Problem:
    def __init__(
        self,
        items: Sequence[Item],
        locations: Sequence[CandidateLocation],
        ranking: Sequence[Rule],
        ctx: RoutingContext,
    ) -> None:
        self.items = tuple(items)
        # Locations that hold nothing the order needs can never be part of a plan.
        self.locations = tuple(
            loc for loc in locations if any(_supply(item, loc) > 0 for item in self.items)
        )
        self.ranking = tuple(ranking)
        self.width = len(self.ranking)
        self.supply = [[_supply(item, loc) for loc in self.locations] for item in self.items]
        self.fixed: list[Score] = [
            tuple(rule.per_shipment(loc, ctx) for rule in self.ranking) for loc in self.locations
        ]
        blank: Score = (0.0,) * self.width
        # For a group the "unit" is the whole group, so its score sums over the group's lines.
        # Scores are only worked out where there is supply: the rest is never read.
        self.unit: list[list[Score]] = [
            [
                _unit_score(item, loc, self.ranking, ctx) if units else blank
                for loc, units in zip(self.locations, row, strict=True)
            ]
            for item, row in zip(self.items, self.supply, strict=True)
        ]
        # Per location, what it offers: (item, units, unit score), for loops over sparse stock.
        self.offers: list[list[tuple[int, int, Score]]] = [
            [
                (index, row[loc], self.unit[index][loc])
                for index, row in enumerate(self.supply)
                if row[loc] > 0
            ]
            for loc in range(len(self.locations))
        ]
        # The most each item can ship using every eligible location: complete plans reach it.
        self.target = [
            min(item.demand, sum(row)) for item, row in zip(self.items, self.supply, strict=True)
        ]
        self._evaluated: dict[tuple[int, ...], Allocation] = {}
        self.zero: Score = (0.0,) * self.width

    def backorder_at_target(self) -> int:
        """Units any complete plan leaves unshipped (stock short everywhere)."""
        return sum(
            (item.demand - target) * (_units(item) if item.is_group else 1)
            for item, target in zip(self.items, self.target, strict=True)
        )

    def suppliers(self, item: int) -> list[int]:
        return [loc for loc, units in enumerate(self.supply[item]) if units > 0]

    def is_complete(self, members: Sequence[int]) -> bool:
        return all(
            sum(row[loc] for loc in members) >= target
            for row, target in zip(self.supply, self.target, strict=True)
        )

    def evaluate(self, members: Sequence[int]) -> Allocation:
        """Best split of the order between ``members`` (memoised: solvers revisit sets)."""
        key = tuple(sorted(members))
        found = self._evaluated.get(key)
        if found is None:
            found = self._evaluated[key] = self._evaluate(key)
        return found

    def evaluated(self) -> list[Allocation]:
        """Every allocation worked out so far: the alternatives the solvers weighed."""
        return list(self._evaluated.values())

    def _evaluate(self, members: tuple[int, ...]) -> Allocation:
        width = self.width
        total = [0.0] * width
        used: set[int] = set()
        fills = []
        backorder = 0
        for index, item in enumerate(self.items):
            row, unit = self.supply[index], self.unit[index]
            ranked = sorted((loc for loc in members if row[loc] > 0), key=unit.__getitem__)
            need = item.demand
            fill = []
            for loc in ranked:
                if need == 0:
                    break
                take = min(need, row[loc])
                need -= take
                fill.append((loc, take))
                used.add(loc)
                score = unit[loc]
                for k in range(width):
                    total[k] += take * score[k]
            backorder += need if not item.is_group else need * _units(item)
            fills.append(tuple(fill))
        for loc in used:
            fixed = self.fixed[loc]
            for k in range(width):
                total[k] += fixed[k]
        return Allocation(tuple(sorted(used)), tuple(fills), backorder, tuple(total))


def _unit_score(
    item: Item, location: CandidateLocation, ranking: Sequence[Rule], ctx: RoutingContext
) -> Score:
    if item.is_group:
        return tuple(
            sum(line.quantity * rule.per_unit(line, location, ctx) for line in item.lines)
            for rule in ranking
        )
    return tuple(rule.per_unit(item.lines[0], location, ctx) for rule in ranking)


def _units(item: Item) -> int:
    return sum(line.quantity for line in item.lines)


def _supply(item: Item, location: CandidateLocation) -> int:
    if not item.is_group:
        return location.stock.get(item.lines[0].variant_id, 0)
    needed: dict[str, int] = {}
    for line in item.lines:
        needed[line.variant_id] = needed.get(line.variant_id, 0) + line.quantity
    whole = all(location.stock.get(variant, 0) >= qty for variant, qty in needed.items())
    return 1 if whole else 0


def build_items(lines: Sequence[OrderLine], keep_together: bool) -> list[Item]:
    """Lines of one variant are pooled (they draw on one stock); groups stay whole if asked."""
    by_variant: dict[str, list[OrderLine]] = {}
    groups: dict[str, list[OrderLine]] = {}
    for line in lines:
        if keep_together and line.group is not None:
            groups.setdefault(line.group, []).append(line)
        else:
            by_variant.setdefault(line.variant_id, []).append(line)
    items = [
        Item(tuple(pooled), sum(line.quantity for line in pooled), is_group=False)
        for pooled in by_variant.values()
    ]
    items += [Item(tuple(members), 1, is_group=True) for members in groups.values()]
    return items
