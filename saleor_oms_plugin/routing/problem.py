"""The routing problem in solver form, shared by the heuristic and the exact solver.

A *plan* is a set of locations; given the set, the best way to split units between its members
is a greedy fill (each unit goes to the member with the lowest per-unit score, compared criterion
by criterion), which is optimal because per-unit scores are linear and separable: a unit's score
depends only on its item and the location it leaves from, and stock limits are per item and
location, so items never compete for anything and each item's fill is its own cheapest-first
transport. So both solvers search over location sets only, and ``Problem.evaluate`` turns a set
into an allocation and its score.

Scores are tuples, one entry per ranking criterion in rank order, compared lexicographically.

Everything a solver reads in its inner loops is worked out once here: supply and per-unit scores
as lists indexed by location, each item's suppliers ranked by unit score (so a fill never sorts),
and each item's suppliers as a bitmask (location ``l`` is bit ``1 << l``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

from .criteria import Criterion, RoutingContext, scores_per_shipment, scores_per_unit
from .location_index import Holdings, LocationIndex, location_index, split_holders
from .model import CandidateLocation, OrderLine

Score = tuple[float, ...]


class Item(NamedTuple):
    """A block of demand routed as one: all units of a variant, or one keep-together group."""

    lines: tuple[OrderLine, ...]
    demand: int  # units of the variant; 1 for a group (the whole group is one indivisible unit)
    is_group: bool


class Allocation(NamedTuple):
    """What a location set yields: units per item per location, and the plan's score (a named
    tuple: the solvers make one per location set they weigh)."""

    locations: tuple[int, ...]  # indices of locations actually used, ascending
    fills: tuple[tuple[tuple[int, int], ...], ...]  # per item: (location index, units)
    backorder_units: int
    score: Score

    @property
    def key(self) -> tuple[int, Score]:
        # Shipping more always beats any criterion: a plan that ships nothing has no splits either.
        return (self.backorder_units, self.score)


class Problem:
    def __init__(
        self,
        items: Sequence[Item],
        locations: Sequence[CandidateLocation],
        ranking: Sequence[Criterion],
        ctx: RoutingContext,
    ) -> None:
        self.items = tuple(items)
        self.ranking = tuple(ranking)
        self.width = width = len(self.ranking)
        self.zero: Score = (0.0,) * width
        # Work done so far (items filled, suppliers scanned): the solvers' budget is counted in
        # it, so that the same order gets the same plan however busy the machine is.
        self.work = 0
        # Each item's holders, read from the index of the candidates (shared by the orders of
        # one routing run); locations that hold nothing the order needs can never be part of a
        # plan and are left out.
        stock_index = location_index(locations)
        held = [_holdings(item, stock_index) for item in self.items]
        used = sorted(set().union(*(positions for positions, _ in held)))
        self.locations = tuple(locations[position] for position in used)
        count = len(self.locations)
        renumber = dict(zip(used, range(count), strict=True))
        # Criteria that never score per shipment (or per unit) are skipped rather than called.
        fixed_columns = [
            criterion.per_shipment_column(self.locations, ctx)
            if scores_per_shipment(criterion)
            else [0.0] * count
            for criterion in self.ranking
        ]
        self.fixed: list[Score] = list(zip(*fixed_columns, strict=True)) or [()] * count
        # For a group the "unit" is the whole group, so its score sums over the group's lines.
        # Per criterion, one table call over all items and locations: criteria share work per
        # location.
        tables = [
            _unit_table(criterion, self.items, self.locations, ctx) for criterion in self.ranking
        ]
        # Components no criterion ever scores (cut-off with no cut-off passed, say) tie everywhere:
        # solvers skip them.
        self.scored = [
            any(column) or any(any(row) for row in table)
            for column, table in zip(fixed_columns, tables, strict=True)
        ]
        # Per item: units per location; unit scores, filled in for suppliers only (other entries
        # are never read); the suppliers, best unit score first (ties: lower index), and as a
        # bitmask; the most it can ship using every eligible location (complete plans reach it);
        # and the suppliers that hold all of that alone (most, for small orders).
        self.supply: list[list[int]] = []
        self.unit: list[list[Score]] = []
        self.ranked_suppliers: list[list[int]] = []
        self.supplier_masks: list[int] = []
        self.target: list[int] = []
        self._covering_masks: list[int] = []
        for index, (item, (positions, stock)) in enumerate(zip(self.items, held, strict=True)):
            suppliers = list(map(renumber.__getitem__, positions))
            target = min(item.demand, sum(stock))
            row = [0] * count
            unit = [self.zero] * count
            columns = [table[index] for table in tables]
            scores = (
                zip(*(map(column.__getitem__, suppliers) for column in columns), strict=True)
                if width
                else [()] * len(suppliers)
            )
            mask = covering = 0
            for loc, units, score in zip(suppliers, stock, scores, strict=True):
                row[loc] = units
                unit[loc] = score
                mask |= 1 << loc
                if units >= target:
                    covering |= 1 << loc
            suppliers.sort(key=unit.__getitem__)  # stable: ties stay in index order
            self.supply.append(row)
            self.unit.append(unit)
            self.ranked_suppliers.append(suppliers)
            self.supplier_masks.append(mask)
            self.target.append(target)
            self._covering_masks.append(covering)
        self._group_units = [_units(item) if item.is_group else 1 for item in self.items]
        self._evaluated: dict[int, Allocation] = {}

    @cached_property
    def offers(self) -> list[list[tuple[int, int, Score]]]:
        """Per location, what it offers: (item, units, unit score), for loops over sparse stock."""
        offers: list[list[tuple[int, int, Score]]] = [[] for _ in self.locations]
        for index, (row, unit) in enumerate(zip(self.supply, self.unit, strict=True)):
            for loc in self.ranked_suppliers[index]:
                offers[loc].append((index, row[loc], unit[loc]))
        self.work += sum(len(offered) for offered in offers)
        return offers  # in item order: items are read in order

    def backorder_at_target(self) -> int:
        """Units any complete plan leaves unshipped (stock short everywhere)."""
        return sum(
            (item.demand - target) * weight
            for item, target, weight in zip(self.items, self.target, self._group_units, strict=True)
        )

    def suppliers(self, item: int) -> list[int]:
        return [loc for loc, units in enumerate(self.supply[item]) if units > 0]

    def is_complete(self, members: Sequence[int]) -> bool:
        return self.is_complete_mask(_mask(members))

    def is_complete_mask(self, mask: int) -> bool:
        self.work += len(self.items)
        for row, target, suppliers, alone in zip(
            self.supply, self.target, self.supplier_masks, self._covering_masks, strict=True
        ):
            if mask & alone:
                continue  # one member holds the item's whole target
            have = 0
            present = mask & suppliers
            while present and have < target:
                low = present & -present
                have += row[low.bit_length() - 1]
                present ^= low
            if have < target:
                return False
        return True

    def evaluate(self, members: Sequence[int]) -> Allocation:
        """Best split of the order between ``members`` (memoised: solvers revisit sets)."""
        return self.evaluate_mask(_mask(members))

    def evaluate_mask(self, mask: int) -> Allocation:
        found = self._evaluated.get(mask)
        if found is None:
            found = self._evaluated[mask] = self._evaluate(mask)
        return found

    def evaluated(self) -> list[Allocation]:
        """Every allocation worked out so far: the alternatives the solvers weighed."""
        return list(self._evaluated.values())

    def _evaluate(self, mask: int) -> Allocation:
        self.work += 4 * len(self.items)
        used = 0
        fills: list[tuple[tuple[int, int], ...]] = []
        taken: list[tuple[int, Score]] = []  # (units, unit score), in fill order
        backorder = 0
        supplier_masks, ranked_suppliers = self.supplier_masks, self.ranked_suppliers
        for index, item in enumerate(self.items):
            need = item.demand
            present = mask & supplier_masks[index]
            if not present:
                fills.append(())
                backorder += need * self._group_units[index]
                continue
            row, unit = self.supply[index], self.unit[index]
            if present & (present - 1):  # several members hold it: cheapest first
                candidates = ranked_suppliers[index]
            else:  # one member holds it
                candidates = [present.bit_length() - 1]
            fill = []
            for loc in candidates:
                if not present >> loc & 1:
                    continue
                take = need if need < row[loc] else row[loc]
                need -= take
                fill.append((loc, take))
                taken.append((take, unit[loc]))
                used |= 1 << loc
                if need == 0:
                    break
            backorder += need * self._group_units[index]
            fills.append(tuple(fill))
        members = bits(used)
        return Allocation(tuple(members), tuple(fills), backorder, self._score(taken, members))

    def _score(self, taken: list[tuple[int, Score]], members: list[int]) -> Score:
        """A plan's score: per component, units times unit score in fill order, then each
        member's per-shipment score in index order (the order fixes the float sums)."""
        fixed = self.fixed
        total = []
        for k in range(self.width):
            value = 0.0
            for units, score in taken:
                value += units * score[k]
            for loc in members:
                value += fixed[loc][k]
            total.append(value)
        return tuple(total)


