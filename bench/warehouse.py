"""Warehouse planning benchmark: box suggestion and pick sequencing on a seeded warehouse.

    .venv/bin/python bench/warehouse.py [--orders 2000] [--bins 5000] [--totes 20] [--seed 7]
        [--labels 500] [--json]

Pure Python, no database. A seeded generator builds a warehouse of ``--bins`` bins in five
zones along parallel aisles (3 m apart, bins 1 m apart on both sides, 50 positions an aisle),
walked in a serpentine: up one aisle, down the next; the depot sits at the front of the first
aisle. A catalogue of one SKU per bin carries dimensions (a few per cent without, to exercise
the volume fallback) and weights; popularity is skewed (a few SKUs sell far more). A wave of
``--orders`` orders with 1–5 lines (1–3 units each) is drawn from it, and a catalogue of eight
boxes is offered.

Figures:
- ``plan_seconds``: the wave planned as batch pick lists (``--totes`` orders a cart) and
  sequenced along the walk; ``discrete_plan_seconds``: the same as one list per order;
- ``walk_vs_discrete``: batch walking distance over discrete (the orders one by one in the
  order they came), both under the Manhattan model of ``warehouse_planning.layout``;
- ``box_p50_ms``, ``box_p99_ms``: box suggestion per order, wall clock (``boxes_seconds``: the
  whole wave);
- ``boxes_vs_lower_bound``: boxes suggested over the sum of the lower bounds
  (``warehouse_planning.bounds``), and ``orders_at_lower_bound`` the share of orders where the
  count equals the bound;
- ``labels_pdf_seconds``: ``--labels`` 4×6 shipping labels in one PDF (``bench/labels.py``, which
  has the label figures in full; ``--labels 0`` leaves them out).
The load average is recorded before and after: wall-clock figures on a shared machine say as
much about the neighbours as about the code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import labels as labels_bench  # noqa: E402
from saleor_oms_plugin.warehouse_planning.layout import Bin, Layout  # noqa: E402
from saleor_oms_plugin.warehouse_planning.model import BoxType, Dimensions, Item  # noqa: E402
from saleor_oms_plugin.warehouse_planning.packing import suggest_boxes  # noqa: E402
from saleor_oms_plugin.warehouse_planning.picking import (  # noqa: E402
    OrderLine,
    PickOrder,
    plan_batches,
    plan_discrete,
    plan_zones,
)

TARGETS = {
    "plan_seconds": ("<=", 2.0),
    "walk_vs_discrete": ("<=", 0.70),
    "boxes_vs_lower_bound": ("<=", 1.05),
    "box_p99_ms": ("<=", 20.0),
    "labels_pdf_seconds": ("<=", 10.0),
}
AISLE_POSITIONS = 50  # bins along one side of an aisle
ZONES = ("A", "B", "C", "D", "E")

BOXES = (
    BoxType("XS", Dimensions(200, 100, 150), max_weight=5_000, cost=0.40),
    BoxType("S", Dimensions(300, 150, 200), max_weight=10_000, cost=0.60),
    BoxType("M", Dimensions(350, 200, 250), max_weight=15_000, cost=0.80),
    BoxType("L", Dimensions(400, 250, 300), max_weight=20_000, cost=1.00),
    BoxType("XL", Dimensions(500, 300, 400), max_weight=25_000, cost=1.40),
    BoxType("XXL", Dimensions(600, 400, 400), max_weight=30_000, cost=1.90),
    BoxType("FLAT", Dimensions(600, 80, 400), max_weight=8_000, cost=0.90),
    BoxType("LONG", Dimensions(1000, 150, 150), max_weight=15_000, cost=1.20),
)


def build_layout(bins: int) -> Layout:
    """Serpentine aisles: bins 2k and 2k+1 face each other at one position of an aisle."""
    per_aisle = 2 * AISLE_POSITIONS
    per_zone = -(-bins // len(ZONES))
    result = []
    for n in range(bins):
        aisle, offset = divmod(n, per_aisle)
        position, side = divmod(offset, 2)
        if aisle % 2:
            position = AISLE_POSITIONS - 1 - position
        result.append(
            Bin(
                bin_id=f"B{n:05d}",
                zone=ZONES[min(n // per_zone, len(ZONES) - 1)],
                sequence=n,
                x=aisle * 3.0 + side * 0.5,
                y=1.0 + position,
            )
        )
    return Layout.of(result, depot=(0.0, 0.0))


def build_catalogue(rng: random.Random, skus: int) -> dict[str, tuple[Dimensions | None, int]]:
    catalogue: dict[str, tuple[Dimensions | None, int]] = {}
    for n in range(skus):
        kind = rng.random()
        if kind < 0.70:  # small goods
            sides = [rng.randint(20, 150) for _ in range(3)]
        elif kind < 0.92:  # medium
            sides = [rng.randint(80, 300) for _ in range(3)]
        elif kind < 0.97:  # bulky
            sides = [rng.randint(200, 400), rng.randint(150, 380), rng.randint(150, 380)]
        else:  # long
            sides = [rng.randint(500, 950), rng.randint(30, 120), rng.randint(30, 120)]
        dims = Dimensions(*sides)
        density = rng.uniform(0.1, 0.6)  # g per cm³
        weight = max(10, int(dims.volume / 1000 * density))
        missing = rng.random() < 0.03
        catalogue[f"SKU-{n:05d}"] = (None if missing else dims, weight)
    return catalogue


def build_orders(rng: random.Random, orders: int, skus: list[str]) -> list[PickOrder]:
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(skus))]
    popular = skus[:]
    rng.shuffle(popular)
    result = []
    for n in range(orders):
        count = rng.randint(1, 5)
        chosen: list[str] = []
        while len(chosen) < count:
            sku = rng.choices(popular, weights)[0]
            if sku not in chosen:
                chosen.append(sku)
        lines = tuple(
            OrderLine(sku, rng.choices((1, 2, 3), (0.75, 0.18, 0.07))[0]) for sku in chosen
        )
        result.append(PickOrder(f"O{n:05d}", lines))
    return result


def items_of(order: PickOrder, catalogue: dict[str, tuple[Dimensions | None, int]]) -> list[Item]:
    items = []
    for line in order.lines:
        dims, weight = catalogue[line.sku]
        for unit in range(line.quantity):
            items.append(
                Item(
                    item_id=f"{line.sku}#{unit}",
                    weight=weight,
                    dimensions=dims,
                    # A merchant without dimensions still knows roughly how big a thing is.
                    volume_hint=0 if dims else 1_000_000,
                )
            )
    return items


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(args.seed)
    layout = build_layout(args.bins)
    catalogue = build_catalogue(rng, args.bins)
    skus = list(catalogue)
    slotting = dict(zip(skus, rng.sample(sorted(layout.bins), len(skus)), strict=True))
    orders = build_orders(rng, args.orders, skus)
    load_before = os.getloadavg()

    started = time.perf_counter()
    batches = plan_batches(orders, layout, slotting, totes=args.totes)
    plan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    discrete = plan_discrete(orders, layout, slotting)
    discrete_seconds = time.perf_counter() - started
    started = time.perf_counter()
    zones = plan_zones(orders, layout, slotting, totes=args.totes)
    zone_seconds = time.perf_counter() - started
    batch_walk = batches.walk_distance(layout)
    discrete_walk = discrete.walk_distance(layout)

    timings: list[float] = []
    boxes, bounds, at_bound = 0, 0, 0
    for order in orders:
        items = items_of(order, catalogue)
        started = time.perf_counter()
        suggestion = suggest_boxes(items, BOXES)
        timings.append((time.perf_counter() - started) * 1000)
        boxes += suggestion.box_count
        bounds += suggestion.lower_bound
        at_bound += suggestion.box_count == suggestion.lower_bound

    figures: dict[str, object] = {
        "seed": args.seed,
        "orders": args.orders,
        "bins": args.bins,
        "totes": args.totes,
        "plan_seconds": round(plan_seconds, 4),
        "discrete_plan_seconds": round(discrete_seconds, 4),
        "pick_lists_batch": len(batches.pick_lists),
        "pick_lists_discrete": len(discrete.pick_lists),
        "walk_batch_m": round(batch_walk, 1),
        "walk_discrete_m": round(discrete_walk, 1),
        "walk_vs_discrete": round(batch_walk / discrete_walk, 4),
        "zone_plan_seconds": round(zone_seconds, 4),
        "pick_lists_zone": len(zones.pick_lists),
        "walk_zone_m": round(zones.walk_distance(layout), 1),
        "box_p50_ms": round(percentile(timings, 0.50), 3),
        "box_p99_ms": round(percentile(timings, 0.99), 3),
        "box_max_ms": round(max(timings), 3),
        "boxes_seconds": round(sum(timings) / 1000, 4),
        "boxes": boxes,
        "boxes_lower_bound": bounds,
        "boxes_vs_lower_bound": round(boxes / bounds, 4),
        "orders_at_lower_bound": round(at_bound / len(orders), 4),
    }
    if args.labels:
        printed = labels_bench.run(argparse.Namespace(labels=args.labels, seed=args.seed))
        figures["labels"] = printed["labels"]
        figures["labels_pdf_seconds"] = printed["labels_pdf_seconds"]
        figures["labels_pdf_cpu_seconds"] = printed["labels_pdf_cpu_seconds"]
    figures["load_before"] = [round(v, 2) for v in load_before]
    figures["load_after"] = [round(v, 2) for v in os.getloadavg()]
    figures["targets_met"] = {
        name: (figures[name] <= limit if op == "<=" else figures[name] >= limit)  # type: ignore[operator]
        for name, (op, limit) in TARGETS.items()
        if name in figures
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--bins", type=int, default=5000)
    parser.add_argument("--totes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--labels", type=int, default=500, help="labels in one PDF; 0: none")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args()
    figures = run(args)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
