"""Reads that build an order's :class:`OrderFacts`: the order and its lines, available-to-sell
of its variants (and their substitutes) in its channel from the stock ledger, and the
customer's and address's recent orders. The checks never touch the ORM; this module is the
only place screening reads other domains' rows for them.

Every order costs the same two reads, however many lines it has and however long the
customer's history (``tests/screening/test_pipeline_query_counts.py`` holds the count):

1. :func:`order_load`: the order with its screening result, the configuration documents, its
   ledger channel, its lines and the variants known for its products;
2. :func:`order_gather`: available-to-sell of every variant concerned (the lines', their
   tagged alternatives', their siblings') and the history counts, in one statement.

Both are constant SQL text run on the cursor (the variable parts are parameters): the
pipeline runs once per new order, and building the equivalent querysets cost more Python
time than PostgreSQL spends answering them. Values come back as plain rows and JSON, never
as model instances.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel
from saleor_oms_plugin.inventory.selectors import buffered
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.screening.config import ScreeningSettings
from saleor_oms_plugin.screening.facts import (
    Address,
    History,
    LineFacts,
    OrderFacts,
    Substitute,
)
from saleor_oms_plugin.screening.models import KnownVariant, ScreeningConfig, ScreeningResult
from saleor_oms_plugin.screening.selectors import settings_of_documents


@dataclass(frozen=True)
class StockChannel:
    """The ledger's channel an order was sold in (its buffer applies to what it is shown)."""

    pk: int
    buffer_kind: str
    buffer_value: int


@dataclass(frozen=True)
class OrderRow:
    """What screening reads of an order (read model fields, Saleor's JSON as stored)."""

    pk: int
    tenant_id: int
    number: str
    channel_slug: str
    currency: str
    total_gross: Decimal
    total_charged: Decimal
    charge_status: str
    authorize_status: str
    user_email: str
    user_id: str
    shipping_address: dict[str, Any] | None
    billing_address: dict[str, Any] | None
    delivery_method_type: str
    delivery_method_name: str
    metadata: dict[str, Any]
    private_metadata: dict[str, Any]
    saleor_created_at: datetime
    saleor_updated_at: datetime


@dataclass(frozen=True)
class LineRow:
    """What screening reads of an order line."""

    saleor_id: str
    product_name: str
    variant_name: str
    sku: str
    variant_id: str
    product_id: str
    quantity: int
    quantity_fulfilled: int
    is_shipping_required: bool
    allocations: list[dict[str, Any]]


@dataclass(frozen=True)
class SeenResult:
    """The order's screening result as read with it (None on :class:`LoadedOrder` when the
    order has none yet)."""

    pk: int
    state: str
    reason_codes: list[str]


@dataclass(frozen=True)
class LoadedOrder:
    """An order as screening reads it: the row and its lines (by position), its screening
    result, the settings in force for its channel, its ledger channel (None when the ledger
    does not know the channel: every location of the tenant serves) and the variants known
    for its products ((product id, variant id, name), first seen first)."""

    order: OrderRow
    lines: tuple[LineRow, ...]
    result: SeenResult | None
    settings: ScreeningSettings
    channel: StockChannel | None
    known: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Gathered:
    facts: OrderFacts
    # (product id, variant id, name) of the order's variants screening has not seen yet.
    new_variants: tuple[tuple[str, str, str], ...]


_ORDER = Order._meta.db_table
_LINE = OrderLine._meta.db_table
_RESULT = ScreeningResult._meta.db_table
_CONFIG = ScreeningConfig._meta.db_table
_KNOWN = KnownVariant._meta.db_table
_CHANNEL = Channel._meta.db_table
_CHANNEL_LOCATION = ChannelLocation._meta.db_table
_STOCK = StockLevel._meta.db_table
_LOCATION = StockLevel._meta.get_field("location").related_model._meta.db_table

