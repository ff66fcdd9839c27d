"""Tenant-scoped reads of the return rollups: per product (variant) the units sold and returned
over a range, its return rate and top reasons; the top reasons overall; refunds per currency.

A fixed number of queries whatever the range or the number of products: the products, their
reasons, the reasons overall and the refunds, one each. Refunds are summed per currency only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum

from saleor_oms_plugin.insights.models import RefundRollup, ReturnReasonRollup, ReturnRollup
from saleor_oms_plugin.insights.selectors import DateRange

MAX_PRODUCTS = 500
REASONS_PER_PRODUCT = 3
REASONS_OVERALL = 10


@dataclass(frozen=True)
class ReasonCount:
    """Units returned for one reason."""

    reason: str
    count: int


@dataclass(frozen=True)
class ProductReturns:
    variant_id: str
    sku: str | None
    product_name: str | None
    units_sold: int
    units_returned: int
    top_reasons: list[ReasonCount]

    @property
    def return_rate(self) -> float | None:
        """Units returned / units sold in the range; None when none sold."""
        return self.units_returned / self.units_sold if self.units_sold else None


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class ReturnsReport:
    products: list[ProductReturns]
    refunds: list[MoneyTotal]
    top_reasons: list[ReasonCount]


def _in_range(
    model: type[ReturnRollup] | type[ReturnReasonRollup] | type[RefundRollup],
    tenant_id: int,
    within: DateRange,
    channel: str | None,
) -> QuerySet:
    condition = Q(tenant_id=tenant_id, day__gte=within.start, day__lte=within.end)
    if channel:
        condition &= Q(channel_slug=channel)
    return model.objects.filter(condition).order_by()


def _reasons(rows: QuerySet) -> list[ReasonCount]:
    return [ReasonCount(row["reason"], row["n"]) for row in rows]


def returns_report(
    *, tenant_id: int, within: DateRange, channel: str | None = None, first: int = 50
) -> ReturnsReport:
    """The products with units sold or returned in the range, most returned first (then most
    sold), at most ``first``; each with its top reasons."""
    grouped = (
        _in_range(ReturnRollup, tenant_id, within, channel)
        .values("variant_id")
        .annotate(
            sold=Sum("units_sold"),
            returned=Sum("units_returned"),
            sku_=Max("sku"),
            name=Max("product_name"),
        )
        .order_by("-returned", "-sold", "variant_id")[:first]
    )
    top = list(grouped)
    by_variant: dict[str, list[ReasonCount]] = defaultdict(list)
    if any(row["returned"] for row in top):
        reasons = (
            _in_range(ReturnReasonRollup, tenant_id, within, channel)
            .filter(variant_id__in=[row["variant_id"] for row in top if row["returned"]])
            .values("variant_id", "reason")
            .annotate(n=Sum("units"))
            .order_by("variant_id", "-n", "reason")
        )
        for row in reasons:
            by_variant[row["variant_id"]].append(ReasonCount(row["reason"], row["n"]))
    products = [
        ProductReturns(
            variant_id=row["variant_id"],
            sku=row["sku_"] or None,
            product_name=row["name"] or None,
            units_sold=row["sold"],
            units_returned=row["returned"],
            top_reasons=by_variant[row["variant_id"]][:REASONS_PER_PRODUCT],
        )
        for row in top
    ]
    overall = (
        _in_range(ReturnReasonRollup, tenant_id, within, channel)
        .values("reason")
        .annotate(n=Sum("units"))
        .order_by("-n", "reason")[:REASONS_OVERALL]
    )
    refunds = (
        _in_range(RefundRollup, tenant_id, within, channel)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return ReturnsReport(
        products=products,
        refunds=[MoneyTotal(row["currency"], row["total"]) for row in refunds],
        top_reasons=_reasons(overall),
    )
