"""Time-rule benchmark: one full evaluation pass of 50 time rules over 1,000,000 orders.

    .venv/bin/python bench/rules.py [--orders 1000000] [--rules 50] [--passes 3] [--fire] [--json]

It recreates a dedicated PostgreSQL database (default
``postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_rules``, env ``BENCH_RULES_DATABASE_URL``;
**it is dropped on every run**), migrates it, registers one tenant and loads the orders with
``COPY`` (about two lines each, one fulfilment per shipped order; statuses, payment times,
channels, countries, SKUs and metadata spread like a store's year). It then creates the time
rules and times full passes: for every rule, the ids of the orders it matches that have not
fired in the current window — exactly the query a beat pass runs before firing.
``--fire`` also times one real pass that records the firings (capped per rule) and a pass
after it. Target: ≤ 10 s per pass on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import reset_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_rules"
TARGET_SECONDS = 10.0
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STATUSES = [
    ("FULFILLED", 0.88),
    ("CANCELED", 0.03),
    ("UNFULFILLED", 0.06),
    ("PARTIALLY_FULFILLED", 0.02),
    ("UNCONFIRMED", 0.01),
]
SKUS = [f"SKU-{i:03d}" for i in range(200)]
CHANNELS = ["oms-us", "oms-eu", "oms-uk"]
COUNTRIES = ["US", "US", "US", "DE", "GB", "FR", "PL"]


def setup_django(database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="saleor_oms_plugin.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-not-secret",
        CELERY_TASK_ALWAYS_EAGER="true",
        LOG_LEVEL="WARNING",
        TOKEN_ENCRYPTION_KEYS="YmVuY2gta2V5LWZvci10aGUtcnVsZXMtYmVuY2htYXI=",
    )
    sys.path.insert(0, str(REPO_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# A real store ships what it sells: open orders are recent, with a small stale backlog.
RECENT_DAYS = 14
RECENT_STATUSES = [
    ("FULFILLED", 0.55),
    ("CANCELED", 0.03),
    ("UNFULFILLED", 0.35),
    ("PARTIALLY_FULFILLED", 0.04),
    ("UNCONFIRMED", 0.03),
]
OLD_STATUSES = [
    ("FULFILLED", 0.955),
    ("CANCELED", 0.035),
    ("UNFULFILLED", 0.006),
    ("PARTIALLY_FULFILLED", 0.003),
    ("UNCONFIRMED", 0.001),
]


def _status(rng: random.Random, shares: list[tuple[str, float]] = STATUSES) -> str:
    roll, acc = rng.random(), 0.0
    for status, share in shares:
        acc += share
        if roll < acc:
            return status
    return STATUSES[0][0]


def load_orders(tenant_id: int, count: int, *, open_orders: str, seed: int = 7) -> dict[str, int]:
    """COPY ``count`` orders with lines and fulfilments, in the order they were placed (ids
    follow time, as in a real store). ``open_orders``: ``recent`` (open orders are from the
    last two weeks plus a 1 % stale backlog) or ``uniform`` (any order of the year is open
    with the same odds: the worst case, every stale open order is a match)."""
    from django.db import connection

    rng = random.Random(seed)
    order_cols = (
        "id, tenant_id, saleor_id, number, channel_id, channel_slug, currency, status, "
        "origin, charge_status, authorize_status, is_paid, user_email, user_id, "
        "customer_note, shipping_address, billing_address, delivery_method_type, "
        "delivery_method_id, delivery_method_name, total_gross, total_net, "
        "total_charged, weight_grams, metadata, private_metadata, saleor_created_at, "
        "saleor_updated_at, source_issued_at, paid_at, synced_at"
    )
    line_cols = (
        "order_id, saleor_id, product_name, variant_name, sku, variant_id, product_id, "
        "product_type, quantity, quantity_fulfilled, quantity_to_fulfill, "
        "is_shipping_required, unit_price_gross, allocations, position"
    )
    fulfillment_cols = (
        "order_id, saleor_id, fulfillment_order, status, tracking_number, "
        "warehouse_id, warehouse_name, saleor_created_at, source_issued_at"
    )
    lines = fulfillments = 0
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as copy_cursor:
            with copy_cursor.copy(f"COPY oms_orders_order ({order_cols}) FROM STDIN") as copy:
                line_rows, fulfillment_rows = [], []
                for pk in range(1, count + 1):
                    age = 365 * 86400 * (count - pk) / count + rng.randrange(600)
                    created = NOW - timedelta(seconds=age)
                    if open_orders == "uniform":
                        status = _status(rng)
                    else:
                        recent = age < RECENT_DAYS * 86400
                        status = _status(rng, RECENT_STATUSES if recent else OLD_STATUSES)
                    paid = status != "UNCONFIRMED" and rng.random() < 0.96
                    paid_at = created + timedelta(minutes=rng.randrange(120)) if paid else None
                    ship = rng.choice(COUNTRIES)
                    bill = ship if rng.random() < 0.97 else rng.choice(COUNTRIES)
                    total = rng.randrange(500, 300_000) / 100
                    metadata = {"vip": "yes"} if rng.random() < 0.02 else {}
                    copy.write_row(
                        (
                            pk,
                            tenant_id,
                            f"T3JkZXI6{pk}",
                            str(pk),
                            "Q2hhbm5lbDox",
                            rng.choice(CHANNELS),
                            "USD",
                            status,
                            "CHECKOUT",
                            "FULL" if paid else "NONE",
                            "FULL" if paid else "NONE",
                            paid,
                            f"customer{rng.randrange(200_000)}@example{rng.randrange(50)}.com",
                            "",
                            "",
                            json.dumps({"country": ship}),
                            json.dumps({"country": bill}),
                            "shipping",
                            "",
                            "Standard",
                            total,
                            total,
                            total if paid else 0,
                            rng.randrange(100, 5000),
                            json.dumps(metadata),
                            "{}",
                            created,
                            paid_at or created,
                            created,
                            paid_at,
                            NOW,
                        )
                    )
                    for position in range(rng.choice((1, 1, 2, 2, 3))):
                        line_rows.append(
                            (
                                pk,
                                f"line-{pk}-{position}",
                                "Thing",
                                "",
                                rng.choice(SKUS),
                                "",
                                "",
                                rng.choice(("Juice", "Shirt", "Book")),
                                rng.randrange(1, 4),
                                0,
                                0,
                                True,
                                10,
                                "[]",
                                position,
                            )
                        )
                    if status in {"FULFILLED", "PARTIALLY_FULFILLED"}:
                        shipped = (paid_at or created) + timedelta(hours=rng.randrange(1, 96))
                        fulfillment_rows.append(
                            (
                                pk,
                                f"ful-{pk}",
                                1,
                                "FULFILLED",
                                "",
                                "",
                                "Main",
                                min(shipped, NOW),
                                NOW,
                            )
                        )
            with copy_cursor.copy(f"COPY oms_orders_orderline ({line_cols}) FROM STDIN") as copy:
                for row in line_rows:
                    copy.write_row(row)
            with copy_cursor.copy(
                f"COPY oms_orders_fulfillment ({fulfillment_cols}) FROM STDIN"
            ) as copy:
                for row in fulfillment_rows:
                    copy.write_row(row)
            lines, fulfillments = len(line_rows), len(fulfillment_rows)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('oms_orders_order', 'id'), %s)", [count]
        )
        cursor.execute("ANALYZE")
    return {"orders": count, "lines": lines, "fulfillments": fulfillments}


OPEN = ["UNFULFILLED", "PARTIALLY_FULFILLED", "UNCONFIRMED"]


def rule_definitions(count: int) -> list[dict]:
    """``count`` time rules of the shapes merchants write, with varied thresholds."""
    shapes = [
        lambda h: {
            "all": [
                {"field": "hours_since_paid", "op": "gt", "value": h},
                {"field": "status", "op": "in", "value": OPEN},
            ]
        },
        lambda h: {
            "all": [
                {"field": "hours_since_created", "op": "gt", "value": h},
                {"field": "is_paid", "op": "eq", "value": False},
                {"not": {"field": "status", "op": "eq", "value": "CANCELED"}},
            ]
        },
        lambda h: {
            "all": [
                {"field": "status", "op": "eq", "value": "PARTIALLY_FULFILLED"},
                {"field": "hours_since_last_fulfillment", "op": "gt", "value": h},
            ]
        },
        lambda h: {
            "all": [
                {"field": "total_gross", "op": "gte", "value": 1000, "currency": "USD"},
                {"field": "status", "op": "eq", "value": "UNFULFILLED"},
                {"field": "hours_since_paid", "op": "gt", "value": h / 2},
            ]
        },
        lambda h: {
            "all": [
                {"field": "channel", "op": "eq", "value": "oms-eu"},
                {"field": "status", "op": "in", "value": OPEN},
                {"field": "hours_since_created", "op": "gt", "value": h},
            ]
        },
        lambda h: {
            "all": [
                {"field": "status", "op": "eq", "value": "UNFULFILLED"},
                {"field": "skus", "op": "contains_any", "value": SKUS[:5]},
                {"field": "hours_since_paid", "op": "gt", "value": h},
            ]
        },
        lambda h: {
            "all": [
                {"field": "status", "op": "in", "value": OPEN},
                {"field": "metadata", "key": "vip", "op": "eq", "value": "yes"},
                {"field": "hours_since_paid", "op": "gt", "value": h / 4},
            ]
        },
        lambda h: {
            "all": [
                {"field": "countries_differ", "op": "eq", "value": True},
                {"field": "status", "op": "eq", "value": "UNFULFILLED"},
                {
                    "any": [
                        {"field": "hours_since_paid", "op": "gt", "value": h},
                        {"field": "total_gross", "op": "gt", "value": 2500, "currency": "USD"},
                    ]
                },
            ]
        },
    ]
    return [
        {
            "name": f"bench rule {i}",
            "trigger": "schedule",
            "priority": i,
            "conditions": shapes[i % len(shapes)](24 * (1 + i % 30)),
            "actions": [{"type": "flag", "colour": "red", "label": f"bench {i}"}],
        }
        for i in range(count)
    ]


def match_pass(tenant_id: int) -> tuple[float, int]:
    from saleor_oms_plugin.rules.engine import time_rule_matches
    from saleor_oms_plugin.rules.models import Rule

    started, matches = time.perf_counter(), 0
    for rule in Rule.objects.filter(tenant_id=tenant_id, trigger="schedule", enabled=True):
        matches += len(list(time_rule_matches(rule, now=NOW).values_list("pk", flat=True)))
    return time.perf_counter() - started, matches


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--fire", action="store_true", help="also time a pass that fires")
    parser.add_argument(
        "--open-orders",
        choices=["recent", "uniform"],
        default="recent",
        help="where open orders are in time (see load_orders)",
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_RULES_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--json", dest="as_json", action="store_true")
    args = parser.parse_args(argv)
    reset_database(args.database_url)
    setup_django(args.database_url)
    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.rules.services import rule_create
    from saleor_oms_plugin.tenants.services import tenant_add

    jwks = json.loads((REPO_DIR.parent / "shared" / "saleor" / "jwks.json").read_text())
    tenant = tenant_add(
        api_url="http://bench-rules.example/graphql/", token="bench", jwks=jwks, run_import=False
    )
    started = time.perf_counter()
    loaded = load_orders(tenant.pk, args.orders, open_orders=args.open_orders)
    load_seconds = time.perf_counter() - started
    for definition in rule_definitions(args.rules):
        rule_create(tenant_id=tenant.pk, definition=definition, actor=Actor.operator("bench"))
    passes = [match_pass(tenant.pk) for _ in range(args.passes)]
    result = {
        **loaded,
        "open_orders": args.open_orders,
        "load_seconds": round(load_seconds, 1),
        "rules": args.rules,
        "pass_seconds": [round(s, 3) for s, _ in passes],
        "matches_per_pass": passes[-1][1],
        "cpus": os.cpu_count(),
        "target_seconds": TARGET_SECONDS,
        "target_met": max(s for s, _ in passes) <= TARGET_SECONDS,
    }
    if args.fire:
        from saleor_oms_plugin.rules.engine import rules_evaluate_time

        started = time.perf_counter()
        fired = rules_evaluate_time(tenant_id=tenant.pk, now=NOW, max_firings=1000)
        result["firing_pass_seconds"] = round(time.perf_counter() - started, 2)
        result["fired"] = fired.fired
        seconds, matches = match_pass(tenant.pk)
        result["after_firing_pass_seconds"], result["after_firing_matches"] = (
            round(seconds, 3),
            matches,
        )
    if args.as_json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>28}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
