"""Checkout benchmark: Saleor's synchronous shipping questions answered by the real server.

    .venv/bin/python bench/checkout.py [--rate 300] [--seconds 20] [--workers 2] [--threads 2]
        [--json]

A fresh PostgreSQL database holds one tenant whose Saleor signs with a key made for the run,
50 US locations (time zones, cut-offs, calendars), 500 variants stocked unevenly across them,
two delivery services and the store methods they carry. ``saleor-oms serve`` (granian, the
production default) answers; the client, in its own process, sends signed
``SHIPPING_LIST_METHODS_FOR_CHECKOUT`` and ``CHECKOUT_FILTER_SHIPPING_METHODS`` questions in
Saleor's captured shape, alternating as Saleor asks them (the list, then the filter, for carts
of 1 to 10 lines going to random US ZIP codes) **open loop** at ``--rate`` requests per second:
each request is due at its slot and its latency counts from that moment, so a server falling
behind shows in the percentiles instead of slowing the client down.

Figures: ``requests_per_s`` (answered in the window), ``p50_ms`` … ``p99_ms``, ``answered``
(the share the OMS had an opinion on, header ``OMS-Answer``), ``non_200``; and in-process
``promise_p50_ms`` / ``promise_p99_ms``: one promise (routing + every service) for a cart of
10 lines over the 50 locations, the work behind each answer without HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import math
import multiprocessing
import os
import random
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import reset_database  # noqa: E402
from bench.intake import (  # noqa: E402
    free_port,
    oms_command,
    percentile,
    read_response,
    reset_broker,
    service_process,
    wait_until_healthy,
)

TARGET_P99_MS = 30.0
TARGET_REQUESTS_PER_S = 300.0
TARGET_PROMISE_P99_MS = 5.0
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_checkout"
# The cache production shares between web processes (CACHE_URL): Saleor's two questions about
# a cart may land in different processes and share one plan through it.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/12"
API_URL = "http://bench-saleor.example/graphql/"
LOCATIONS = 50
VARIANTS = 500
# (ZIP, city, state, lat, lng): destinations and location sites, spread over the US
PLACES = [
    ("10001", "New York", "NY", 40.75, -73.99, "America/New_York"),
    ("60601", "Chicago", "IL", 41.88, -87.62, "America/Chicago"),
    ("75201", "Dallas", "TX", 32.79, -96.80, "America/Chicago"),
    ("90071", "Los Angeles", "CA", 34.05, -118.25, "America/Los_Angeles"),
    ("98101", "Seattle", "WA", 47.61, -122.33, "America/Los_Angeles"),
    ("94102", "San Francisco", "CA", 37.78, -122.42, "America/Los_Angeles"),
    ("33101", "Miami", "FL", 25.78, -80.19, "America/New_York"),
    ("30303", "Atlanta", "GA", 33.75, -84.39, "America/New_York"),
    ("80202", "Denver", "CO", 39.75, -104.99, "America/Denver"),
    ("85004", "Phoenix", "AZ", 33.45, -112.07, "America/Phoenix"),
    ("02108", "Boston", "MA", 42.36, -71.06, "America/New_York"),
    ("55401", "Minneapolis", "MN", 44.98, -93.27, "America/Chicago"),
]


@dataclass(frozen=True)
class Options:
    rate: float
    seconds: float
    warmup: float
    workers: int
    threads: int
    connections: int
    database_url: str
    cache_url: str
    seed: int
    as_json: bool


def parse_options(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=TARGET_REQUESTS_PER_S, help="requests/s")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured warm-up first")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per server worker (the answers are CPU work: fewer answer faster)",
    )
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="database to DROP and create afresh (env BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL),
        help="Redis db to FLUSH and use as the shared cache (env BENCH_CACHE_URL)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    if min(args.rate, args.seconds, args.workers, args.threads, args.connections) <= 0:
        parser.error("--rate, --seconds, --workers, --threads and --connections must be positive")
    return Options(**vars(args))


# --------------------------------------------------------------------------- the store


def variant_id(n: int) -> str:
    return base64.b64encode(f"ProductVariant:{n}".encode()).decode()


def store_seed(rng: random.Random, jwks: dict[str, Any]) -> list[str]:
    """The tenant, its locations, stock and services; returns the store methods' ids."""
    from django.core.management import call_command
    from django.utils import timezone

    from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
    from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings
    from saleor_oms_plugin.inventory.models import StockLevel
    from saleor_oms_plugin.locations.models import Location
    from saleor_oms_plugin.tenants.services import tenant_add

    call_command("migrate", interactive=False, verbosity=0)
    tenant = tenant_add(api_url=API_URL, token="bench", jwks=jwks, run_import=False)
    now = timezone.now()
    stock = []
    for n in range(LOCATIONS):
        _, city, _, lat, lng, zone = PLACES[n % len(PLACES)]
        location = Location.objects.create(
            tenant=tenant,
            saleor_id=base64.b64encode(f"Warehouse:{n}".encode()).decode(),
            name=f"{city} {n}",
            city=city,
            country="US",
            latitude=lat + rng.uniform(-0.5, 0.5),
            longitude=lng + rng.uniform(-0.5, 0.5),
            source_issued_at=now,
        )
        LocationRoutingSettings.objects.create(
            tenant=tenant,
            location=location,
            time_zone=zone,
            cutoff_time=dt.time(rng.choice([12, 14, 15, 16]), 0),
            daily_parcel_capacity=rng.choice([None, 500, 2000]),
        )
        LocationDeliveryCalendar.objects.create(
            tenant=tenant,
            location=location,
            holidays=["2026-12-25", "2027-01-01"],
            handling_amount=rng.choice([0, 0, 1]),
        )
        for v in range(VARIANTS):
            if rng.random() < 0.3:  # each variant in about 15 of the 50 locations
                stock.append(
                    StockLevel(
                        tenant=tenant,
                        location=location,
                        variant_id=variant_id(v),
                        sku=f"SKU-{v}",
                        on_hand=rng.randint(1, 40),
                        updated_at=now,
                    )
                )
    StockLevel.objects.bulk_create(stock, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would have, on a store in use
        cursor.execute("ANALYZE")
    methods = [base64.b64encode(f"ShippingMethod:{n}".encode()).decode() for n in (1, 2)]
    bands = [
        {"upToKm": 800, "minDays": 1, "maxDays": 2},
        {"upToKm": 2000, "minDays": 2, "maxDays": 3},
        {"upToKm": None, "minDays": 4, "maxDays": 6},
    ]
    for position, (code, name, price, method) in enumerate(
        [("ground", "Ground", "6.50", methods[0]), ("express", "Express", "19", methods[1])]
    ):
        DeliveryService.objects.create(
            tenant=tenant,
            code=code,
            name=name,
            transit_bands=bands
            if code == "ground"
            else [{"upToKm": None, "minDays": 1, "maxDays": 2}],
            rates=[{"currency": "USD", "upToKg": None, "amount": price}],
            saleor_method_ids=[method],
            position=position,
        )
    return methods


# --------------------------------------------------------------------------- questions


def question_bodies(rng: random.Random, methods: list[str], count: int) -> list[tuple[str, bytes]]:
    """(event, body) pairs in Saleor's shape (tests/fixtures/contract/sync): list, then filter."""
    bodies = []
    for n in range(count):
        zip_code, city, state, *_ = rng.choice(PLACES)
        lines = [
            {
                "id": base64.b64encode(f"CheckoutLine:{n}-{i}".encode()).decode(),
                "quantity": rng.randint(1, 3),
                "variant": {
                    "id": variant_id(v),
                    "sku": f"SKU-{v}",
                    "weight": {"unit": "KG", "value": 0.5},
                },
            }
            for i, v in enumerate(rng.sample(range(VARIANTS), rng.randint(1, 10)))
        ]
        checkout = {
            "id": base64.b64encode(f"Checkout:{n}".encode()).decode(),
            "updatedAt": "2026-12-02T03:45:18.785136+00:00",
            "channel": {"slug": "default-channel", "currencyCode": "USD"},
            "shippingAddress": {
                "country": {"code": "US"},
                "countryArea": state,
                "city": city.upper(),
                "postalCode": zip_code,
                "streetAddress1": "1 Main St",
            },
            "lines": lines,
        }
        issued = "2026-12-02T03:45:18.950347+00:00"
        listed = {
            "__typename": "ShippingListMethodsForCheckout",
            "issuedAt": issued,
            "checkout": checkout,
        }
        filtered = {
            "__typename": "CheckoutFilterShippingMethods",
            "issuedAt": issued,
            "checkout": checkout,
            "shippingMethods": [
                {"id": method, "name": name, "minimumDeliveryDays": 1, "maximumDeliveryDays": days}
                for method, name, days in ((methods[0], "Standard", 3), (methods[1], "Next day", 1))
            ],
        }
        bodies.append(("SHIPPING_LIST_METHODS_FOR_CHECKOUT", json.dumps(listed).encode()))
        bodies.append(("CHECKOUT_FILTER_SHIPPING_METHODS", json.dumps(filtered).encode()))
    return bodies


def signed_requests(
    bodies: list[tuple[str, bytes]], sign: Any, port: int, paths: dict[str, str]
) -> list[bytes]:
    requests = []
    for event, body in bodies:
        head = [
            f"POST {paths[event]} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json",
            f"Saleor-Event: {event.lower()}",
            f"Saleor-Signature: {sign(body)}",
            f"Saleor-Api-Url: {API_URL}",
            "Saleor-Domain: bench-saleor.example",
            f"Content-Length: {len(body)}",
            "",
            "",
        ]
        requests.append("\r\n".join(head).encode("latin-1") + body)
    return requests


# --------------------------------------------------------------------------- open-loop client


@dataclass(frozen=True)
class ClientPlan:
    port: int
    rate: float
    warmup: float
    seconds: float
    connections: int
    requests: list[bytes]


async def _open_loop(plan: ClientPlan) -> dict[str, Any]:
    total = math.ceil(plan.rate * (plan.warmup + plan.seconds))
    interval = 1.0 / plan.rate
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(plan.connections):
        pool.put_nowait(await asyncio.open_connection("127.0.0.1", plan.port))
    results: list[tuple[float, float, int, bool]] = []  # due, latency, status, answered
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.1

    async def one(index: int) -> None:
        due = start + index * interval
        await asyncio.sleep(max(0.0, due - loop.time()))
        reader, writer = await pool.get()
        try:
            writer.write(plan.requests[index % len(plan.requests)])
            status, body, _close = await read_response(reader)
            answered = (
                status == 200 and not body.startswith(b"[]") and b'"excluded_methods":[]}' != body
            )
        except (OSError, asyncio.IncompleteReadError, ValueError):
            status, answered = 0, False
            reader, writer = await asyncio.open_connection("127.0.0.1", plan.port)
        finally:
            pool.put_nowait((reader, writer))
        results.append((due - start, loop.time() - due, status, answered))

    await asyncio.gather(*(one(i) for i in range(total)))
    window = [r for r in results if plan.warmup <= r[0] < plan.warmup + plan.seconds]
    latencies = sorted(int(r[1] * 1e9) for r in window)
    finished = max(r[0] + r[1] for r in window) - plan.warmup if window else plan.seconds
    return {
        "requests": len(window),
        "requests_per_s": round(len(window) / max(finished, plan.seconds), 1),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p90_ms": round(percentile(latencies, 0.90), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(latencies[-1] / 1e6, 2) if latencies else float("nan"),
        "non_200": sum(1 for r in window if r[2] != 200),
        "with_opinion": round(sum(1 for r in window if r[3]) / max(len(window), 1), 3),
    }


def client_main(plan: ClientPlan, results: Connection) -> None:
    results.send(asyncio.run(_open_loop(plan)))


# --------------------------------------------------------------------------- in-process promise


def promise_timings(rng: random.Random, runs: int = 400) -> dict[str, float]:
    """One cart of 10 lines over the 50 locations: route, then promise with every service."""
    from django.utils import timezone

    from saleor_oms_plugin.delivery.cart_promise import cart_plan
    from saleor_oms_plugin.delivery.context import delivery_context
    from saleor_oms_plugin.delivery.question import question_parse
    from saleor_oms_plugin.promising.promise import promise_for_services
    from saleor_oms_plugin.tenants.models import Tenant

    tenant = Tenant.objects.get()
    bodies = [body for event, body in question_bodies(rng, ["x", "y"], runs) if "LIST" in event]
    questions = [question_parse(json.loads(body)) for body in bodies]
    questions = [q for q in questions if len(q.lines) == 10] or questions
    timings = []
    for n in range(runs):
        question = questions[n % len(questions)]
        started = time.perf_counter()
        now = timezone.now()
        context = delivery_context(tenant_id=tenant.pk, channel_slug=question.channel_slug, now=now)
        assert question.destination is not None
        plan = cart_plan(context, question, question.destination, now=now)
        promise_for_services(plan.request, [s.carrier for s in context.services])
        timings.append(int((time.perf_counter() - started) * 1e9))
    timings.sort()
    return {
        "promise_p50_ms": round(percentile(timings, 0.50), 2),
        "promise_p99_ms": round(percentile(timings, 0.99), 2),
        "promise_lines": len(questions[0].lines),
    }


# --------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    options = parse_options(argv)
    rng = random.Random(options.seed)
    reset_database(options.database_url)
    reset_broker(options.cache_url)
    keys = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    data_dir = tempfile.mkdtemp(prefix="oms-bench-checkout-")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="saleor_oms_plugin.settings",
        DATABASE_URL=options.database_url,
        CELERY_BROKER_URL="",
        SECRET_KEY=secrets.token_urlsafe(48),
        TOKEN_ENCRYPTION_KEYS=keys,
        OMS_DATA_DIR=data_dir,
        ALLOWED_SALEOR_URLS=API_URL,
        CACHE_URL=options.cache_url,
        ACCESS_LOG="off",
        LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_DIR), os.environ.get("PYTHONPATH")])),
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from saleor_oms_plugin.saleor.subscriptions import SYNC_WEBHOOKS
    from tests.fixtures.deliveries import LocalSigner

    signer = LocalSigner.generate()
    methods = store_seed(rng, signer.jwks())
    promise = promise_timings(random.Random(options.seed + 1))
    connections.close_all()

    port = free_port()
    paths = {hook.event: f"/api/sync/{hook.path}/" for hook in SYNC_WEBHOOKS}
    requests = signed_requests(question_bodies(rng, methods, 1000), signer.sign, port, paths)
    log_path = Path(data_dir) / "server.log"
    command = oms_command(
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        "--no-migrate",
    )
    with service_process(command, env, log_path) as server:
        wait_until_healthy(server, port, log_path)
        plan = ClientPlan(
            port, options.rate, options.warmup, options.seconds, options.connections, requests
        )
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        load_before = os.getloadavg()[0]
        client = context.Process(target=client_main, args=(plan, child_end))
        client.start()
        result = parent_end.recv()
        client.join(10)
    result.update(promise)
    result.update(
        rate_asked=options.rate,
        server_workers=options.workers,
        server_threads=options.threads,
        locations=LOCATIONS,
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
        targets={
            "p99_ms": TARGET_P99_MS,
            "requests_per_s": TARGET_REQUESTS_PER_S,
            "promise_p99_ms": TARGET_PROMISE_P99_MS,
        },
    )
    if options.as_json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
