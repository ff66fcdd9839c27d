"""``insights``: order figures from the daily rollups, for viewers holding MANAGE_ORDERS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import graphene
from django.utils import timezone
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.insights.returns_stock import (
    STOCK_PERMISSIONS,
    InsightsReturns,
    insights_returns_resolve,
    insights_stock_resolve,
)
from saleor_oms_plugin.graphql.insights.returns_types import OmsInsightsReturns
from saleor_oms_plugin.graphql.insights.stock_types import OmsInsightsStock, OmsStockHealthFilter
from saleor_oms_plugin.graphql.insights.types import (
    PERMISSIONS,
    OmsDateRangeInput,
    OmsInsights,
    OmsInsightsGroupBy,
)
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.insights.returns_selectors import MAX_PRODUCTS
from saleor_oms_plugin.insights.selectors import (
    MAX_DAYS,
    Comparison,
    DateRange,
    GroupBy,
    InsightRow,
    Reporting,
    insight_comparison,
    insight_reporting,
    insight_rows,
)
from saleor_oms_plugin.insights.stock_health import HealthFilter
from saleor_oms_plugin.insights.stock_selectors import MAX_ITEMS, StockReport
from saleor_oms_plugin.insights.time_zones import reporting_time_zone

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class _Range:
    gte: Any
    lte: Any


@dataclass(frozen=True)
class Insights:
    range: _Range
    previous_range: _Range
    rows: list[InsightRow]
    totals: list[Comparison]
    # insight_reporting's arguments: read only when a reporting field is selected.
    reporting_of: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def reporting(self) -> Reporting:
        return insight_reporting(**self.reporting_of)


class InsightsQueries(graphene.ObjectType):
    insights = graphene.Field(
        graphene.NonNull(OmsInsights),
        range=graphene.Argument(
            OmsDateRangeInput,
            description=f"Days (of the reporting time zone) to report on; the last {DEFAULT_DAYS} days, today included, "
            "when left out.",
        ),
        group_by=graphene.Argument(OmsInsightsGroupBy, default_value=GroupBy.DAY.value),
        channel=graphene.String(description="Only this channel (slug)."),
        currency=graphene.String(description="Only this currency (ISO 4217 code)."),
        location_id=graphene.ID(
            description="Only this location (Saleor's warehouse id): its location figures."
        ),
        description=f"Order figures over a range of at most {MAX_DAYS} days, grouped and per "
        "currency, with the totals of the previous range of the same length. Requires "
        "MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_insights(
        root: Any,
        info: GraphQLResolveInfo,
        range: Any = None,
        group_by: Any = GroupBy.DAY.value,
        channel: str | None = None,
        currency: str | None = None,
        location_id: str | None = None,
    ) -> Insights:
        _, tenant = require_any(info, PERMISSIONS)
        if range is None:
            today = timezone.now().astimezone(ZoneInfo(reporting_time_zone(tenant.settings))).date()
            within = DateRange(today - timedelta(days=DEFAULT_DAYS - 1), today)
        else:
            within = DateRange(range.gte, range.lte)
        if not 1 <= within.days <= MAX_DAYS:
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS,
                f"The range must hold 1 to {MAX_DAYS} days (lte on or after gte).",
            )
        if within.start.year < 2:
            # The previous range (compared with) would begin before the first calendar day.
            raise OmsGraphQLError(
                OmsGraphQLErrorCode.INVALID_ARGUMENTS, "The range must start after year 1."
            )
        previous = within.previous()
        group = GroupBy(enum_value(group_by) or GroupBy.DAY.value)  # null: by day
        return Insights(
            range=_Range(within.start, within.end),
            previous_range=_Range(previous.start, previous.end),
            rows=insight_rows(
                tenant_id=tenant.pk,
                within=within,
                group_by=group,
                channel=channel,
                currency=currency,
                location_id=location_id,
            ),
            totals=insight_comparison(
                tenant_id=tenant.pk,
                within=within,
                channel=channel,
                currency=currency,
                location_id=location_id,
                by_location=group is GroupBy.LOCATION,
            ),
            reporting_of={
                "tenant_id": tenant.pk,
                "within": within,
                "channel": channel,
                "currency": currency,
            },
        )

    # -- returns and stock health ([ins-stock]) ------------------------------------------------

    insights_returns = graphene.Field(
        graphene.NonNull(OmsInsightsReturns),
        range=graphene.Argument(
            OmsDateRangeInput,
            description=f"Days (UTC) to report on; the last {DEFAULT_DAYS} days, today included, "
            "when left out.",
        ),
        channel=graphene.String(description="Only this channel (slug)."),
        first=graphene.Int(
            default_value=50, description=f"Products to return, 1 to {MAX_PRODUCTS}."
        ),
        description="Per product (variant): units sold and returned, return rate, top reasons; "
        "the top reasons overall and refunds per currency. Requires MANAGE_ORDERS.",
    )
    insights_stock = graphene.Field(
        graphene.NonNull(OmsInsightsStock),
        location_id=graphene.Argument(graphene.ID, description="Only this OmsLocation."),
        filter=graphene.Argument(OmsStockHealthFilter, default_value=HealthFilter.ALL.value),
        first=graphene.Int(default_value=100, description=f"Items to return, 1 to {MAX_ITEMS}."),
        description="Stock health per variant and location: cover, stock-outs, aged and "
        "overstocked. Requires MANAGE_PRODUCTS.",
    )

    @staticmethod
    def resolve_insights_returns(
        root: Any,
        info: GraphQLResolveInfo,
        range: Any = None,
        channel: str | None = None,
        first: int = 50,
    ) -> InsightsReturns:
        _, tenant = require_any(info, PERMISSIONS)
        return insights_returns_resolve(tenant=tenant, range=range, channel=channel, first=first)

    @staticmethod
    def resolve_insights_stock(
        root: Any,
        info: GraphQLResolveInfo,
        location_id: str | None = None,
        filter: Any = HealthFilter.ALL.value,
        first: int = 100,
    ) -> StockReport:
        _, tenant = require_any(info, STOCK_PERMISSIONS)
        return insights_stock_resolve(
            tenant=tenant, location_id=location_id, wanted=filter, first=first
        )
