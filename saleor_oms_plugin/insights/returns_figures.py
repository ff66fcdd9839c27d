"""The return rollup rows of a tenant, computed from the order read model and the returns.

One function, :func:`return_rows`, serves the incremental update (one bucket: a UTC day and a
channel) and the rebuild (every bucket), so both give the same rows by construction; the
property test holds them to it. What counts:

* units sold: the lines of the orders created that day that are orders (not draft or expired)
  and not cancelled, per variant, as ``DailyRollup`` counts units;
* units returned and their reasons: the lines of the returns requested that day that are not
  rejected or cancelled (``returns.transitions.ACTIVE_STATUSES``), per variant of the order line;
* refunds: the completed returns resolved by a refund, per currency of the return (the order's),
  with the amount refunded; money is grouped by currency and never summed across currencies.

Lines without a variant (deleted in Saleor) count nowhere: there is no product to report on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate

from saleor_oms_plugin.insights.models import RefundRollup, ReturnReasonRollup, ReturnRollup
from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.returns.models import Resolution, ReturnLine, ReturnRequest
from saleor_oms_plugin.returns.transitions import ACTIVE_STATUSES

NOT_SOLD = ("DRAFT", "EXPIRED", "CANCELED")


@dataclass(frozen=True, order=True)
class ReturnBucket:
    """What one event recomputes: one UTC day of one channel."""

    day: date
    channel_slug: str

    @classmethod
    def of(cls, moment: datetime, channel_slug: str) -> ReturnBucket:
        return cls(moment.astimezone(UTC).date(), channel_slug)

    def window(self, field_name: str) -> Q:
        start = datetime.combine(self.day, time.min, tzinfo=UTC)
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": start + timedelta(days=1)})


@dataclass
class ReturnRows:
    """The unsaved rows of the three return rollup tables."""

    rollups: list[ReturnRollup] = field(default_factory=list)
    reasons: list[ReturnReasonRollup] = field(default_factory=list)
    refunds: list[RefundRollup] = field(default_factory=list)


def _sales(tenant_id: int, bucket: ReturnBucket | None) -> list[dict[str, Any]]:
    lines = OrderLine.objects.filter(order__tenant_id=tenant_id).exclude(variant_id="")
    lines = lines.exclude(order__status__in=NOT_SOLD)
    if bucket is not None:
        lines = lines.filter(bucket.window("order__saleor_created_at"))
        lines = lines.filter(order__channel_slug=bucket.channel_slug)
    grouped = (
        lines.order_by()
        .annotate(day=TruncDate("order__saleor_created_at", tzinfo=UTC))
        .values("day", "order__channel_slug", "variant_id")
        .annotate(units=Sum("quantity"), sku_=Max("sku"), name=Max("product_name"))
    )
    return [dict(row) for row in grouped]


def _returned_lines(tenant_id: int, bucket: ReturnBucket | None):  # noqa: ANN202
    lines = ReturnLine.objects.filter(
        request__tenant_id=tenant_id, request__status__in=ACTIVE_STATUSES
    ).exclude(order_line__variant_id="")
    if bucket is not None:
        lines = lines.filter(bucket.window("request__created_at"))
        lines = lines.filter(request__order__channel_slug=bucket.channel_slug)
    return lines.order_by().annotate(day=TruncDate("request__created_at", tzinfo=UTC))


def _refunds(tenant_id: int, bucket: ReturnBucket | None) -> list[RefundRollup]:
    requests = ReturnRequest.objects.filter(
        tenant_id=tenant_id,
        status=ReturnRequest.Status.COMPLETED,
        resolution=Resolution.REFUND,
        refund_amount__isnull=False,
    )
    if bucket is not None:
        requests = requests.filter(bucket.window("created_at"))
        requests = requests.filter(order__channel_slug=bucket.channel_slug)
    grouped = (
        requests.order_by()
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day", "order__channel_slug", "currency")
        .annotate(n=Count("pk"), total=Sum("refund_amount"))
    )
    return [
        RefundRollup(
            tenant_id=tenant_id,
            day=row["day"],
            channel_slug=row["order__channel_slug"],
            currency=row["currency"],
            refunds=row["n"],
            amount=row["total"] or Decimal(0),
        )
        for row in grouped
    ]


def return_rows(*, tenant_id: int, bucket: ReturnBucket | None = None) -> ReturnRows:
    """The return rollup rows (unsaved) of the tenant, or of one bucket."""
    rows: dict[tuple, ReturnRollup] = {}

    def row_of(day: date, channel: str, variant: str) -> ReturnRollup:
        key = (day, channel, variant)
        if key not in rows:
            rows[key] = ReturnRollup(
                tenant_id=tenant_id, day=day, channel_slug=channel, variant_id=variant
            )
        return rows[key]

    def label(row: ReturnRollup, sku: str | None, name: str | None) -> None:
        row.sku = max(row.sku, sku or "")
        row.product_name = max(row.product_name, name or "")

    for sold in _sales(tenant_id, bucket):
        row = row_of(sold["day"], sold["order__channel_slug"], sold["variant_id"])
        row.units_sold = sold["units"]
        label(row, sold["sku_"], sold["name"])
    lines = _returned_lines(tenant_id, bucket)
    keys = ("day", "request__order__channel_slug", "order_line__variant_id")
    for returned in lines.values(*keys).annotate(
        units=Sum("quantity"), sku_=Max("order_line__sku"), name=Max("order_line__product_name")
    ):
        row = row_of(*(returned[key] for key in keys))
        row.units_returned = returned["units"]
        label(row, returned["sku_"], returned["name"])
    reasons = [
        ReturnReasonRollup(
            tenant_id=tenant_id,
            day=reason["day"],
            channel_slug=reason["request__order__channel_slug"],
            variant_id=reason["order_line__variant_id"],
            reason=reason["reason"],
            units=reason["units"],
        )
        for reason in lines.values(*keys, "reason").annotate(units=Sum("quantity"))
    ]
    return ReturnRows(list(rows.values()), reasons, _refunds(tenant_id, bucket))
