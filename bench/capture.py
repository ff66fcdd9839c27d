"""Order capture benchmark: outside orders into a real Saleor through the OMS capture path.

    .venv/bin/python bench/capture.py --saleor-url http://127.0.0.1:8000/graphql/ \\
        [--orders 10000] [--staff-email admin@example.com --staff-password admin] [--json]

It recreates a PostgreSQL database (default ``saleor_oms_bench_capture``; it is DROPPED on
every run), migrates it, and installs a throwaway app in the Saleor (``appCreate`` by the staff
user, with MANAGE_ORDERS, MANAGE_PRODUCTS and MANAGE_ORDERS_IMPORT; deleted at the end) as
the tenant's token. One capture source names the channel ``--channel`` (default
``default-channel``), its first warehouse, a ShippingMethod of the channel and the shop's
first TaxClass (Saleor 3.23 needs both, docs/CAPTURE.md). Every order it creates stays in the
Saleor (marked by its ``oms.capture.source`` metadata, the run's source code).

Then ``--orders`` outside orders of 1–3 lines of the channel's variants (non-preorder) with a
payment each, in requests of 100 as ``orderImport`` sends them: 1 % are invalid at the door
(no e-mail), 1 % name a SKU Saleor does not have. The path timed is the one the service runs:
``orders_capture`` (validate, store, answer) per request, then the batch task's service
``captured_orders_send`` (claim ≤ 50, SKUs to variant IDs, ``orderBulkCreate``, record, store
the new orders' deliveries) until nothing is left. The deliveries' processing (the read model,
routing) is the webhook pipeline's (bench/intake.py) and is not run here.

Prints ``orders_per_s`` (orders created in Saleor per second of the whole path),
``store_ms_per_order``, ``batch_s_p50`` / ``batch_s_max`` (one orderBulkCreate batch of 50,
Saleor's time included), ``refused`` (share and reasons) and ``pipeline_p99_ms``: what the
screening pipeline costs each new order, measured by bench/screening.py's ``measure`` on
``--screening-orders`` orders in the same database (the order's next step before routing).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import requests

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))

from bench.databases import django_setup, reset_database  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/saleor_oms_bench_capture"
REQUEST_SIZE = 100
PERMISSIONS = ["MANAGE_ORDERS", "MANAGE_PRODUCTS", "MANAGE_ORDERS_IMPORT"]
ADDRESSES = [
    {"street_address_1": "1 Market St", "city": "San Francisco", "postal_code": "94103",
     "country": "US", "country_area": "CA"},
    {"street_address_1": "350 5th Ave", "city": "New York", "postal_code": "10118",
     "country": "US", "country_area": "NY"},
    {"street_address_1": "233 S Wacker Dr", "city": "Chicago", "postal_code": "60606",
     "country": "US", "country_area": "IL"},
]  # fmt: skip


def parse_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saleor-url", required=True, help="a Saleor 3.23 GraphQL URL")
    parser.add_argument("--orders", type=int, default=10_000, help="outside orders captured")
    parser.add_argument("--channel", default="default-channel")
    parser.add_argument(
        "--staff-email", default=os.environ.get("SALEOR_STAFF_EMAIL", "admin@example.com")
    )
    parser.add_argument(
        "--staff-password", default=os.environ.get("SALEOR_STAFF_PASSWORD", "admin")
    )
    parser.add_argument("--screening-orders", type=int, default=300)
    parser.add_argument("--screening-history", type=int, default=20_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="database to DROP and create afresh (env BENCH_DATABASE_URL)",
    )
    parser.add_argument("--json", dest="as_json", action="store_true")
    options = parser.parse_args(argv)
    if options.orders < 1:
        parser.error("--orders must be positive")
    return options


class Saleor:
    """The staff user's side of the Saleor: what the benchmark sets up and tears down."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self.url = url
        self._credentials = {"e": email, "p": password}
        self.token = self._sign_in()

    def _sign_in(self) -> str:
        answer = self._post(
            "mutation($e:String!,$p:String!){tokenCreate(email:$e,password:$p){token}}",
            self._credentials,
        )
        return answer["tokenCreate"]["token"]

    def _post(self, query: str, variables: dict[str, Any], token: str = "") -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = requests.post(
            self.url, json={"query": query, "variables": variables}, headers=headers, timeout=60
        ).json()
        if body.get("errors"):
            raise SystemExit(f"Saleor refused: {body['errors']}")
        return body["data"]

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._post(query, variables or {}, self.token)

    def app_create(self) -> tuple[str, str]:
        created = self.data(
            "mutation($i:AppInput!){appCreate(input:$i){authToken app{id} errors{message}}}",
            {
                "i": {
                    "name": f"OMS capture bench {uuid.uuid4().hex[:6]}",
                    "permissions": PERMISSIONS,
                }
            },
        )["appCreate"]
        return created["app"]["id"], created["authToken"]

    def app_delete(self, app_id: str) -> None:
        # A run outlasts the staff token (Saleor's access tokens live minutes): sign in again.
        self.token = self._sign_in()
        self.data("mutation($id:ID!){appDelete(id:$id){errors{message}}}", {"id": app_id})

    def shop(self, channel: str) -> dict[str, Any]:
        """The channel's currency, first warehouse, a shipping method, a tax class, SKUs."""
        found = self.data(
            """query($c:String!){ channel(slug:$c){ currencyCode warehouses{ id } }
              shippingZones(first:20, channel:$c){ edges{ node{ shippingMethods{ id } } } }
              taxClasses(first:1){ edges{ node{ id } } }
              productVariants(first:100, channel:$c){ edges{ node{ sku preorder{ endDate } } } }
            }""",
            {"c": channel},
        )
        methods = [
            # shippingZones lists ShippingMethodType IDs; orderBulkCreate takes ShippingMethod.
            _as_shipping_method(m["id"])
            for zone in found["shippingZones"]["edges"]
            for m in zone["node"]["shippingMethods"]
        ]
        skus = [
            edge["node"]["sku"]
            for edge in found["productVariants"]["edges"]
            if edge["node"]["sku"] and not edge["node"]["preorder"]
        ]
        if not (methods and found["taxClasses"]["edges"] and skus):
            raise SystemExit("the channel needs a shipping method, a tax class and variants")
        return {
            "currency": found["channel"]["currencyCode"],
            "warehouse": found["channel"]["warehouses"][0]["id"],
            "shipping_method": methods[0],
            "tax_class": found["taxClasses"]["edges"][0]["node"]["id"],
            "skus": skus,
        }


