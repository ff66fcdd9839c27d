"""Pick lists: discrete (one order a trip), batch (many orders a trip, one tote each) and
zone (each zone picked on its own, the orders consolidated at packing).

Each SKU is slotted in one bin (``slotting``: SKU → bin id). A pick list is one trip: its
lines are (bin, SKU, total quantity) in the walking sequence of the layout, and each line
splits its quantity over the orders, and so the totes, it serves. Every unit of every order
is on exactly one line of one list.

Batching groups orders whose bins lie close in the walking sequence: orders are sorted by
the mean sequence number of their bins and cut into batches of ``totes`` orders (a cart's
totes). Discrete picking takes the orders one by one, in the order given.

Zone picking gives each zone its own pickers: every zone's lines of the orders are batched as
above, but a list holds the lines of one zone only, so an order with items in three zones is
on three lists (one per zone) and its units meet again at packing. Each unit is still on
exactly one list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import PickInputInvalid
from .layout import Layout


class PickStrategy(StrEnum):
    DISCRETE = "discrete"
    BATCH = "batch"
    ZONE = "zone"


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int


@dataclass(frozen=True)
class PickOrder:
    order_id: str
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True)
class ToteSplit:
    order_id: str
    tote: int  # 1-based, the order's tote on the cart
    quantity: int


@dataclass(frozen=True)
class PickLine:
    sequence: int
    bin_id: str
    zone: str
    sku: str
    quantity: int  # the total over the splits
    splits: tuple[ToteSplit, ...]


@dataclass(frozen=True)
class PickList:
    strategy: PickStrategy
    order_ids: tuple[str, ...]  # tote n holds order_ids[n - 1]
    lines: tuple[PickLine, ...]

    def walk_distance(self, layout: Layout) -> float:
        return layout.walk_distance(line.bin_id for line in self.lines)


@dataclass(frozen=True)
class PickPlan:
    pick_lists: tuple[PickList, ...]

    def walk_distance(self, layout: Layout) -> float:
        return sum(p.walk_distance(layout) for p in self.pick_lists)


def plan_discrete(
    orders: Sequence[PickOrder], layout: Layout, slotting: Mapping[str, str]
) -> PickPlan:
    """One pick list per order, in the order given."""
    _check(orders, layout, slotting)
    return PickPlan(
        tuple(_pick_list(PickStrategy.DISCRETE, [order], layout, slotting) for order in orders)
    )


def plan_batches(
    orders: Sequence[PickOrder],
    layout: Layout,
    slotting: Mapping[str, str],
    *,
    totes: int = 20,
) -> PickPlan:
    """Pick lists of up to ``totes`` orders each, grouped by where their bins lie."""
    if totes < 1:
        raise PickInputInvalid("a batch needs at least one tote")
    _check(orders, layout, slotting)

    def centre(order: PickOrder) -> float:
        sequences = {layout.bins[slotting[line.sku]].sequence for line in order.lines}
        return sum(sequences) / len(sequences) if sequences else 0.0

    ranked = sorted(orders, key=centre)
    return PickPlan(
        tuple(
            _pick_list(PickStrategy.BATCH, ranked[start : start + totes], layout, slotting)
            for start in range(0, len(ranked), totes)
        )
    )


def plan_zones(
    orders: Sequence[PickOrder],
    layout: Layout,
    slotting: Mapping[str, str],
    *,
    totes: int = 20,
) -> PickPlan:
    """Per zone (in the walking sequence of its first bin), pick lists of up to ``totes``
    orders each holding only that zone's lines; an order without lines is on no list."""
    if totes < 1:
        raise PickInputInvalid("a batch needs at least one tote")
    _check(orders, layout, slotting)
    by_zone: dict[str, list[PickOrder]] = defaultdict(list)
    for order in orders:
        zones: dict[str, list[OrderLine]] = defaultdict(list)
        for line in order.lines:
            zones[layout.bins[slotting[line.sku]].zone].append(line)
        for zone, lines in zones.items():
            by_zone[zone].append(PickOrder(order.order_id, tuple(lines)))
    first_stop = {
        zone: min(layout.bins[slotting[line.sku]].sequence for o in part for line in o.lines)
        for zone, part in by_zone.items()
    }
    lists: list[PickList] = []
    for zone in sorted(by_zone, key=lambda z: (first_stop[z], z)):
        batches = plan_batches(by_zone[zone], layout, slotting, totes=totes).pick_lists
        lists.extend(PickList(PickStrategy.ZONE, p.order_ids, p.lines) for p in batches)
    return PickPlan(tuple(lists))


def _check(orders: Iterable[PickOrder], layout: Layout, slotting: Mapping[str, str]) -> None:
    seen: set[str] = set()
    for order in orders:
        if order.order_id in seen:
            raise PickInputInvalid(f"order {order.order_id} appears twice")
        seen.add(order.order_id)
        for line in order.lines:
            if line.quantity < 1:
                raise PickInputInvalid(f"order {order.order_id}: {line.sku} quantity below 1")
            bin_id = slotting.get(line.sku)
            if bin_id is None:
                raise PickInputInvalid(f"order {order.order_id}: {line.sku} has no bin")
            if bin_id not in layout.bins:
                raise PickInputInvalid(f"{line.sku} is slotted in unknown bin {bin_id}")


def _pick_list(
    strategy: PickStrategy,
    orders: Sequence[PickOrder],
    layout: Layout,
    slotting: Mapping[str, str],
) -> PickList:
    # (bin, sku) → order id → quantity; an order naming a SKU twice is picked as one split.
    wanted: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    totes = {order.order_id: n for n, order in enumerate(orders, start=1)}
    for order in orders:
        for line in order.lines:
            per_order = wanted[(slotting[line.sku], line.sku)]
            per_order[order.order_id] = per_order.get(order.order_id, 0) + line.quantity
    lines = []
    for (bin_id, sku), per_order in wanted.items():
        b = layout.bins[bin_id]
        splits = tuple(
            ToteSplit(order_id, totes[order_id], quantity)
            for order_id, quantity in sorted(per_order.items(), key=lambda kv: totes[kv[0]])
        )
        lines.append(
            PickLine(
                sequence=b.sequence,
                bin_id=bin_id,
                zone=b.zone,
                sku=sku,
                quantity=sum(s.quantity for s in splits),
                splits=splits,
            )
        )
    lines.sort(key=lambda line: (line.sequence, line.sku))
    return PickList(strategy, tuple(o.order_id for o in orders), tuple(lines))
