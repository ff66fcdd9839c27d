"""The arguments of ``insightsReturns`` and ``insightsStock`` checked, and the selectors called.

Bad arguments are refused with INVALID_ARGUMENTS (a range of no days or too many, ``first``
out of bounds) or INVALID_ID (a location ID that is malformed, of another type, or not one of
the viewer's shop's locations: a foreign tenant's location is reported as unknown)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any

from django.utils import timezone

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS
from saleor_oms_plugin.insights.returns_selectors import (
    MAX_PRODUCTS,
    MoneyTotal,
    ProductReturns,
    ReasonCount,
    returns_report,
)
from saleor_oms_plugin.insights.selectors import MAX_DAYS, DateRange
from saleor_oms_plugin.insights.stock_health import HealthFilter
from saleor_oms_plugin.insights.stock_selectors import (
    MAX_ITEMS,
    StockReport,
    UnknownLocation,
    stock_report,
)
from saleor_oms_plugin.tenants.models import Tenant

STOCK_PERMISSIONS = (MANAGE_PRODUCTS,)
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class _Range:
    gte: date
    lte: date


@dataclass(frozen=True)
class InsightsReturns:
    range: _Range
    products: list[ProductReturns]
    refunds: list[MoneyTotal]
    top_reasons: list[ReasonCount]


def _invalid(message: str) -> OmsGraphQLError:
    return OmsGraphQLError(OmsGraphQLErrorCode.INVALID_ARGUMENTS, message)


def _within(range: Any) -> DateRange:
    if range is None:
        today = timezone.now().astimezone(UTC).date()
        return DateRange(today - timedelta(days=DEFAULT_DAYS - 1), today)
    within = DateRange(range.gte, range.lte)
    if not 1 <= within.days <= MAX_DAYS:
        raise _invalid(f"The range must hold 1 to {MAX_DAYS} days (lte on or after gte).")
    return within


def _first(first: int | None, most: int) -> int:
    if first is None or not 1 <= first <= most:
        raise _invalid(f"first must be 1 to {most}.")
    return first


def insights_returns_resolve(
    *, tenant: Tenant, range: Any, channel: str | None, first: int | None
) -> InsightsReturns:
    within = _within(range)
    report = returns_report(
        tenant_id=tenant.pk,
        within=within,
        channel=channel,
        first=_first(first, MAX_PRODUCTS),
    )
    return InsightsReturns(
        range=_Range(within.start, within.end),
        products=report.products,
        refunds=report.refunds,
        top_reasons=report.top_reasons,
    )


def insights_stock_resolve(
    *, tenant: Tenant, location_id: str | None, wanted: Any, first: int | None
) -> StockReport:
    count = _first(first, MAX_ITEMS)
    location_pk = location_pk_or_none(location_id)
    try:
        return stock_report(
            tenant=tenant,
            location_id=location_pk,
            wanted=HealthFilter(enum_value(wanted)),
            first=count,
            now=timezone.now(),
        )
    except UnknownLocation:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ID, f"No location {location_id!r} in this shop."
        ) from None
