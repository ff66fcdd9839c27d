"""The rollup rows of a tenant's orders, computed from the order read model.

One function, :func:`rollup_rows`, serves the incremental update (one bucket) and the rebuild
(every bucket), so both give the same rows by construction; the property test holds them to it.
Draft and expired orders are not orders yet (or any more) and count nowhere; a cancelled order
counts only in ``cancelled_orders``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from saleor_oms_plugin.insights.models import DailyRollup
from saleor_oms_plugin.orders.models import Fulfillment, Order, OrderLine

CANCELLED = "CANCELED"
NOT_ORDERS = ("DRAFT", "EXPIRED")
FIGURES = (
    "orders",
    "cancelled_orders",
    "lines",
    "units",
    "gross_total",
    "net_total",
    "shipped_orders",
    "split_orders",
    "shipments",
    "units_shipped",
)


@dataclass(frozen=True)
class Bucket:
    """The orders of one UTC day, channel and currency: what one order's change recomputes."""

    day: date
    channel_slug: str
    currency: str

    @classmethod
    def of(cls, created_at: datetime, channel_slug: str, currency: str) -> Bucket:
        return cls(created_at.astimezone(UTC).date(), channel_slug, currency)


def _order_filter(tenant_id: int, bucket: Bucket | None, prefix: str = "") -> Q:
    """The tenant's orders (of ``bucket`` if given), from a model ``prefix`` away."""
    condition = Q(**{f"{prefix}tenant_id": tenant_id}) & ~Q(**{f"{prefix}status__in": NOT_ORDERS})
    if bucket is None:
        return condition
    start = datetime.combine(bucket.day, time.min, tzinfo=UTC)
    return condition & Q(
        **{
            f"{prefix}saleor_created_at__gte": start,
            f"{prefix}saleor_created_at__lt": start + timedelta(days=1),
            f"{prefix}channel_slug": bucket.channel_slug,
            f"{prefix}currency": bucket.currency,
        }
    )


def _count_of(subquery: Subquery) -> Coalesce:
    return Coalesce(subquery, Value(0), output_field=IntegerField())


def _money(field: str, condition: Q) -> Coalesce:
    return Coalesce(
        Sum(field, filter=condition),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=18, decimal_places=4),
    )


def _order_level(tenant_id: int, bucket: Bucket | None) -> list[DailyRollup]:
    lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
    shipments = (
        Fulfillment.objects.filter(order=OuterRef("pk"))
        .exclude(status=CANCELLED)
        .order_by()
        .values("order")
    )
    live = ~Q(status=CANCELLED)
    grouped = (
        Order.objects.filter(_order_filter(tenant_id, bucket))
        .order_by()
        .annotate(
            created_on=TruncDate("saleor_created_at", tzinfo=UTC),
            line_count=_count_of(Subquery(lines.annotate(n=Count("pk")).values("n"))),
            unit_count=_count_of(Subquery(lines.annotate(n=Sum("quantity")).values("n"))),
            shipment_count=_count_of(Subquery(shipments.annotate(n=Count("pk")).values("n"))),
        )
        .values("created_on", "channel_slug", "currency")
        .annotate(
            n_orders=Count("pk", filter=live),
            n_cancelled=Count("pk", filter=~live),
            n_lines=Coalesce(Sum("line_count", filter=live), 0),
            n_units=Coalesce(Sum("unit_count", filter=live), 0),
            n_shipments=Coalesce(Sum("shipment_count", filter=live), 0),
            n_shipped=Count("pk", filter=live & Q(shipment_count__gt=0)),
            n_split=Count("pk", filter=live & Q(shipment_count__gt=1)),
            gross=_money("total_gross", live),
            net=_money("total_net", live),
        )
    )
    return [
        DailyRollup(
            tenant_id=tenant_id,
            day=row["created_on"],
            channel_slug=row["channel_slug"],
            currency=row["currency"],
            warehouse_id="",
            orders=row["n_orders"],
            cancelled_orders=row["n_cancelled"],
            lines=row["n_lines"],
            units=row["n_units"],
            gross_total=row["gross"],
            net_total=row["net"],
            shipped_orders=row["n_shipped"],
            split_orders=row["n_split"],
            shipments=row["n_shipments"],
        )
        for row in grouped
    ]


def _location_level(tenant_id: int, bucket: Bucket | None) -> list[DailyRollup]:
    grouped = (
        Fulfillment.objects.filter(_order_filter(tenant_id, bucket, prefix="order__"))
        .exclude(order__status=CANCELLED)
        .exclude(status=CANCELLED)
        .exclude(warehouse_id="")
        .order_by()
        .annotate(created_on=TruncDate("order__saleor_created_at", tzinfo=UTC))
        .values("created_on", "order__channel_slug", "order__currency", "warehouse_id")
        .annotate(
            n_shipments=Count("pk", distinct=True),
            n_units=Coalesce(Sum("lines__quantity"), 0),
        )
    )
    return [
        DailyRollup(
            tenant_id=tenant_id,
            day=row["created_on"],
            channel_slug=row["order__channel_slug"],
            currency=row["order__currency"],
            warehouse_id=row["warehouse_id"],
            shipments=row["n_shipments"],
            units_shipped=row["n_units"],
        )
        for row in grouped
    ]


def rollup_rows(*, tenant_id: int, bucket: Bucket | None = None) -> list[DailyRollup]:
    """The rollup rows (unsaved) of the tenant's orders, or of one bucket's: the order-level
    row of each bucket, then a row for each location that shipped some of its orders."""
    return [*_order_level(tenant_id, bucket), *_location_level(tenant_id, bucket)]