def _as_shipping_method(type_id: str) -> str:
    import base64

    _, pk = base64.b64decode(type_id).decode().split(":", 1)
    return base64.b64encode(f"ShippingMethod:{pk}".encode()).decode()


def outside_orders(count: int, shop: dict[str, Any], run: str) -> list[dict[str, Any]]:
    rng = random.Random(16)
    orders = []
    for number in range(count):
        lines = [
            {
                "sku": rng.choice(shop["skus"]),
                "quantity": rng.randint(1, 3),
                "unit_price_gross": f"{rng.randint(5, 80)}.00",
                "tax_rate": "0",
            }
            for _ in range(rng.randint(1, 3))
        ]
        if number % 100 == 37:
            lines[0]["sku"] = f"NO-SUCH-{run}"
        total = sum(int(line["unit_price_gross"][:-3]) * line["quantity"] for line in lines) + 5
        order = {
            "external_reference": f"B-{run}-{number}",
            "customer_email": f"c{rng.randint(1, 5000)}@example.com",
            "customer_name": "Bench Customer",
            "currency": shop["currency"],
            "billing_address": rng.choice(ADDRESSES),
            "lines": lines,
            "shipping": {"method_name": "Marketplace courier", "price_gross": "5.00", "tax_rate": "0"},
            "payments": [{"amount": f"{total}.00", "gateway": "marketplace", "psp_reference": f"m-{number}"}],
        }  # fmt: skip
        if number % 100 == 71:
            del order["customer_email"]
        orders.append(order)
    return orders


