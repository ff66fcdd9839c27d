"""Fulfilment routing benchmark: Saleor's native allocation vs our rule sets vs the MILP optimum.

    .venv/bin/python bench/routing.py [--orders 1000] [--lines 10] [--locations 50] [--seed 7]
        [--large-orders 200] [--large-lines 20] [--large-locations 200] [--no-large] [--json]

Needs the ``dev`` extra (``scripts/bootstrap dev``): the reference optimum is an independent
MILP solved by HiGHS (``bench/routing_milp.py``), not our own solver.

A seeded generator builds a US network of locations (coordinates, channel order, parcel and
handling costs, sparse stock over a catalogue) and a stream of orders with distinct variants
and destinations spread over the continental US. Every strategy routes the same orders against
the same stock snapshot (orders do not draw stock down, so each comparison is like for like).
Money is counted the same way for all: parcel fixed cost + weight × rate(distance) + handling,
from ``routing.criteria.shipment_cost`` with the default rate table; split penalties are not
money and are left out. Two sizes are run: the main one (10 lines × 50 locations by default)
and ``large`` (20 × 200: ship-from-store).

Saleor's PRIORITIZE_SORTING_ORDER depends on the channel's warehouse order, so it runs with
three: ``random`` (the generator's shuffle) and two a merchant would set, ``widest_assortment``
(most variants in stock first) and ``most_central`` (least mean distance to the orders'
destinations first). Our rule sets are compared with the best realistic native strategy
(the cheapest for cost, the one with fewest shipments for shipments), never the random one.

``cost_vs_optimal`` is the mean over orders of cost / MILP optimum; orders with nothing in stock
anywhere (optimum 0: nothing ships) are counted apart. Timings are per decision, both wall clock
(``p50_ms``, ``p99_ms``, ``decisions_per_s``) and CPU time of this process (``cpu_*``,
``decisions_per_cpu_s``: per core); the load average is recorded before and after, since
wall-clock figures on a shared machine say as much about the neighbours as about the engine.
The solver's budget is counted in work units (``routing/budget.py``), so the plans, and so
every cost figure, are the same on any machine under any load.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.routing_milp import solve_milp  # noqa: E402
from saleor_oms_plugin.routing.criteria import shipment_cost  # noqa: E402
from saleor_oms_plugin.routing.engine import route  # noqa: E402
from saleor_oms_plugin.routing.geo import haversine_km  # noqa: E402
from saleor_oms_plugin.routing.model import (  # noqa: E402
    Address,
    CandidateLocation,
    Coordinates,
    CostParameters,
    Decision,
    Destination,
    LowestCostParams,
    OrderLine,
    RoutingRequest,
    RuleSet,
)
from saleor_oms_plugin.routing.plan import Plan  # noqa: E402
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset  # noqa: E402
from saleor_oms_plugin.routing.saleor_native import SaleorStrategy, saleor_allocate  # noqa: E402

TARGETS = {
    "cost_vs_optimal": ("<=", 1.001),
    "cost_vs_saleor_native": ("<=", 0.75),
    "shipments_vs_saleor_native": ("<=", 0.70),
    "p99_ms": ("<=", 5.0),
    "decisions_per_s": (">=", 1000.0),
}
LARGE_TARGETS = {
    "cost_vs_optimal": ("<=", 1.005),
    "cost_vs_saleor_native": ("<=", 0.75),
    "shipments_vs_saleor_native": ("<=", 0.70),
    "p99_ms": ("<=", 15.0),
}
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
CATALOGUE_SIZE = 400
US_BOX = ((25.5, 48.5), (-123.0, -70.0))  # lat, lng ranges of the continental US
MONEY = LowestCostParams()
BUDGET_MS = 12.0  # the primary rule set's solver budget (work units, see routing/budget.py)


def _ruleset(
    name: str, rules: list[dict], mode: str = "exact", budget_ms: float = BUDGET_MS
) -> RuleSet:
    return parse_ruleset(
        {
            "name": name,
            "version": 1,
            "state": "published",
            "solver": {"mode": mode, "time_budget_ms": budget_ms},
            "rules": rules,
        }
    )


COST_RULES = [{"type": "capacity_and_cutoff"}, {"type": "lowest_cost"}, {"type": "nearest"}]
PRIMARY = _ruleset("lowest_cost", COST_RULES)
OURS = {
    "lowest_cost": PRIMARY,
    "lowest_cost_heuristic": _ruleset("lowest_cost_heuristic", COST_RULES, mode="heuristic"),
    "fewest_then_nearest": _ruleset(
        "fewest_then_nearest", [{"type": "fewest_shipments"}, {"type": "nearest"}]
    ),
}
# The referee optimises money alone: with no split penalty the lowest_cost rule is money.
REFEREE = _ruleset("optimum", [{"type": "lowest_cost"}])


# --------------------------------------------------------------------------- generator


@dataclass(frozen=True)
class World:
    locations: tuple[CandidateLocation, ...]
    weights: dict[str, float]


def make_world(rng: random.Random, location_count: int) -> World:
    weights = {
        f"V{n:04d}": round(rng.lognormvariate(-0.4, 0.8), 2) + 0.05 for n in range(CATALOGUE_SIZE)
    }
    # Some products are everywhere, most only in a few places: like real assortments.
    reach = {variant: rng.choice((0.08, 0.15, 0.3, 0.6)) for variant in weights}
    channel_order = list(range(location_count))
    rng.shuffle(channel_order)
    locations = []
    for index in range(location_count):
        stock = {
            variant: rng.randint(1, 25) for variant, share in reach.items() if rng.random() < share
        }
        locations.append(
            CandidateLocation(
                location_id=f"L{index:02d}",
                name=f"Location {index:02d}",
                coordinates=_random_point(rng),
                country="US",
                stock=stock,
                priority=channel_order[index],
                cost=CostParameters(
                    parcel_fixed_cost=round(rng.uniform(4.5, 7.5), 2),
                    handling_cost_per_unit=round(rng.uniform(0.15, 0.4), 2),
                ),
            )
        )
    return World(tuple(locations), weights)


def _random_point(rng: random.Random) -> Coordinates:
    (lat_lo, lat_hi), (lng_lo, lng_hi) = US_BOX
    return Coordinates(round(rng.uniform(lat_lo, lat_hi), 4), round(rng.uniform(lng_lo, lng_hi), 4))


def make_order(rng: random.Random, world: World, number: int, line_count: int) -> RoutingRequest:
    variants = rng.sample(sorted(world.weights), line_count)
    lines = tuple(
        OrderLine(
            line_id=f"O{number}-{n}",
            variant_id=variant,
            sku=variant,
            quantity=rng.choice((1, 1, 1, 2, 2, 3)),
            weight_kg=world.weights[variant],
        )
        for n, variant in enumerate(variants)
    )
    destination = Destination(Address("US"), _random_point(rng))
    return RoutingRequest(f"O{number}", "bench", lines, destination, world.locations)


# --------------------------------------------------------------------------- channel orders


def channel_orders(
    locations: tuple[CandidateLocation, ...], requests: list[RoutingRequest]
) -> dict[str, tuple[CandidateLocation, ...]]:
    """The candidate locations with ``priority`` set as each channel order has it."""
    destinations = [r.destination.coordinates for r in requests if r.destination.coordinates]

    def assortment(loc: CandidateLocation) -> tuple[float, ...]:
        return (-len(loc.stock), -sum(loc.stock.values()))

    def centrality(loc: CandidateLocation) -> tuple[float, ...]:
        assert loc.coordinates is not None
        return (statistics.fmean(haversine_km(loc.coordinates, d) for d in destinations),)

    def ranked(key: Callable[[CandidateLocation], tuple[float, ...]]) -> tuple:
        order = sorted(locations, key=lambda loc: (key(loc), loc.location_id))
        rank = {loc.location_id: n for n, loc in enumerate(order)}
        return tuple(dataclasses.replace(loc, priority=rank[loc.location_id]) for loc in locations)

    return {
        "random": locations,
        "widest_assortment": ranked(assortment),
        "most_central": ranked(centrality),
    }


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Outcome:
    cost: float
    shipments: int
    backordered: int


def outcome_of_decision(decision: Decision) -> Outcome:
    return Outcome(
        decision.total_cost,
        len(decision.shipments),
        sum(line.quantity for line in decision.backorder),
    )


def outcome_of_plan(plan: Plan, request: RoutingRequest) -> Outcome:
    dest = request.destination.coordinates
    assert dest is not None
    cost = sum(
        shipment_cost(s.location, s.units, haversine_km(dest, s.location.coordinates), MONEY)
        for s in plan.shipments
    )
    return Outcome(cost, len(plan.shipments), sum(line.quantity for line in plan.backorder))


def percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def _load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def run(orders: int, line_count: int, location_count: int, seed: int) -> dict:
    """One size: every strategy on the same orders, against the MILP optimum."""
    rng = random.Random(seed)
    world = make_world(rng, location_count)
    requests = [make_order(rng, world, n, line_count) for n in range(orders)]
    load_before = _load()

    optimum = []
    for request in requests:
        milp = solve_milp(request, REFEREE)
        optimum.append(Outcome(milp.money, milp.shipments, milp.backordered))
    native: dict[str, list[Outcome]] = {}
    channels = channel_orders(world.locations, requests)
    variants = [(SaleorStrategy.PRIORITIZE_SORTING_ORDER, channel) for channel in channels]
    variants.append((SaleorStrategy.PRIORITIZE_HIGH_STOCK, "random"))  # blind to the order
    for strategy, channel in variants:
        name = strategy.value
        if strategy == SaleorStrategy.PRIORITIZE_SORTING_ORDER:
            name += f"/{channel}"
        native[name] = [
            outcome_of_plan(
                saleor_allocate(dataclasses.replace(r, locations=channels[channel]), strategy), r
            )
            for r in requests
        ]
    ours: dict[str, list[Outcome]] = {}
    timings: dict[str, tuple[list[float], list[float]]] = {}
    solver: dict[str, list[Decision]] = {}
    for name, ruleset in OURS.items():
        ours[name], wall, cpu, solver[name] = [], [], [], []
        for request in requests:
            started, started_cpu = time.perf_counter(), time.process_time()
            decision = route(request, ruleset, now=NOW)
            cpu.append((time.process_time() - started_cpu) * 1000.0)
            wall.append((time.perf_counter() - started) * 1000.0)
            ours[name].append(outcome_of_decision(decision))
            solver[name].append(decision)
        timings[name] = (sorted(wall), sorted(cpu))

    for name, outcomes in list(ours.items()) + list(native.items()):
        short = sum(o.backordered for o in outcomes) - sum(o.backordered for o in optimum)
        if short:
            raise SystemExit(f"{name} backordered {short} units more than the optimum")

    routable = [n for n, best in enumerate(optimum) if best.cost > 0]
    nothing = len(optimum) - len(routable)

    def total(outcomes: list[Outcome], attr: str) -> float:
        return sum(getattr(o, attr) for o in outcomes)

    realistic = {
        name: outcomes
        for name, outcomes in native.items()
        if name.endswith(("/widest_assortment", "/most_central"))
    }
    cost_reference = min(realistic, key=lambda name: total(realistic[name], "cost"))
    shipment_reference = min(realistic, key=lambda name: total(realistic[name], "shipments"))
    strategies = {}
    for name, outcomes in list(ours.items()) + list(native.items()):
        if any(outcomes[n].cost > 0 for n in range(len(optimum)) if n not in routable):
            raise SystemExit(f"{name} shipped an order with nothing in stock")
        ratios = [outcomes[n].cost / optimum[n].cost for n in routable]
        row = {
            "cost_vs_optimal": statistics.fmean(ratios) if ratios else 1.0,
            "cost_vs_optimal_max": max(ratios, default=1.0),
            "share_at_optimum": (
                sum(ratio <= 1 + 1e-9 for ratio in ratios) / len(ratios) if ratios else 1.0
            ),
            "cost_vs_saleor_native": total(outcomes, "cost")
            / total(native[cost_reference], "cost"),
            "shipments_vs_saleor_native": total(outcomes, "shipments")
            / total(native[shipment_reference], "shipments"),
            "shipments_per_order": total(outcomes, "shipments") / orders,
            "cost_per_order": total(outcomes, "cost") / orders,
        }
        if name in timings:
            wall, cpu = timings[name]
            decisions = solver[name]
            row |= {
                "p50_ms": percentile(wall, 0.50),
                "p99_ms": percentile(wall, 0.99),
                "decisions_per_s": orders / (sum(wall) / 1000.0),
                "cpu_p50_ms": percentile(cpu, 0.50),
                "cpu_p99_ms": percentile(cpu, 0.99),
                "cpu_ms_per_decision": sum(cpu) / orders,
                "decisions_per_cpu_s": orders / (sum(cpu) / 1000.0),
                "proven_share": sum(d.solver.proven_optimal for d in decisions) / orders,
                "work_per_decision": sum(d.solver.work for d in decisions) / orders,
            }
        strategies[name] = row
    primary = strategies["lowest_cost"]
    timing_keys = ("p50_ms", "cpu_p50_ms", "cpu_p99_ms", "cpu_ms_per_decision")
    return {
        "orders": orders,
        "lines_per_order": line_count,
        "locations": location_count,
        "seed": seed,
        "orders_nothing_in_stock": nothing,
        "primary_ruleset": "lowest_cost",
        "budget_ms": BUDGET_MS,
        **{key: primary[key] for key in (*TARGETS, *timing_keys)},
        "decisions_per_cpu_s": primary["decisions_per_cpu_s"],
        "proven_share": primary["proven_share"],
        "saleor_native_reference": {"cost": cost_reference, "shipments": shipment_reference},
        "load_average": {"before": load_before, "after": _load()},
        "strategies": strategies,
    }


def _with_targets(result: dict, targets: dict[str, tuple[str, float]]) -> dict:
    return result | {
        "targets": {key: f"{op} {value}" for key, (op, value) in targets.items()},
        "targets_met": {key: _meets(result[key], *targets[key]) for key in targets},
    }


def _meets(value: float, op: str, bound: float) -> bool:
    return value <= bound if op == "<=" else value >= bound


def _print(result: dict) -> None:
    print(
        f"\n{result['orders']} orders × {result['lines_per_order']} lines over "
        f"{result['locations']} locations (seed {result['seed']}; "
        f"{result['orders_nothing_in_stock']} with nothing in stock; "
        f"load {result['load_average']['before']} → {result['load_average']['after']})"
    )
    print(
        f"{'strategy':<44}{'cost/opt':>9}{'cost/nat':>9}{'ship/nat':>9}{'ships':>6}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'cpu p99':>8}{'dec/s':>7}{'dec/cpu-s':>10}"
    )
    for name, row in result["strategies"].items():
        timing = (
            f"{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}{row['cpu_p99_ms']:>8.2f}"
            f"{row['decisions_per_s']:>7.0f}{row['decisions_per_cpu_s']:>10.0f}"
            if "p50_ms" in row
            else ""
        )
        print(
            f"{name:<44}{row['cost_vs_optimal']:>9.4f}{row['cost_vs_saleor_native']:>9.3f}"
            f"{row['shipments_vs_saleor_native']:>9.3f}{row['shipments_per_order']:>6.2f}{timing}"
        )
    print(f"targets for {result['primary_ruleset']}:")
    for key, met in result["targets_met"].items():
        print(
            f"  {key:<28}{result[key]:>10.4f}  {result['targets'][key]:<10} "
            f"{'ok' if met else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--large-orders", type=int, default=200)
    parser.add_argument("--large-lines", type=int, default=20)
    parser.add_argument("--large-locations", type=int, default=200)
    parser.add_argument("--no-large", action="store_true", help="run the main size only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = _with_targets(run(args.orders, args.lines, args.locations, args.seed), TARGETS)
    if not args.no_large:
        large = run(args.large_orders, args.large_lines, args.large_locations, args.seed)
        result["large"] = _with_targets(large, LARGE_TARGETS)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    _print(result)
    if "large" in result:
        _print(result["large"])


if __name__ == "__main__":
    main()
