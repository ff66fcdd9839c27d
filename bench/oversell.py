"""Oversell benchmark: concurrent reservations from separate processes and connections.

    .venv/bin/python bench/oversell.py [--attempts 200] [--units 10] [--processes 50] [--runs 1] [--json]

It recreates a PostgreSQL database (default ``saleor_oms_bench_oversell``; it is DROPPED on every
run), migrates it, and stocks one SKU with ``--units`` units spread over three locations. Three
channels are each served by two of the locations, in different priority orders, so reservations
of different channels compete for the same rows. Then ``--processes`` forked processes, each with
its own database connection, wait at a barrier and fire ``--attempts`` reservation attempts in
total (one unit each, one transaction each, channels round-robin) as fast as they can.

Printed (``--json``: one object per run, one per line): attempts, succeeded, refused, oversold
(units reserved beyond what was on hand, from the ledger and from the reservations), errors
(anything other than a clean INSUFFICIENT_STOCK refusal) and reservations/s (attempts answered
per second of the attack window). Target: succeeded = units, oversold = 0, every run; exit 1
otherwise. PostgreSQL's ``max_connections`` (often 100) bounds ``--processes``; attempts beyond
the processes are queued within each process, so every connection keeps several in flight.

Saleor write-back is left off: the intents are still written in each reservation's transaction
(that cost is measured); sending them needs a Saleor.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import django_setup, reset_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_oversell"
SKU = "OMS-SKU-001"
VARIANT = "UHJvZHVjdFZhcmlhbnQ6NDAx"
CHANNELS = ("web-eu", "amazon", "ebay")


def parse_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="database to DROP and create afresh (env BENCH_DATABASE_URL)",
    )
    parser.add_argument("--json", dest="as_json", action="store_true")
    options = parser.parse_args(argv)
    if min(options.attempts, options.units, options.processes, options.runs) < 1:
        parser.error("every number must be positive")
    options.processes = min(options.processes, options.attempts)
    return options


def django_setup_without_write_back(database_url: str) -> None:
    django_setup(database_url)
    from django.conf import settings

    settings.INVENTORY_WRITE_BACK_ENABLED = False


def prepare(units: int, run: int) -> int:
    """A tenant with the SKU's units over three locations and three overlapping channels."""
    from django.core.management import call_command
    from django.utils import timezone

    from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel
    from saleor_oms_plugin.locations.models import Location
    from saleor_oms_plugin.tenants.services import tenant_add

    if run == 0:
        call_command("migrate", verbosity=0)
    jwks = json.loads((REPO_DIR.parent / "shared" / "saleor" / "jwks.json").read_text())
    tenant = tenant_add(
        api_url=f"http://bench-oversell-{run}.example/graphql/",
        token="bench",
        jwks=jwks,
        run_import=False,
    )
    now = timezone.now()
    locations = [
        Location.objects.create(
            tenant=tenant, saleor_id=f"wh-{run}-{name}", name=name, source_issued_at=now
        )
        for name in ("NYC", "CHI", "LAX")
    ]
    shares = [units // 3 + (1 if i < units % 3 else 0) for i in range(3)]
    for location, share in zip(locations, shares, strict=True):
        StockLevel.objects.create(
            tenant=tenant,
            location=location,
            variant_id=VARIANT,
            sku=SKU,
            on_hand=share,
            saleor_quantity=share,
            updated_at=now,
        )
    for index, slug in enumerate(CHANNELS):
        channel = Channel.objects.create(tenant=tenant, slug=slug)
        served = [locations[index], locations[(index + 1) % 3]]
        for priority, location in enumerate(served):
            ChannelLocation.objects.create(channel=channel, location=location, priority=priority)
    return tenant.pk


def attacker(tenant_id: int, attempts: list[int], barrier: Any, results: Any) -> None:
    """One process, one connection: its share of the attempts, each its own transaction."""
    from django.db import connection

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.inventory.errors import InventoryError
    from saleor_oms_plugin.inventory.reservations import RequestedLine, reservation_create

    connection.ensure_connection()  # connect before the barrier: the attack measures work
    outcome = {"succeeded": 0, "refused": 0, "errors": [], "started": 0.0, "finished": 0.0}
    barrier.wait()
    outcome["started"] = time.perf_counter()
    for attempt in attempts:
        try:
            reservation_create(
                tenant_id=tenant_id,
                channel_slug=CHANNELS[attempt % len(CHANNELS)],
                reference=f"order-{attempt}",
                lines=[RequestedLine(VARIANT, 1)],
                actor=Actor.system(),
            )
            outcome["succeeded"] += 1
        except InventoryError as exc:
            if exc.code.value == "INSUFFICIENT_STOCK":
                outcome["refused"] += 1
            else:
                outcome["errors"].append(f"{exc.code}: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported, and fails the run
            outcome["errors"].append(f"{type(exc).__name__}: {exc}")
    outcome["finished"] = time.perf_counter()
    connection.close()
    results.put(outcome)


def ledger_check(tenant_id: int, units: int) -> dict[str, int]:
    from django.db.models import Sum

    from saleor_oms_plugin.inventory.models import ReservationLine, StockLevel

    stocks = StockLevel.objects.filter(tenant_id=tenant_id)
    reserved = stocks.aggregate(total=Sum("reserved"))["total"] or 0
    lines = (
        ReservationLine.objects.filter(reservation__tenant_id=tenant_id).aggregate(
            total=Sum("quantity")
        )["total"]
        or 0
    )
    negative = sum(1 for s in stocks if min(s.on_hand, s.reserved, s.on_hand - s.reserved) < 0)
    return {
        "ledger_reserved": reserved,
        "reservation_units": lines,
        "oversold": max(0, reserved - units, lines - units),
        "negative_rows": negative,
    }


def run_once(options: argparse.Namespace, run: int) -> dict[str, Any]:
    from django.db import connections

    tenant_id = prepare(options.units, run)
    connections.close_all()  # children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(options.processes)
    results = context.Queue()
    shares = [list(range(i, options.attempts, options.processes)) for i in range(options.processes)]
    processes = [
        context.Process(target=attacker, args=(tenant_id, share, barrier, results))
        for share in shares
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join()
    window = max(o["finished"] for o in outcomes) - min(o["started"] for o in outcomes)
    check = ledger_check(tenant_id, options.units)
    errors = [error for o in outcomes for error in o["errors"]]
    succeeded = sum(o["succeeded"] for o in outcomes)
    return {
        "run": run + 1,
        "attempts": options.attempts,
        "units": options.units,
        "channels": len(CHANNELS),
        "processes": options.processes,
        "succeeded": succeeded,
        "refused": sum(o["refused"] for o in outcomes),
        "errors": len(errors),
        "error_samples": errors[:5],
        **check,
        "seconds": round(window, 4),
        "reservations_per_s": round(options.attempts / window, 1) if window else None,
        "ok": succeeded == options.units
        and check["oversold"] == 0
        and not errors
        and check["negative_rows"] == 0
        and check["ledger_reserved"] == options.units,
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    reset_database(options.database_url)
    django_setup_without_write_back(options.database_url)
    ok = True
    for run in range(options.runs):
        result = run_once(options, run)
        ok = ok and result["ok"]
        if options.as_json:
            print(json.dumps(result), flush=True)
        else:
            print(
                f"run {result['run']}: attempts {result['attempts']}, "
                f"succeeded {result['succeeded']}, oversold {result['oversold']}, "
                f"refused {result['refused']}, errors {result['errors']}, "
                f"{result['reservations_per_s']} reservations/s "
                f"({result['processes']} processes/connections, {result['seconds']} s)"
                + ("" if result["ok"] else "  <-- TARGET MISSED"),
                flush=True,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