_LOAD = f"""
SELECT o.id, o.number, o.channel_slug, o.currency, o.total_gross, o.total_charged,
       o.charge_status, o.authorize_status, o.user_email, o.user_id, o.shipping_address,
       o.billing_address, o.delivery_method_type, o.delivery_method_name, o.metadata,
       o.private_metadata, o.saleor_created_at, o.saleor_updated_at,
       r.id, r.state, r.reason_codes,
       (SELECT c.document FROM {_CONFIG} c
        WHERE c.tenant_id = o.tenant_id AND c.channel_slug = ''),
       (SELECT c.document FROM {_CONFIG} c
        WHERE c.tenant_id = o.tenant_id AND c.channel_slug = o.channel_slug),
       (SELECT jsonb_build_array(ch.id, ch.buffer_kind, ch.buffer_value) FROM {_CHANNEL} ch
        WHERE ch.tenant_id = o.tenant_id AND ch.slug = o.channel_slug),
       (SELECT jsonb_agg(jsonb_build_array(l.saleor_id, l.product_name, l.variant_name, l.sku,
                                           l.variant_id, l.product_id, l.quantity,
                                           l.quantity_fulfilled, l.is_shipping_required,
                                           l.allocations)
                         ORDER BY l.position, l.id)
        FROM {_LINE} l WHERE l.order_id = o.id),
       (SELECT jsonb_agg(jsonb_build_array(k.product_id, k.variant_id, k.name) ORDER BY k.id)
        FROM {_KNOWN} k
        WHERE k.tenant_id = o.tenant_id AND k.product_id IN (
            SELECT l.product_id FROM {_LINE} l WHERE l.order_id = o.id AND l.product_id <> ''))
FROM {_ORDER} o LEFT JOIN {_RESULT} r ON r.order_id = o.id
WHERE o.tenant_id = %s AND o.id = %s
"""


def _json(value: Any) -> Any:
    # Django has the driver hand JSON columns over as text (its JSONField decodes them).
    return json.loads(value) if isinstance(value, str | bytes) else value


def order_load(*, tenant_id: int, order_id: int) -> LoadedOrder | None:
    """The order, its screening result, its channel's screening documents and ledger channel,
    its lines and the variants known for its products, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_LOAD, [tenant_id, order_id])
        row = cursor.fetchone()
    if row is None:
        return None
    order = OrderRow(
        pk=row[0],
        tenant_id=tenant_id,
        number=row[1],
        channel_slug=row[2],
        currency=row[3],
        total_gross=row[4],
        total_charged=row[5],
        charge_status=row[6],
        authorize_status=row[7],
        user_email=row[8],
        user_id=row[9],
        shipping_address=_json(row[10]),
        billing_address=_json(row[11]),
        delivery_method_type=row[12],
        delivery_method_name=row[13],
        metadata=_json(row[14]) or {},
        private_metadata=_json(row[15]) or {},
        saleor_created_at=row[16],
        saleor_updated_at=row[17],
    )
    channel = _json(row[23])
    return LoadedOrder(
        order=order,
        lines=tuple(LineRow(*line) for line in _json(row[24]) or ()),
        result=None if row[18] is None else SeenResult(row[18], row[19], _json(row[20]) or []),
        settings=settings_of_documents(
            tenant_id=tenant_id,
            channel_slug=order.channel_slug,
            tenant_document=_json(row[21]),
            channel_document=_json(row[22]),
        ),
        channel=(
            None
            if channel is None
            else StockChannel(int(channel[0]), str(channel[1]), int(channel[2]))
        ),
        known=tuple(tuple(known) for known in _json(row[25]) or ()),  # type: ignore[misc]
    )


# Per location what may still be promised (``StockLevel.available``: never negative), summed
# over the locations serving the channel (``{channels}``: empty for every location).
_AVAILABLE = f"""
SELECT jsonb_object_agg(a.variant_id, a.units) FROM (
    SELECT s.variant_id,
           SUM(GREATEST(0, s.on_hand - s.allocated - s.reserved - s.held - s.safety_stock))
               AS units
    FROM {_STOCK} s JOIN {_LOCATION} loc ON loc.id = s.location_id
    WHERE s.tenant_id = %(tenant)s AND s.variant_id = ANY(%(variants)s)
          AND NOT loc.is_deleted{{channels}}
    GROUP BY s.variant_id) a
