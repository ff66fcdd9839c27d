"""Fulfilment routing benchmark: Saleor's native allocation vs our rule sets vs the exact optimum.

    .venv/bin/python bench/routing.py [--orders 1000] [--lines 10] [--locations 50] [--seed 7] [--json]

A seeded generator builds a US network of locations (coordinates, channel order, parcel and
handling costs, sparse stock over a catalogue) and a stream of orders with distinct variants
and destinations spread over the continental US. Every strategy routes the same orders against
the same stock snapshot (orders do not draw stock down, so each comparison is like for like).
Money is counted the same way for all: parcel fixed cost + weight × rate(distance) + handling,
from ``routing.criteria.shipment_cost`` with the default rate table; split penalties are not money
and are left out. The reference optimum is the exact solver with a 10 s budget; the bench stops
if it is not proven optimal on some order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    "cost_vs_optimal": ("<=", 1.005),
    "cost_vs_saleor_native": ("<=", 0.80),
    "shipments_vs_saleor_native": ("<=", 0.70),
    "p99_ms": ("<=", 5.0),
    "decisions_per_s": (">=", 1000.0),
}
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
CATALOGUE_SIZE = 400
US_BOX = ((25.5, 48.5), (-123.0, -70.0))  # lat, lng ranges of the continental US
MONEY = LowestCostParams()


def _ruleset(name: str, rules: list[dict], mode: str = "exact", budget_ms: float = 4.0) -> RuleSet:
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
OPTIMUM = _ruleset("optimum", COST_RULES, budget_ms=10_000.0)


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


def run(orders: int, line_count: int, location_count: int, seed: int) -> dict:
    rng = random.Random(seed)
    world = make_world(rng, location_count)
    requests = [make_order(rng, world, n, line_count) for n in range(orders)]

    optimum = []
    for request in requests:
        decision = route(request, OPTIMUM, now=NOW)
        if not decision.solver.proven_optimal:
            raise SystemExit(f"reference optimum not proven for {request.order_id}")
        optimum.append(outcome_of_decision(decision))
    native = {
        strategy.value: [outcome_of_plan(saleor_allocate(r, strategy), r) for r in requests]
        for strategy in SaleorStrategy
    }
    ours: dict[str, list[Outcome]] = {}
    timings_ms: dict[str, list[float]] = {}
    for name, ruleset in OURS.items():
        ours[name], timings_ms[name] = [], []
        for request in requests:
            started = time.perf_counter()
            decision = route(request, ruleset, now=NOW)
            timings_ms[name].append((time.perf_counter() - started) * 1000.0)
            ours[name].append(outcome_of_decision(decision))

    for name, outcomes in list(ours.items()) + list(native.items()):
        short = sum(o.backordered for o in outcomes) - sum(o.backordered for o in optimum)
        if short:
            raise SystemExit(f"{name} backordered {short} units more than the optimum")

    def total(outcomes: list[Outcome], attr: str) -> float:
        return sum(getattr(o, attr) for o in outcomes)

    baseline = native[SaleorStrategy.PRIORITIZE_SORTING_ORDER.value]
    strategies = {}
    for name, outcomes in list(ours.items()) + list(native.items()):
        strategies[name] = {
            "cost_vs_optimal": statistics.fmean(
                o.cost / best.cost for o, best in zip(outcomes, optimum, strict=True)
            ),
            "cost_vs_saleor_native": total(outcomes, "cost") / total(baseline, "cost"),
            "shipments_vs_saleor_native": total(outcomes, "shipments")
            / total(baseline, "shipments"),
            "shipments_per_order": total(outcomes, "shipments") / orders,
            "cost_per_order": total(outcomes, "cost") / orders,
        }
        if name in timings_ms:
            ordered = sorted(timings_ms[name])
            strategies[name] |= {
                "p50_ms": percentile(ordered, 0.50),
                "p99_ms": percentile(ordered, 0.99),
                "decisions_per_s": orders / (sum(ordered) / 1000.0),
            }
    primary = strategies["lowest_cost"]
    return {
        "orders": orders,
        "lines_per_order": line_count,
        "locations": location_count,
        "seed": seed,
        "primary_ruleset": "lowest_cost",
        **{key: primary[key] for key in TARGETS} | {"p50_ms": primary["p50_ms"]},
        "targets": {key: f"{op} {value}" for key, (op, value) in TARGETS.items()},
        "targets_met": {key: _meets(primary[key], *TARGETS[key]) for key in TARGETS},
        "strategies": strategies,
    }


def _meets(value: float, op: str, bound: float) -> bool:
    return value <= bound if op == "<=" else value >= bound


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(args.orders, args.lines, args.locations, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['orders']} orders × {result['lines_per_order']} lines over "
        f"{result['locations']} locations (seed {result['seed']})"
    )
    header = f"{'strategy':<26}{'cost/opt':>9}{'cost/native':>12}{'ships/native':>13}{'ships':>7}{'p50 ms':>8}{'p99 ms':>8}{'dec/s':>8}"
    print(header)
    for name, row in result["strategies"].items():
        timing = (
            f"{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}{row['decisions_per_s']:>8.0f}"
            if "p50_ms" in row
            else ""
        )
        print(
            f"{name:<26}{row['cost_vs_optimal']:>9.4f}{row['cost_vs_saleor_native']:>12.3f}"
            f"{row['shipments_vs_saleor_native']:>13.3f}{row['shipments_per_order']:>7.2f}{timing}"
        )
    print(f"\ntargets for {result['primary_ruleset']}:")
    for key, met in result["targets_met"].items():
        print(
            f"  {key:<28}{result[key]:>10.4f}  {result['targets'][key]:<10} {'ok' if met else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
