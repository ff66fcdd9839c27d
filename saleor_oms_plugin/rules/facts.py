"""The facts a rule sees about an order: a plain dict built from the read model.

Each key is a field of :mod:`fields` (moments for the ``hours_since_*`` fields, see
``HOURS_SOURCES``), derived exactly as ``query.py`` derives it in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules.models import OrderFlag
from saleor_oms_plugin.rules.query import CANCELLED_FULFILLMENT


def _country(address: Any) -> str:
    if not isinstance(address, dict):
        return ""
    return str(address.get("country") or "")


def _strings(mapping: Any) -> dict[str, str]:
    if not isinstance(mapping, dict):
        return {}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in mapping.items()}


def order_facts(order: Order, *, flags: Iterable[str]) -> dict[str, Any]:
    """Facts of one order; ``lines`` and ``fulfillments`` should be prefetched."""
    lines = list(order.lines.all())
    fulfilled_at = [
        f.saleor_created_at
        for f in order.fulfillments.all()
        if f.saleor_created_at is not None and f.status != CANCELLED_FULFILLMENT
    ]
    email = order.user_email or ""
    shipping, billing = _country(order.shipping_address), _country(order.billing_address)
    return {
        "order_id": order.pk,
        "number": order.number,
        "total_gross": order.total_gross,
        "total_net": order.total_net,
        "total_charged": order.total_charged,
        "weight_grams": order.weight_grams,
        "line_count": len(lines),
        "item_quantity": sum(line.quantity for line in lines),
        "currency": order.currency,
        "channel": order.channel_slug,
        "status": order.status,
        "charge_status": order.charge_status,
        "origin": order.origin,
        "delivery_method_type": order.delivery_method_type,
        "shipping_country": shipping,
        "billing_country": billing,
        "customer_email": email.lower(),
        "customer_email_domain": email[email.find("@") + 1 :].lower(),
        "is_paid": order.is_paid,
        "countries_differ": bool(shipping and billing and shipping != billing),
        "skus": sorted({line.sku for line in lines}),
        "product_types": sorted({line.product_type for line in lines}),
        "flags": sorted(set(flags)),
        "created_at": order.saleor_created_at,
        "updated_at": order.saleor_updated_at,
        "paid_at": order.paid_at,
        "last_fulfillment_at": max(fulfilled_at, default=None),
        "metadata": _strings(order.metadata),
        "private_metadata": _strings(order.private_metadata),
    }


def orders_with_facts(
    orders: QuerySet[Order], *, batch_size: int = 500
) -> Iterator[tuple[Order, dict[str, Any]]]:
    """Each order of ``orders`` with its facts, a fixed number of queries per batch."""
    # Flags have no reverse accessor on Order, so they are read per batch here.
    prefetched = orders.prefetch_related("lines", "fulfillments")
    batch: list[Order] = []
    for order in prefetched.iterator(chunk_size=batch_size):
        batch.append(order)
        if len(batch) == batch_size:
            yield from _with_flags(batch)
            batch = []
    yield from _with_flags(batch)


def _with_flags(orders: list[Order]) -> Iterator[tuple[Order, dict[str, Any]]]:
    labels: dict[int, list[str]] = {}
    rows = OrderFlag.objects.filter(order__in=orders, cleared_at__isnull=True)
    for order_id, label in rows.values_list("order_id", "label"):
        labels.setdefault(order_id, []).append(label)
    for order in orders:
        yield order, order_facts(order, flags=labels.get(order.pk, ()))


def facts_for_order(order: Order) -> dict[str, Any]:
    flags = OrderFlag.objects.filter(order=order, cleared_at__isnull=True)
    return order_facts(order, flags=flags.values_list("label", flat=True))


def facts_snapshot(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as JSON (stored with each firing: what the rule saw)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [plain(v) for v in value]
        return value

    return {key: plain(value) for key, value in facts.items()}