def _unit_table(
    criterion: Criterion,
    items: tuple[Item, ...],
    locations: tuple[CandidateLocation, ...],
    ctx: RoutingContext,
) -> list[list[float]]:
    """Per item, per location: the criterion's score for one unit of the item (a group as a
    whole)."""
    if not scores_per_unit(criterion):
        zeros = [0.0] * len(locations)
        return [zeros] * len(items)  # shared: read only
    singles = criterion.per_unit_table([item.lines[0] for item in items], locations, ctx)
    table = []
    for item, single in zip(items, singles, strict=True):
        if not item.is_group:
            table.append(single)
            continue
        per_line = criterion.per_unit_table(item.lines, locations, ctx)
        table.append(
            [
                sum(
                    line.quantity * values[loc]
                    for line, values in zip(item.lines, per_line, strict=True)
                )
                for loc in range(len(locations))
            ]
        )
    return table


def _units(item: Item) -> int:
    return sum(line.quantity for line in item.lines)


def _holdings(item: Item, index: LocationIndex) -> Holdings:
    """(positions, units) of the locations holding the item; for a group, units is 1 where the
    whole group is in stock."""
    if not item.is_group:
        return index.holdings(item.lines[0].variant_id)
    needed: dict[str, int] = {}
    for line in item.lines:
        needed[line.variant_id] = needed.get(line.variant_id, 0) + line.quantity
    positions = None
    for variant, quantity in needed.items():
        enough = {position for position, units in index.holders(variant) if units >= quantity}
        positions = enough if positions is None else positions & enough
    return split_holders([(position, 1) for position in sorted(positions or ())])


def _mask(locations: Sequence[int]) -> int:
    mask = 0
    for loc in locations:
        mask |= 1 << loc
    return mask


def bits(mask: int) -> list[int]:
    """Set bits of ``mask``, ascending."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


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
