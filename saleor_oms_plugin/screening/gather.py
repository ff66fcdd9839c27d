"""Reads that build an order's :class:`OrderFacts`: the order and its lines, available-to-sell
of its variants (and their substitutes) in its channel from the stock ledger, and the
customer's and address's recent orders. The checks never touch the ORM; this module is the
only place screening reads other domains' rows for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Count, Q

from saleor_oms_plugin.inventory.models import Channel
from saleor_oms_plugin.inventory.selectors import (
    channel_availability,
    channel_get,
    stock_level_list,
)
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


class ChannelStock:
    """Available-to-sell of variants in the order's channel (the ledger's figure after the
    channel's buffer); every location of the tenant when the channel is not known to the
    ledger. The channel is looked up once however many reads follow."""

    def __init__(self, *, tenant_id: int, channel_slug: str) -> None:
        self.tenant_id = tenant_id
        self.channel_slug = channel_slug
        self._channel: Channel | None = None
        self._looked_up = False

    def available(self, variant_ids: Iterable[str]) -> dict[str, int]:
        """variant id → units; variants without a stock row are absent (0)."""
        ids = sorted(set(variant_ids) - {""})
        if not ids:
            return {}
        if not self._looked_up:
            self._channel = channel_get(tenant_id=self.tenant_id, slug=self.channel_slug)
            self._looked_up = True
        if self._channel is not None:
            return {
                row.variant_id: row.available_to_sell
                for row in channel_availability(
                    tenant_id=self.tenant_id, channel=self._channel, variant_ids=ids
                )
            }
        totals: dict[str, int] = {}
        for stock in stock_level_list(tenant_id=self.tenant_id, variant_ids=ids).filter(
            location__is_deleted=False
        ):
            totals[stock.variant_id] = totals.get(stock.variant_id, 0) + stock.available
        return totals


def _own_allocations(line: OrderLine) -> int:
    # Saleor allocated these units to this very order: they count as available to it.
    return sum(int(a.get("quantity") or 0) for a in line.allocations or [])


def _siblings(tenant_id: int, product_ids: set[str], exclude: set[str]) -> dict[str, list]:
    """Other variants of the same products (``KnownVariant``): product id → [(id, name)]."""
    found: dict[str, list] = {}
    rows = (
        KnownVariant.objects.filter(tenant_id=tenant_id, product_id__in=product_ids)
        .exclude(variant_id__in=exclude)
        .values_list("product_id", "variant_id", "name")
        .order_by("pk")
    )
    for product_id, variant_id, name in rows:
        found.setdefault(product_id, []).append((variant_id, name))
    return found


def _lines(
    order: Order, all_lines: list[OrderLine], settings: ScreeningSettings
) -> tuple[LineFacts, ...]:
    lines = [line for line in all_lines if line.is_shipping_required]
    needed = {line.saleor_id: max(0, line.quantity - line.quantity_fulfilled) for line in lines}
    wanted = {line.variant_id for line in lines}
    for line in lines:
        wanted.update(settings.alternatives.get(line.variant_id, ()))
    channel_stock = ChannelStock(tenant_id=order.tenant_id, channel_slug=order.channel_slug)
    stock = channel_stock.available(wanted)
    available = {
        line.saleor_id: stock.get(line.variant_id, 0) + _own_allocations(line) for line in lines
    }
    short = [line for line in lines if available[line.saleor_id] < needed[line.saleor_id]]
    siblings: dict[str, list] = {}
    if short:
        siblings = _siblings(
            order.tenant_id,
            {line.product_id for line in short if line.product_id},
            {line.variant_id for line in lines},
        )
        extra = {v for names in siblings.values() for v, _ in names} - set(stock)
        if extra:
            stock.update(channel_stock.available(extra))
    facts = []
    for line in lines:
        substitutes: list[Substitute] = []
        if line in short:
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
    """Two indexed reads: the customer's orders (by e-mail or Saleor user), and the orders to
    the same street and postal code in the window (by creation time)."""
    since = order.saleor_created_at - timedelta(hours=settings.window_hours)
    in_window = Q(saleor_created_at__gte=since, saleor_created_at__lte=order.saleor_created_at)
    tenant_orders = Order.objects.filter(tenant_id=order.tenant_id).exclude(pk=order.pk)
    customer = Q(pk__in=[])
    if order.user_email:
        # Saleor keeps customers' e-mails in lower case; an exact match uses the index.
        customer |= Q(user_email=order.user_email)
    if order.user_id:
        customer |= Q(user_id=order.user_id)
    counts = {"previous": 0, "email": 0, "unpaid": 0}
    if order.user_email or order.user_id:
        counts = tenant_orders.filter(customer).aggregate(
            previous=Count("pk", filter=Q(saleor_created_at__lt=order.saleor_created_at)),
            email=Count("pk", filter=in_window),
            unpaid=Count(
                "pk", filter=in_window & Q(status="CANCELED", charge_status__in=["NONE", ""])
            ),
        )
    to_address = 0
    shipping = Address.of(order.shipping_address)
    if shipping and shipping.street1 and shipping.postal_code:
        to_address = (
            tenant_orders.filter(in_window)
            .filter(
                shipping_address__postalCode=shipping.postal_code,
                shipping_address__streetAddress1__iexact=shipping.street1,
            )
            .count()
        )
    return History(
        previous_orders=counts["previous"],
        orders_from_email_in_window=counts["email"],
        orders_to_address_in_window=to_address,
        unpaid_cancelled_in_window=counts["unpaid"],
    )


def _metadata(order: Order) -> dict[str, str]:
    return {
        **{str(k): str(v) for k, v in (order.private_metadata or {}).items()},
        **{str(k): str(v) for k, v in (order.metadata or {}).items()},
    }


def order_facts(*, order: Order, settings: ScreeningSettings) -> OrderFacts:
    """What the checks read about ``order`` (a handful of queries, whatever its size)."""
    all_lines = list(order.lines.all())
    lines = _lines(order, all_lines, settings)
    requires_shipping = any(line.is_shipping_required for line in all_lines)
    return OrderFacts(
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
        lines=lines,
        history=_history(order, settings),
    )
