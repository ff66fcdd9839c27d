"""Reconciliation benchmark: a full comparison of N stock rows with Saleor, drift corrected.

    .venv/bin/python bench/reconcile.py [--rows 100000] [--locations 5] [--drift 0.01] [--json]

Recreates a PostgreSQL database (default ``saleor_oms_bench_reconcile``; DROPPED on every run),
fills the ledger with ``--rows`` stock levels (rows / locations variants at every location),
and gives Saleor the same stock except for ``--drift`` of the rows (quantity changed) and as
many again with a new allocation. Then it times ``stock_reconcile`` twice: the first pass finds
and corrects the drift (one SALEOR_SYNC movement per corrected row), the second finds nothing.

Saleor is stood in for by an in-process client that pages the prepared stock exactly as
``productVariants(first: 100) { stocks }`` answers, so the figure is the ledger's side of the
work (parsing, locking, merging, writing), not Saleor's query time or the network.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import reset_database  # noqa: E402
from bench.oversell import django_setup  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_reconcile"


class PagedSaleor:
    """``SaleorClient.paginate`` over prepared ``productVariants`` nodes, 100 per page."""

    def __init__(self, nodes: list[dict[str, Any]]) -> None:
        self.nodes = nodes
        self.pages = 0

    def paginate(
        self, name: str, connection: str, *, page_size: int = 100, **variables: Any
    ) -> Iterator[dict[str, Any]]:
        ids = variables.get("ids")
        nodes = self.nodes if ids is None else [n for n in self.nodes if n["id"] in set(ids)]
        for start in range(0, len(nodes), page_size):
            self.pages += 1
            yield from nodes[start : start + page_size]


def prepare(rows: int, location_count: int, drift: float, seed: int) -> tuple[int, PagedSaleor]:
    from django.core.management import call_command
    from django.utils import timezone

    from saleor_oms_plugin.inventory.models import StockLevel
    from saleor_oms_plugin.locations.models import Location
    from saleor_oms_plugin.tenants.services import tenant_add

    call_command("migrate", verbosity=0)
    jwks = json.loads((REPO_DIR.parent / "shared" / "saleor" / "jwks.json").read_text())
    tenant = tenant_add(
        api_url="http://bench-reconcile.example/graphql/",
        token="bench",
        jwks=jwks,
        run_import=False,
    )
    now = timezone.now()
    locations = [
        Location.objects.create(
            tenant=tenant, saleor_id=f"wh-{i}", name=f"WH {i}", source_issued_at=now
        )
        for i in range(location_count)
    ]
    rng = random.Random(seed)
    variants = rows // location_count
    nodes: list[dict[str, Any]] = []
    batch: list[StockLevel] = []
    for v in range(variants):
        variant_id = f"UHJvZHVjdFZhcmlhbnQ6{v:08d}"
        stocks = []
        for location in locations:
            quantity = rng.randint(0, 200)
            batch.append(
                StockLevel(
                    tenant=tenant,
                    location=location,
                    variant_id=variant_id,
                    sku=f"SKU-{v}",
                    on_hand=quantity,
                    saleor_quantity=quantity,
                    saleor_synced_at=now,
                    updated_at=now,
                )
            )
            saleor_quantity, allocated = quantity, 0
            roll = rng.random()
            if roll < drift:
                saleor_quantity = max(0, quantity + rng.choice([-3, -1, 2, 5]))
            elif roll < 2 * drift:
                allocated = rng.randint(1, 3)
            stocks.append(
                {
                    "warehouse": {"id": location.saleor_id},
                    "quantity": saleor_quantity,
                    "quantityAllocated": allocated,
                }
            )
        nodes.append({"id": variant_id, "sku": f"SKU-{v}", "stocks": stocks})
        if len(batch) >= 5000:
            StockLevel.objects.bulk_create(batch)
            batch = []
    StockLevel.objects.bulk_create(batch)
    return tenant.pk, PagedSaleor(nodes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--locations", type=int, default=5)
    parser.add_argument("--drift", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--json", dest="as_json", action="store_true")
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    reset_database(options.database_url)
    django_setup(options.database_url)
    from saleor_oms_plugin.inventory.models import StockLevel
    from saleor_oms_plugin.inventory.reconcile import stock_reconcile

    tenant_id, saleor = prepare(options.rows, options.locations, options.drift, options.seed)
    results = []
    for label in ("with drift", "clean"):
        started = time.perf_counter()
        report = stock_reconcile(tenant_id=tenant_id, client=saleor)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        results.append(
            {
                "pass": label,
                "rows": report.rows_checked,
                "corrected": report.rows_corrected,
                "on_hand_from_saleor": report.on_hand_from_saleor,
                "allocated_changed": report.allocated_changed,
                "seconds": round(seconds, 2),
                "rows_per_s": round(report.rows_checked / seconds),
            }
        )
    expected = {
        (s["warehouse"]["id"], n["id"]): (s["quantity"], s["quantityAllocated"])
        for n in saleor.nodes
        for s in n["stocks"]
    }
    ledger = {
        (row[0], row[1]): (row[2], row[3])
        for row in StockLevel.objects.values_list(
            "location__saleor_id", "variant_id", "on_hand", "allocated"
        )
    }
    ok = ledger == expected and results[1]["corrected"] == 0
    for result in results:
        result["ledger_matches_saleor"] = ok
        if options.as_json:
            print(json.dumps(result))
        else:
            print(
                f"{result['pass']}: {result['rows']} rows in {result['seconds']} s "
                f"({result['rows_per_s']} rows/s), corrected {result['corrected']} "
                f"(on hand {result['on_hand_from_saleor']}, allocated "
                f"{result['allocated_changed']}); ledger = Saleor: {ok}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