"""
_IN_CHANNEL = (
    f" AND s.location_id IN (SELECT cl.location_id FROM {_CHANNEL_LOCATION} cl"
    " WHERE cl.channel_id = %(channel)s)"
)


def _available_sql(
    tenant_id: int, channel: StockChannel | None, ids: list[str]
) -> tuple[str, dict[str, Any]]:
    params = {"tenant": tenant_id, "variants": ids, "channel": channel and channel.pk}
    return _AVAILABLE.format(channels="" if channel is None else _IN_CHANNEL), params


def _buffered(
    totals: dict[str, int], channel: StockChannel | None, ids: list[str]
) -> dict[str, int]:
    if channel is None:
        return totals
    return {
        variant_id: buffered(
            totals.get(variant_id, 0), kind=channel.buffer_kind, value=channel.buffer_value
        )
        for variant_id in ids
    }


# The customer's orders are those of the same e-mail or Saleor user; the address's those to the
# same street (any case) and postal code. Each count is filtered from the rows either
# condition finds through its own index; the order itself never counts.
_HISTORY = f"""
SELECT COUNT(*) FILTER (WHERE {{customer}} AND h.saleor_created_at < %(created)s),
       COUNT(*) FILTER (WHERE {{customer}} AND {{window}}),
       COUNT(*) FILTER (WHERE {{customer}} AND {{window}} AND h.status = 'CANCELED'
                        AND h.charge_status IN ('NONE', '')),
       COUNT(*) FILTER (WHERE {{address}})
FROM {_ORDER} h
WHERE h.tenant_id = %(tenant)s AND h.id <> %(order)s AND ({{either}})
"""
_WINDOW = "h.saleor_created_at >= %(since)s AND h.saleor_created_at <= %(created)s"
_TO_ADDRESS = (
    f"({_WINDOW} AND h.shipping_address -> 'postalCode' = to_jsonb(%(postal)s::text)"
    " AND UPPER(h.shipping_address ->> 'streetAddress1') = UPPER(%(street)s))"
)
_BY_EMAIL = "h.user_email = %(email)s"
_BY_USER = "h.user_id = %(user)s"


def _history_sql(order: OrderRow, settings: ScreeningSettings) -> tuple[str, dict[str, Any]]:
    """The history counts' statement for the order ("" when it names neither a customer nor
    an address: every count is 0)."""
    customers = []
    if order.user_email:
        # Saleor keeps customers' e-mails in lower case; an exact match uses the index.
        customers.append(_BY_EMAIL)
    if order.user_id:
        customers.append(_BY_USER)
    customer = f"({' OR '.join(customers)})" if customers else "FALSE"
    shipping = Address.of(order.shipping_address)
    address = _TO_ADDRESS if shipping and shipping.street1 and shipping.postal_code else "FALSE"
    either = " OR ".join(c for c in (customer, address) if c != "FALSE")
    if not either:
        return "", {}
    sql = _HISTORY.format(customer=customer, window=_WINDOW, address=address, either=either)
    return sql, {
        "tenant": order.tenant_id,
        "order": order.pk,
        "created": order.saleor_created_at,
        "since": order.saleor_created_at - timedelta(hours=settings.window_hours),
        "email": order.user_email,
        "user": order.user_id,
        "postal": shipping.postal_code if shipping else "",
        "street": shipping.street1 if shipping else "",
    }


def _stock_and_history(
    loaded: LoadedOrder, variant_ids: Iterable[str]
) -> tuple[dict[str, int], History]:
    """Available-to-sell of the variants in the order's channel (per location what may still
    be promised, summed over the locations serving the channel, after the channel's buffer; or
    over every location of the tenant when the ledger does not know the channel: variant id →
    units, 0 or absent when nothing is held) and the order's history counts, in one statement
    (none when there is nothing to ask)."""
    order, channel = loaded.order, loaded.channel
    ids = sorted(set(variant_ids) - {""})
    history_sql, params = _history_sql(order, loaded.settings)
    selected: list[str] = []
    if ids:
        available_sql, available_params = _available_sql(order.tenant_id, channel, ids)
        params.update(available_params)
        selected.append(f"({available_sql})")
    else:
        selected.append("NULL")
    if history_sql:
        selected.append(f"h.* FROM ({history_sql}) h")
    if not ids and not history_sql:
        return {}, History(0, 0, 0, 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selected)}", params)
        row = cursor.fetchone()
    stock = _buffered(_json(row[0]) or {}, channel, ids) if ids else {}
    counts = row[1:] if history_sql else (0, 0, 0, 0)
    return stock, History(
        previous_orders=counts[0],
        orders_from_email_in_window=counts[1],
        unpaid_cancelled_in_window=counts[2],
        orders_to_address_in_window=counts[3],
    )


def _own_allocations(line: LineRow) -> int:
    # Saleor allocated these units to this very order: they count as available to it.
    return sum(int(a.get("quantity") or 0) for a in line.allocations or [])


def _wanted(
    loaded: LoadedOrder,
) -> tuple[list[LineRow], dict[str, list[tuple[str, str]]], set[str]]:
    """The lines to ship, the other known variants of their products (product id →
    [(variant id, name)]) and every variant whose available-to-sell the stock check reads:
    the lines', their tagged alternatives' and their siblings' (one read for all: looking up
    only the short lines' substitutes would cost a second one whenever a line is short)."""
    settings = loaded.settings
    lines = [line for line in loaded.lines if line.is_shipping_required]
    own_variants = {line.variant_id for line in lines}
    siblings: dict[str, list[tuple[str, str]]] = {}
    for product_id, variant_id, name in loaded.known:
        if variant_id not in own_variants:
            siblings.setdefault(product_id, []).append((variant_id, name))
    wanted = set(own_variants)
    for line in lines:
        wanted.update(settings.alternatives.get(line.variant_id, ()))
        wanted.update(variant_id for variant_id, _ in siblings.get(line.product_id, []))
    return lines, siblings, wanted


