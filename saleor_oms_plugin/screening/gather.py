"""Reads that build an order's :class:`OrderFacts`: the order and its lines, available-to-sell
of its variants (and their substitutes) in its channel from the stock ledger, and the
customer's and address's recent orders. The checks never touch the ORM; this module is the
only place screening reads other domains' rows for them.

Every order costs the same five reads, however many lines it has and however long the
customer's history (``tests/screening/test_query_counts.py`` holds the count): the order with
its screening result, configuration and channel (:func:`order_load`); its lines; the variants
known for its products (substitutes); available-to-sell of every variant concerned; the
history counts in one statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

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
from saleor_oms_plugin.screening.models import KnownVariant
from saleor_oms_plugin.screening.selectors import (
    config_document_subqueries,
    settings_of_documents,
)


@dataclass(frozen=True)
class StockChannel:
    """The ledger's channel an order was sold in (its buffer applies to what it is shown)."""

    pk: int
    buffer_kind: str
    buffer_value: int


@dataclass(frozen=True)
class LoadedOrder:
    """An order as screening reads it: the row (its lines prefetched, its screening result
    selected when it has one), the settings in force for its channel, and its ledger channel
    (None when the ledger does not know the channel: every location of the tenant serves)."""

    order: Order
    settings: ScreeningSettings
    channel: StockChannel | None


@dataclass(frozen=True)
class Gathered:
    facts: OrderFacts
    # (product id, variant id, name) of the order's variants screening has not seen yet.
    new_variants: tuple[tuple[str, str, str], ...]


def order_load(*, tenant_id: int, order_id: int) -> LoadedOrder | None:
    """The order, its screening result, its channel's screening documents and ledger channel
    in one statement; its lines in a second."""
    channel = Channel.objects.filter(tenant_id=OuterRef("tenant_id"), slug=OuterRef("channel_slug"))
    channel_data = JSONObject(pk="pk", kind="buffer_kind", value="buffer_value")
    tenant_document, channel_document = config_document_subqueries()
    order = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id)
        .select_related("screening")
        .prefetch_related("lines")
        .annotate(
            screening_tenant_document=tenant_document,
            screening_channel_document=channel_document,
            screening_stock_channel=Subquery(
                channel.values(data=channel_data)[:1], output_field=JSONField()
            ),
        )
        .first()
    )
    if order is None:
        return None
    found: dict[str, Any] | None = order.screening_stock_channel  # type: ignore[attr-defined]
    return LoadedOrder(
        order=order,
        settings=settings_of_documents(
            tenant_id=tenant_id,
            channel_slug=order.channel_slug,
            tenant_document=order.screening_tenant_document,  # type: ignore[attr-defined]
            channel_document=order.screening_channel_document,  # type: ignore[attr-defined]
        ),
        channel=(
            None
            if found is None
            else StockChannel(int(found["pk"]), str(found["kind"]), int(found["value"]))
        ),
    )


def available_to_sell(
    *, tenant_id: int, channel: StockChannel | None, variant_ids: Iterable[str]
) -> dict[str, int]:
    """Available-to-sell of variants in the order's channel (per location what may still be
    promised, summed over the locations serving the channel, after the channel's buffer), or
    over every location of the tenant when the ledger does not know the channel; variant id
    → units, 0 or absent when nothing is held. One query."""
    ids = sorted(set(variant_ids) - {""})
    if not ids:
        return {}
    stocks = StockLevel.objects.filter(
        tenant_id=tenant_id, variant_id__in=ids, location__is_deleted=False
    ).only("variant_id", "on_hand", "allocated", "reserved", "held", "safety_stock")
    if channel is not None:
        stocks = stocks.filter(
            location_id__in=ChannelLocation.objects.filter(channel_id=channel.pk).values(
                "location_id"
            )
        )
    totals: dict[str, int] = {}
    for stock in stocks:
        totals[stock.variant_id] = totals.get(stock.variant_id, 0) + stock.available
    if channel is None:
        return totals
    return {
        variant_id: buffered(
            totals.get(variant_id, 0), kind=channel.buffer_kind, value=channel.buffer_value
        )
        for variant_id in ids
    }


def _own_allocations(line: OrderLine) -> int:
    # Saleor allocated these units to this very order: they count as available to it.
    return sum(int(a.get("quantity") or 0) for a in line.allocations or [])


def _known_variants(tenant_id: int, lines: list[OrderLine]) -> list[tuple[str, str, str]]:
    """The variants known for the order's products: (product id, variant id, name), first
    seen first. They are the substitutes of its lines and say which of its own are new."""
    product_ids = {line.product_id for line in lines if line.product_id}
    if not product_ids:
        return []
    return list(
        KnownVariant.objects.filter(tenant_id=tenant_id, product_id__in=product_ids)
        .values_list("product_id", "variant_id", "name")
        .order_by("pk")
    )


