"""Warehouse wave benchmark: a wave of releases planned and stored, as the domain does it.

    .venv/bin/python bench/warehouse_waves.py [--orders 2000] [--bins 5000] [--seed 7] [--json]

It recreates a PostgreSQL database (default ``saleor_oms_bench_warehouse``; it is DROPPED on
every run), migrates it, and seeds one tenant's execution-enabled location: ``--bins`` bins in
10 zones along a walk, one SKU slotted per bin, and ``--orders`` releases of 1–5 lines (1–3
units each) of random SKUs. Then it measures ``wave_seconds``: ``waves.wave_create`` (every
release, one wave) and ``waves.wave_release`` (loading the layout, planning batch pick lists of
20 totes with ``warehouse_planning``, storing lists, lines and per-tote splits, moving and
auditing every release), once each per strategy in ``--strategies``. The issue's target for
planning and sequencing such a wave is ≤ 2 s; the pure planning alone is measured by
``bench/warehouse.py``. It checks that every unit of every release is on exactly one stored
split (``units_match``); exit 1 when it is not.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import django_setup, reset_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_warehouse"
ZONES = 10


def parse_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--bins", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strategies", default="batch,zone,discrete")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--json", dest="as_json", action="store_true")
    options = parser.parse_args(argv)
    if options.orders < 1 or options.bins < ZONES:
        parser.error("at least one order and ten bins")
    return options


def seed(options: argparse.Namespace) -> tuple[int, int]:
    """The tenant's id and its location's id, with layout and waiting releases."""
    from django.core.management import call_command
    from django.utils import timezone

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.locations.models import Location
    from saleor_oms_plugin.orders.models import Order
    from saleor_oms_plugin.tenants.services import tenant_add
    from saleor_oms_plugin.warehouse.execution import ExecutionInput, execution_set
    from saleor_oms_plugin.warehouse.models import Bin, Release, Slot, Zone

    call_command("migrate", verbosity=0)
    jwks = json.loads((REPO_DIR.parent / "shared" / "saleor" / "jwks.json").read_text())
    tenant = tenant_add(
        api_url="http://bench-warehouse.example/graphql/",
        token="bench",
        jwks=jwks,
        run_import=False,
    )
    now = timezone.now()
    location = Location.objects.create(
        tenant=tenant, saleor_id="V2FyZWhvdXNlOjE=", name="Bench", source_issued_at=now
    )
    execution_set(
        tenant_id=tenant.pk,
        location_id=location.pk,
        data=ExecutionInput(enabled=True, wave_size_cap=10_000),
        actor=Actor.system(),
    )
    zones = Zone.objects.bulk_create(
        Zone(tenant=tenant, location=location, code=f"Z{z}") for z in range(ZONES)
    )
    per_zone = -(-options.bins // ZONES)
    bins = Bin.objects.bulk_create(
        Bin(
            tenant=tenant,
            location=location,
            zone=zones[min(n // per_zone, ZONES - 1)],
            code=f"B{n:05d}",
            sequence=n,
            x=float((n // 100) * 3),
            y=float(n % 100),
        )
        for n in range(options.bins)
    )
    Slot.objects.bulk_create(
        Slot(tenant=tenant, location=location, sku=f"SKU-{n}", bin=b) for n, b in enumerate(bins)
    )
    orders = Order.objects.bulk_create(
        Order(
            tenant=tenant,
            saleor_id=f"order-{n}",
            number=str(n),
            channel_id="channel",
            currency="USD",
            total_gross=0,
            total_net=0,
            total_charged=0,
            saleor_created_at=now,
            saleor_updated_at=now,
            source_issued_at=now,
        )
        for n in range(options.orders)
    )
    rng = random.Random(options.seed)
    Release.objects.bulk_create(
        Release(
            tenant=tenant,
            location=location,
            order=order,
            shipment_id=n + 1,
            lines=[
                {
                    "line_id": f"line-{n}-{p}",
                    "variant_id": f"variant-{sku}",
                    "sku": f"SKU-{sku}",
                    "quantity": rng.randint(1, 3),
                }
                for p, sku in enumerate(rng.sample(range(options.bins), rng.randint(1, 5)))
            ],
        )
        for n, order in enumerate(orders)
    )
    return tenant.pk, location.pk


def measure(options: argparse.Namespace) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Sum

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.warehouse.models import PickList, PickListLine, PickSplit, Release
    from saleor_oms_plugin.warehouse.waves import wave_create, wave_release

    started = time.perf_counter()
    tenant_id, location_id = seed(options)
    result: dict[str, Any] = {
        "orders": options.orders,
        "bins": options.bins,
        "seed": options.seed,
        "seed_seconds": round(time.perf_counter() - started, 2),
    }
    units = sum(int(line["quantity"]) for r in Release.objects.all() for line in r.lines)
    for strategy in options.strategies.split(","):
        with transaction.atomic():
            started = time.perf_counter()
            wave = wave_create(
                tenant_id=tenant_id,
                location_id=location_id,
                actor=Actor.system(),
                strategy=strategy,
                totes=20,
            )
            wave = wave_release(tenant_id=tenant_id, wave_id=wave.pk, actor=Actor.system())
            seconds = time.perf_counter() - started
            stored = PickSplit.objects.filter(line__pick_list__wave=wave).aggregate(
                n=Sum("quantity")
            )["n"]
            result[strategy] = {
                "wave_seconds": round(seconds, 3),
                "pick_lists": PickList.objects.filter(wave=wave).count(),
                "lines": PickListLine.objects.filter(pick_list__wave=wave).count(),
                "walk_m": round(wave.walk_distance_m, 1),
                "units_match": stored == units,
            }
            transaction.set_rollback(True)  # the next strategy plans the same releases
    result["units_match"] = all(result[s]["units_match"] for s in options.strategies.split(","))
    result["wave_seconds"] = max(result[s]["wave_seconds"] for s in options.strategies.split(","))
    result["target_met"] = result["wave_seconds"] <= 2.0
    return result


def main(argv: list[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    reset_database(options.database_url)
    django_setup(options.database_url)
    result = measure(options)
    if options.as_json:
        print(json.dumps(result))
    else:
        print(f"scale   {options.orders:,} releases over {options.bins:,} bins")
        for strategy in options.strategies.split(","):
            figures = result[strategy]
            print(
                f"{strategy:9} {figures['wave_seconds']} s, {figures['pick_lists']} lists, "
                f"{figures['lines']} lines, {figures['walk_m']} m walked"
            )
        print(f"units match  {result['units_match']}   (target ≤ 2 s: {result['target_met']})")
    return 0 if result["units_match"] else 1


if __name__ == "__main__":
    sys.exit(main())
