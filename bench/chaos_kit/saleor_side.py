"""The fake Saleor's side of routing in the chaos bench: the fed orders, stock to route them,
and what ``orderFulfill`` left behind to check the OMS's plans against.

The fake answers ``orderFulfill`` as Saleor 3.23 does (tests/fixtures/fulfilment.py): one
fulfilment per warehouse and call, shown in ``order { fulfillments }`` afterwards. A call that
timed out *after acting* still left its fulfilment, so the fulfilments the fake holds, not the
calls that answered, are what the OMS's applied shipments are compared with.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from bench.chaos_kit.feed import Delivery

if TYPE_CHECKING:
    from tests.fixtures.fake_saleor import FakeSaleor

#: on hand at every warehouse for every variant: routing never runs short
PLENTY = 1_000_000


def unfulfilled_orders(deliveries: list[Delivery]) -> list[dict[str, Any]]:
    """Every fed order as Saleor holds it before anything is fulfilled: its first payload,
    with nothing fulfilled yet."""
    first: dict[str, tuple[str, dict[str, Any]]] = {}
    for delivery in deliveries:
        order = json.loads(delivery.body).get("order")
        if not isinstance(order, dict) or not isinstance(order.get("lines"), list):
            continue
        known = first.get(order["id"])
        if known is None or delivery.issued_at < known[0]:
            first[order["id"]] = (delivery.issued_at, order)
    orders = []
    for _issued, order in first.values():
        order = copy.deepcopy(order)
        order.update(__typename="Order", status="UNFULFILLED", fulfillments=[])
        for line in order["lines"]:
            line.update(quantityFulfilled=0, quantityToFulfill=line["quantity"])
            line.setdefault("allocations", [])
        orders.append(order)
    return orders


def install(fake: FakeSaleor, deliveries: list[Delivery], env: dict[str, str]) -> None:
    """Make the fake hold the fed orders, unfulfilled, and plenty of stock of their variants
    at every warehouse, and answer ``orderFulfill``. ``env`` is the service's environment:
    the fake's fulfilment side lives with the tests' Django fixtures, so Django is set up in
    this process (nothing here touches the database)."""
    import django

    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "TOKEN_ENCRYPTION_KEYS", "DATABASE_URL"):
        os.environ.setdefault(name, env[name])
    django.setup()
    from tests.fixtures.fulfilment import SaleorStock

    stock = SaleorStock(fake)
    orders = unfulfilled_orders(deliveries)
    # Variants only the earlier states of an order name (a line removed since), or without a
    # SKU, count too.
    for order in orders:
        for line in order["lines"]:
            variant = line.get("variant")
            if variant and variant["id"] not in {v["id"] for v in stock.variants.values()}:
                # keyed by SKU as the fake's are; a variant without one by its id
                stock.variants[line.get("productSku") or variant["id"]] = variant
            # A warehouse the order is allocated at counts its allocation as stock there, so
            # the OMS may fulfil from it: the fake must know it too.
            for allocation in line.get("allocations") or []:
                warehouse = allocation["warehouse"]
                stock.warehouses.setdefault(warehouse["id"], dict(warehouse))
    for variant in stock.variants.values():
        for warehouse_id in stock.warehouses:
            stock.stock[(variant["id"], warehouse_id)] = {"quantity": PLENTY, "allocated": 0}
    fake.orders[:] = orders


def fulfilments(fake: FakeSaleor) -> Counter[tuple[str, str]]:
    """Fulfilments (not cancelled) the fake holds per (order id, warehouse id)."""
    return Counter(
        (order["id"], fulfilment["warehouse"]["id"])
        for order in fake.orders
        for fulfilment in order.get("fulfillments") or []
        if fulfilment["status"] != "CANCELED"
    )


def routing_check(fake: FakeSaleor, plans: dict[str, Any]) -> dict[str, Any]:
    """Each shipment the OMS recorded as applied is exactly one fulfilment in the fake, at its
    warehouse; no fulfilment exists that no applied shipment accounts for."""
    held = fulfilments(fake)
    applied = Counter((order, warehouse) for order, warehouse in plans["applied_shipments"])
    duplicated = sum(n - applied[key] for key, n in held.items() if n > applied[key])
    missing = sum(n - held[key] for key, n in applied.items() if n > held[key])
    return {
        "routing_exactly_once": bool(applied)
        and not duplicated
        and not missing
        and plans["unfinished"] == 0,
        "routing": {
            "plans_by_state": plans["by_state"],
            "plans_unfinished": plans["unfinished"],
            "shipments_applied": sum(applied.values()),
            "fulfilments_in_saleor": sum(held.values()),
            "fulfil_duplicated": duplicated,
            "fulfil_missing": missing,
            "order_fulfill_calls": len(fake.graphql_requests("OmsOrderFulfill")),
        },
    }