def measure(options: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from saleor_oms_plugin.audit.services import Actor
    from saleor_oms_plugin.capture.models import CapturedOrder
    from saleor_oms_plugin.capture.sending import captured_orders_send
    from saleor_oms_plugin.capture.services import capture_source_create, orders_capture
    from saleor_oms_plugin.core import scheduling
    from saleor_oms_plugin.tenants.services import tenant_add
    from saleor_oms_plugin.webhooks import dispatch

    handed_on: list[str] = []
    # As with a broker: tasks are queued, not run here; the benchmark runs the send service.
    scheduling.enqueue = lambda name, *args, **kwargs: handed_on.append(name)  # type: ignore
    dispatch.delivery_dispatcher.submit = lambda *args, **kwargs: None  # type: ignore

    call_command("migrate", verbosity=0)
    saleor = Saleor(options.saleor_url, options.staff_email, options.staff_password)
    shop = saleor.shop(options.channel)
    app_id, token = saleor.app_create()
    try:
        tenant = tenant_add(api_url=options.saleor_url, token=token, run_import=False)
        run = uuid.uuid4().hex[:6]
        source, _ = capture_source_create(
            tenant_id=tenant.pk,
            code=f"bench-{run}",
            name="Benchmark marketplace",
            channel_slug=options.channel,
            warehouse_id=shop["warehouse"],
            shipping_method_id=shop["shipping_method"],
            tax_class_id=shop["tax_class"],
            actor=Actor.system(),
        )
        orders = outside_orders(options.orders, shop, run)
        door_refusals: Counter[str] = Counter()
        refused_at_door = 0
        started = time.perf_counter()
        for start in range(0, len(orders), REQUEST_SIZE):
            answers = orders_capture(
                source=source,
                orders=orders[start : start + REQUEST_SIZE],
                door="API",
                actor=Actor.system(),
            )
            for answer in answers:
                refused_at_door += answer.outcome == "REFUSED"
                for problem in answer.problems:
                    door_refusals[f"{problem.field}:{problem.code.value}"] += 1
        stored = time.perf_counter() - started
        batches: list[float] = []
        saleor_refusals: Counter[str] = Counter()
        while True:
            batch_started = time.perf_counter()
            summary = captured_orders_send(tenant_id=tenant.pk)
            if not summary.sent:
                break
            batches.append(time.perf_counter() - batch_started)
            saleor_refusals.update(summary.reasons)
        elapsed = time.perf_counter() - started
    finally:
        saleor.app_delete(app_id)
    states = Counter(CapturedOrder.objects.values_list("state", flat=True))
    refused_total = refused_at_door + states["REFUSED"]
    created = states["CREATED"]
    return {
        "orders": options.orders,
        "created": created,
        "orders_per_s": round(created / elapsed, 1),
        "elapsed_s": round(elapsed, 1),
        "store_ms_per_order": round(stored * 1000 / options.orders, 2),
        "batches": len(batches),
        "batch_s_p50": round(statistics.median(batches), 2) if batches else None,
        "batch_s_max": round(max(batches), 2) if batches else None,
        "refused": {
            "share": round(refused_total / options.orders, 4),
            "at_the_door": dict(door_refusals),
            "at_creation": dict(saleor_refusals),
        },
        "left_received": states["RECEIVED"],
        "tasks_handed_on": len(handed_on),
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    reset_database(options.database_url)
    django_setup(options.database_url)
    result = measure(options)
    from bench import screening

    screened = screening.measure(
        screening.parse_options(
            ["--orders", str(options.screening_orders), "--history", str(options.screening_history)]
        )
    )
    result["pipeline_p99_ms"] = screened["pipeline_p99_ms"]
    result["pipeline_p50_ms"] = screened["pipeline_p50_ms"]
    result["load_average"] = [round(x, 2) for x in os.getloadavg()[:1]]
    if options.as_json:
        print(json.dumps(result))
    else:
        print(f"orders          {result['created']:,} of {options.orders:,} created in Saleor")
        print(f"throughput      {result['orders_per_s']} orders/s ({result['elapsed_s']} s)")
        print(f"store           {result['store_ms_per_order']} ms per order")
        print(f"batches         {result['batches']}: {result['batch_s_p50']} s median")
        print(f"refused         {result['refused']}")
        print(f"screening       {result['pipeline_p99_ms']} ms p99 per order")
    return 1 if result["left_received"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