def _lines(
    loaded: LoadedOrder, all_lines: list[OrderLine], known: list[tuple[str, str, str]]
) -> tuple[LineFacts, ...]:
    order, settings = loaded.order, loaded.settings
    lines = [line for line in all_lines if line.is_shipping_required]
    needed = {line.saleor_id: max(0, line.quantity - line.quantity_fulfilled) for line in lines}
    own_variants = {line.variant_id for line in lines}
    # Other variants of the same products: product id → [(id, name)].
    siblings: dict[str, list[tuple[str, str]]] = {}
    for product_id, variant_id, name in known:
        if variant_id not in own_variants:
            siblings.setdefault(product_id, []).append((variant_id, name))
    wanted = set(own_variants)
    for line in lines:
        wanted.update(settings.alternatives.get(line.variant_id, ()))
        wanted.update(variant_id for variant_id, _ in siblings.get(line.product_id, []))
    # One read for the lines, their tagged alternatives and their siblings: looking up only
    # the short lines' substitutes would cost a second one whenever a line is short.
    stock = available_to_sell(tenant_id=order.tenant_id, channel=loaded.channel, variant_ids=wanted)
    available = {
        line.saleor_id: stock.get(line.variant_id, 0) + _own_allocations(line) for line in lines
    }
    facts = []
    for line in lines:
        substitutes: list[Substitute] = []
        if available[line.saleor_id] < needed[line.saleor_id]:
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
                needed=needed[line.saleor_id],
                available=available[line.saleor_id],
                substitutes=tuple(s for s in substitutes if s.available > 0),
            )
        )
    return tuple(facts)


def _history(order: Order, settings: ScreeningSettings) -> History:
    """One statement: the customer's orders (by e-mail or Saleor user: ever, and in the window)
    and the orders to the same street and postal code in the window, each count filtered
    from the rows either condition finds through its own index."""
    since = order.saleor_created_at - timedelta(hours=settings.window_hours)
    in_window = Q(saleor_created_at__gte=since, saleor_created_at__lte=order.saleor_created_at)
    customer: Q | None = None
    if order.user_email:
        # Saleor keeps customers' e-mails in lower case; an exact match uses the index.
        customer = Q(user_email=order.user_email)
    if order.user_id:
        customer = (
            Q(user_id=order.user_id) if customer is None else customer | Q(user_id=order.user_id)
        )
    to_address: Q | None = None
    shipping = Address.of(order.shipping_address)
    if shipping and shipping.street1 and shipping.postal_code:
        to_address = in_window & Q(
            shipping_address__postalCode=shipping.postal_code,
            shipping_address__streetAddress1__iexact=shipping.street1,
        )
    counts: dict[str, int] = {}
    counted: dict[str, Count] = {}
    if customer is not None:
        counted["previous"] = Count(
            "pk", filter=customer & Q(saleor_created_at__lt=order.saleor_created_at)
        )
        counted["email"] = Count("pk", filter=customer & in_window)
        counted["unpaid"] = Count(
            "pk",
            filter=customer & in_window & Q(status="CANCELED", charge_status__in=["NONE", ""]),
        )
    if to_address is not None:
        counted["address"] = Count("pk", filter=to_address)
    if counted:
        either = [q for q in (customer, to_address) if q is not None]
        rows = Order.objects.filter(tenant_id=order.tenant_id).exclude(pk=order.pk)
        counts = rows.filter(either[0] if len(either) == 1 else either[0] | either[1]).aggregate(
            **counted
        )
    return History(
        previous_orders=counts.get("previous", 0),
        orders_from_email_in_window=counts.get("email", 0),
        orders_to_address_in_window=counts.get("address", 0),
        unpaid_cancelled_in_window=counts.get("unpaid", 0),
    )


def _metadata(order: Order) -> dict[str, str]:
    return {
        **{str(k): str(v) for k, v in (order.private_metadata or {}).items()},
        **{str(k): str(v) for k, v in (order.metadata or {}).items()},
    }


def order_gather(loaded: LoadedOrder) -> Gathered:
    """What the checks read about the loaded order (three more queries, whatever its size),
    and which of its variants screening learns from it."""
    order, settings = loaded.order, loaded.settings
    all_lines = list(order.lines.all())
    known = _known_variants(order.tenant_id, all_lines)
    seen = {variant_id for _, variant_id, _ in known}
    new_variants: dict[str, tuple[str, str, str]] = {}
    for line in all_lines:
        if line.product_id and line.variant_id and line.variant_id not in seen:
            name = f"{line.product_name} {line.variant_name}".strip()[:512]
            new_variants.setdefault(line.variant_id, (line.product_id, line.variant_id, name))
    requires_shipping = any(line.is_shipping_required for line in all_lines)
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
        lines=_lines(loaded, all_lines, known),
        history=_history(order, settings),
    )
    return Gathered(facts=facts, new_variants=tuple(new_variants.values()))
