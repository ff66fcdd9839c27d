"""Delivery promises for checkout: 10 lines × 50 locations, with and without the routing decision.

    .venv/bin/python bench/checkout_promise.py [--orders 1000] [--lines 10] [--locations 50]
        [--seed 7] [--json]

Pure Python, no database. The world and the carts are routing's benchmark generator
(``bench/routing.py``: a US network with sparse stock, carts of distinct variants to random US
addresses) and its main rule set. Each location gets a profile: a US time zone, Monday to Friday
with the 2026–2027 federal holidays, a cut-off between 12:00 and 17:30, and a handling time
(0–1 working days, or 4–24 hours); three carrier services (ground, two-day, Saturday express)
have distance bands. Order times are spread over 2026 and 2027, so every calendar year is used.

Timed per cart (wall clock and CPU of this process), after a warm-up that builds the calendars:

- ``promise``: ``route`` + ``promise_request_from_decision`` + ``promise_order`` (ground): what
  a synchronous answer pays from scratch; ``promise_p50_ms`` / ``promise_p99_ms`` are this;
- ``promise_only``: the same promise from a decision made beforehand (the routing excluded);
- ``filter``: ``route`` + ``shipping_methods_check`` for four store methods over the three
  services + ``pickup_points_check`` at all 50 locations: the method filter's whole pure work.

``cold_first_ms`` is the first promise of a fresh process (every calendar year built then).
Target (issue 15): a promise for 10 lines × 50 locations p99 ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.routing import PRIMARY, make_order, make_world, percentile  # noqa: E402
from saleor_oms_plugin.promising.from_routing import promise_request_from_decision  # noqa: E402
from saleor_oms_plugin.promising.methods import (  # noqa: E402
    ShippingMethodOption,
    shipping_methods_check,
)
from saleor_oms_plugin.promising.model import (  # noqa: E402
    Calendar,
    CarrierService,
    Handling,
    HandlingUnit,
    LocationProfile,
    PromiseLine,
    TransitBand,
)
from saleor_oms_plugin.promising.pickup import pickup_points_check  # noqa: E402
from saleor_oms_plugin.promising.promise import promise_order  # noqa: E402
from saleor_oms_plugin.routing.engine import route  # noqa: E402

TARGET_P99_MS = 5.0
US_ZONES = ("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York")
US_HOLIDAYS = frozenset(
    dt.date.fromisoformat(day)
    for day in (
        "2026-01-01 2026-01-19 2026-02-16 2026-05-25 2026-06-19 2026-07-03 2026-09-07 "
        "2026-10-12 2026-11-11 2026-11-26 2026-12-25 2027-01-01 2027-01-18 2027-02-15 "
        "2027-05-31 2027-06-18 2027-07-05 2027-09-06 2027-10-11 2027-11-11 2027-11-25 "
        "2027-12-24"
    ).split()
)
WORKING_WEEK = Calendar(holidays=US_HOLIDAYS)
GROUND = CarrierService(
    "ground",
    "Ground",
    (
        TransitBand(300, 1, 2),
        TransitBand(1000, 2, 3),
        TransitBand(2500, 3, 5),
        TransitBand(None, 4, 7),
    ),
    WORKING_WEEK,
)
TWO_DAY = CarrierService(
    "two-day", "Two-day", (TransitBand(1500, 1, 2), TransitBand(None, 2, 2)), WORKING_WEEK
)
EXPRESS = CarrierService(
    "express",
    "Saturday express",
    (TransitBand(None, 1, 1),),
    Calendar(frozenset(range(6)), US_HOLIDAYS),
)
METHODS = (
    ShippingMethodOption("standard", GROUND, max_days=7),
    ShippingMethodOption("economy", GROUND),
    ShippingMethodOption("two-day", TWO_DAY, max_days=3),
    ShippingMethodOption("express", EXPRESS, max_days=2),
)


def make_profiles(rng: random.Random, location_ids: list[str]) -> dict[str, LocationProfile]:
    profiles = {}
    for location_id in location_ids:
        handling = (
            Handling(rng.choice((0, 0, 1)))
            if rng.random() < 0.7
            else Handling(rng.choice((4, 8, 24)), HandlingUnit.HOURS)
        )
        profiles[location_id] = LocationProfile(
            location_id,
            f"Location {location_id}",
            rng.choice(US_ZONES),
            WORKING_WEEK,
            cutoff=dt.time(rng.randint(12, 17), rng.choice((0, 30))),
            handling=handling,
        )
    return profiles


def _time(call: Callable[[], object]) -> tuple[float, float]:
    started, started_cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - started) * 1000.0, (time.process_time() - started_cpu) * 1000.0


def _summary(name: str, wall: list[float], cpu: list[float]) -> dict[str, float]:
    wall.sort()
    cpu.sort()
    return {
        f"{name}_p50_ms": round(percentile(wall, 0.50), 3),
        f"{name}_p99_ms": round(percentile(wall, 0.99), 3),
        f"{name}_cpu_p50_ms": round(percentile(cpu, 0.50), 3),
        f"{name}_cpu_p99_ms": round(percentile(cpu, 0.99), 3),
    }


def run(orders: int, line_count: int, location_count: int, seed: int) -> dict:
    rng = random.Random(seed)
    world = make_world(rng, location_count)
    profiles = make_profiles(rng, [location.location_id for location in world.locations])
    stock = {location.location_id: location.stock for location in world.locations}
    point_names = {location_id: profile.name for location_id, profile in profiles.items()}
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    carts = []
    for number in range(orders):
        request = make_order(rng, world, number, line_count)
        order_time = start + dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        carts.append((request, order_time))

    def promise(request, order_time, decision=None):  # type: ignore[no-untyped-def]
        decision = decision or route(request, PRIMARY, now=order_time)
        return promise_order(
            promise_request_from_decision(
                decision,
                candidates=request.locations,
                locations=profiles,
                order_time=order_time,
                service=GROUND,
            )
        )

    def checkout_filter(request, order_time):  # type: ignore[no-untyped-def]
        decision = route(request, PRIMARY, now=order_time)
        promise_request = promise_request_from_decision(
            decision, candidates=request.locations, locations=profiles, order_time=order_time
        )
        verdicts = shipping_methods_check(promise_request, METHODS, timezone="America/Chicago")
        lines = [
            PromiseLine(line.line_id, line.variant_id, line.quantity) for line in request.lines
        ]
        points = pickup_points_check(points=point_names, lines=lines, stock=stock)
        return verdicts, points

    cold_first_ms, _ = _time(lambda: promise(*carts[0]))
    decisions = [route(request, PRIMARY, now=order_time) for request, order_time in carts]
    for (request, order_time), decision in zip(carts[:50], decisions, strict=False):
        promise(request, order_time, decision)  # warm-up
    load_before = [round(v, 2) for v in os.getloadavg()]
    figures: dict[str, list[float]] = {key: [] for key in ("pw", "pc", "ow", "oc", "fw", "fc")}
    complete = honoured = feasible_points = 0
    for (request, order_time), decision in zip(carts, decisions, strict=True):
        wall, cpu = _time(lambda: promise(request, order_time))  # noqa: B023
        figures["pw"].append(wall)
        figures["pc"].append(cpu)
        wall, cpu = _time(lambda: promise(request, order_time, decision))  # noqa: B023
        figures["ow"].append(wall)
        figures["oc"].append(cpu)
        wall, cpu = _time(lambda: checkout_filter(request, order_time))  # noqa: B023
        figures["fw"].append(wall)
        figures["fc"].append(cpu)
        complete += promise(request, order_time, decision).complete
        verdicts, points = checkout_filter(request, order_time)
        honoured += sum(verdict.honoured for verdict in verdicts)
        feasible_points += sum(point.feasible for point in points)
    result = {
        "orders": orders,
        "lines": line_count,
        "locations": location_count,
        "seed": seed,
        "promise_includes_routing": True,
        **_summary("promise", figures["pw"], figures["pc"]),
        **_summary("promise_only", figures["ow"], figures["oc"]),
        **_summary("filter", figures["fw"], figures["fc"]),
        "cold_first_ms": round(cold_first_ms, 3),
        "complete_promises": complete,
        "methods_honoured_per_cart": round(honoured / orders, 2),
        "pickup_points_feasible_per_cart": round(feasible_points / orders, 2),
        "load_before": load_before,
        "load_after": [round(v, 2) for v in os.getloadavg()],
    }
    result["targets_met"] = result["promise_p99_ms"] <= TARGET_P99_MS
    # On a shared machine the wall clock counts the neighbours' time slices too.
    result["cpu_targets_met"] = result["promise_cpu_p99_ms"] <= TARGET_P99_MS
    return result


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
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:34} {value}")


if __name__ == "__main__":
    main()