def _lines(
    loaded: LoadedOrder,
    lines: Sequence[LineRow],
    siblings: dict[str, list[tuple[str, str]]],
    stock: dict[str, int],
) -> tuple[LineFacts, ...]:
    settings = loaded.settings
    facts = []
    for line in lines:
        needed = max(0, line.quantity - line.quantity_fulfilled)
        available = stock.get(line.variant_id, 0) + _own_allocations(line)
        substitutes: list[Substitute] = []
        if available < needed:
            for variant_id in settings.alternatives.get(line.variant_id, ()):
                substitutes.append(
                    Substitute(variant_id, variant_id, stock.get(variant_id, 0), tagged=True)
                )
            for variant_id, name in siblings.get(line.product_id, []):
                if variant_id not in {s.variant_id for s in substitutes}:
                    substitutes.append(
                        Substitute(variant_id, name, stock.get(variant_id, 0), tagged=False)
                    )
        facts.append(
            LineFacts(
                line_id=line.saleor_id,
                variant_id=line.variant_id,
                name=f"{line.product_name} {line.variant_name}".strip() or line.sku,
                needed=needed,
                available=available,
                substitutes=tuple(s for s in substitutes if s.available > 0),
            )
        )
    return tuple(facts)


def _metadata(order: OrderRow) -> dict[str, str]:
    return {
        **{str(k): str(v) for k, v in (order.private_metadata or {}).items()},
        **{str(k): str(v) for k, v in (order.metadata or {}).items()},
    }


def order_gather(loaded: LoadedOrder) -> Gathered:
    """What the checks read about the loaded order (one more query, whatever its size), and
    which of its variants screening learns from it."""
    order = loaded.order
    seen = {variant_id for _, variant_id, _ in loaded.known}
    new_variants: dict[str, tuple[str, str, str]] = {}
    for line in loaded.lines:
        if line.product_id and line.variant_id and line.variant_id not in seen:
            name = f"{line.product_name} {line.variant_name}".strip()[:512]
            new_variants.setdefault(line.variant_id, (line.product_id, line.variant_id, name))
    requires_shipping = any(line.is_shipping_required for line in loaded.lines)
    lines, siblings, wanted = _wanted(loaded)
    stock, history = _stock_and_history(loaded, wanted)
    facts = OrderFacts(
        order_id=order.pk,
        number=order.number,
        channel_slug=order.channel_slug,
        currency=order.currency,
        total_gross=order.total_gross,
        total_charged=order.total_charged,
        charge_status=order.charge_status,
        authorize_status=order.authorize_status,
        email=order.user_email,
        shipping=Address.of(order.shipping_address),
        billing=Address.of(order.billing_address),
        requires_shipping=requires_shipping and order.delivery_method_type != "Warehouse",
        delivery_method_name=order.delivery_method_name,
        metadata=_metadata(order),
        lines=_lines(loaded, lines, siblings, stock),
        history=history,
    )
    return Gathered(facts=facts, new_variants=tuple(new_variants.values()))
