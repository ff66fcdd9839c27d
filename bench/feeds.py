"""Inbound feed benchmark: how fast a store's or 3PL's stock snapshot reaches the ledger.

    .venv/bin/python bench/feeds.py [--lines 2000] [--runs 5] [--mode ABSOLUTE] [--json]

Recreates a PostgreSQL database (default ``saleor_oms_bench_feeds``; DROPPED on every run)
with one tenant, an outside location (a store: no Saleor write-back) stocking ``--lines`` SKUs,
a channel it serves and a feed source. Then it submits ``--runs`` feeds of ``--lines`` lines
through ``feed_submit`` (the service behind ``stockFeedSubmit`` and the CSV upload), each with
a new idempotency key and sequence and fresh quantities, so every line moves stock. The stock
change listeners (replenishment, outbound availability) are live, as in production.
It prints seconds per run and lines/s; ``--json`` emits the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import reset_database  # noqa: E402
from bench.oversell import django_setup  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_feeds"
SOURCE = "store-pos"


def prepare(lines: int) -> int:
    """The tenant id of a store stocking ``lines`` SKUs, with a feed source for it."""
    from django.core.management import call_command
    from django.utils import timezone

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.inventory.feeds import feed_source_save
    from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel
    from saleor_oms_plugin.locations.models import Location
    from saleor_oms_plugin.tenants.services import tenant_add

    call_command("migrate", verbosity=0)
    jwks = json.loads((REPO_DIR.parent / "shared" / "saleor" / "jwks.json").read_text())
    tenant = tenant_add(
        api_url="http://bench-feeds.example/graphql/", token="bench", jwks=jwks, run_import=False
    )
    now = timezone.now()
    store = Location.objects.create(
        tenant=tenant,
        kind=Location.Kind.STORE,
        saleor_id="",
        slug="flagship",
        name="Flagship store",
        source_issued_at=now,
    )
    channel = Channel.objects.create(tenant=tenant, slug="marketplace")
    ChannelLocation.objects.create(channel=channel, location=store)
    StockLevel.objects.bulk_create(
        StockLevel(
            tenant=tenant,
            location=store,
            variant_id=f"UHJvZHVjdFZhcmlhbnQ6{n:08d}",
            sku=f"SKU-{n}",
            on_hand=50,
            updated_at=now,
        )
        for n in range(lines)
    )
    feed_source_save(
        tenant_id=tenant.pk,
        name=SOURCE,
        actor=Actor("operator", "bench"),
        mode="ABSOLUTE",
        default_location_id=store.pk,
    )
    return tenant.pk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mode", choices=["ABSOLUTE", "DELTA"], default="ABSOLUTE")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--json", dest="as_json", action="store_true")
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    reset_database(options.database_url)
    django_setup(options.database_url)
    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.inventory.feeds import FeedLine, feed_submit

    tenant_id = prepare(options.lines)
    rng = random.Random(options.seed)
    seconds: list[float] = []
    statuses: list[str] = []
    for run in range(1, options.runs + 1):
        if options.mode == "ABSOLUTE":
            quantities = [rng.randint(51, 500) + run * 500 for _ in range(options.lines)]
        else:
            quantities = [rng.choice([-2, -1, 1, 3]) for _ in range(options.lines)]
        lines = [
            FeedLine(sku=f"SKU-{n}", quantity=quantity, mode=options.mode)
            for n, quantity in enumerate(quantities)
        ]
        started = time.perf_counter()
        result = feed_submit(
            tenant_id=tenant_id,
            source_name=SOURCE,
            idempotency_key=f"bench-{run}",
            sequence=run,
            lines=lines,
            actor=Actor("operator", "bench"),
        )
        seconds.append(time.perf_counter() - started)
        statuses.append(result.run.status)
    summary = {
        "lines": options.lines,
        "runs": options.runs,
        "mode": options.mode,
        "statuses": sorted(set(statuses)),
        "seconds_per_run": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3),
        "lines_per_second": round(options.lines / statistics.median(seconds), 1),
    }
    if options.as_json:
        print(json.dumps(summary))
    else:
        for run, took in enumerate(seconds, 1):
            print(f"run {run}: {options.lines} lines in {took:.2f} s ({statuses[run - 1]})")
        print(
            f"median {summary['median_seconds']} s per {options.lines}-line {options.mode} feed:"
            f" {summary['lines_per_second']} lines/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
