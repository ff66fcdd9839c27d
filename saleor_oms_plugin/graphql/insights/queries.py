"""``insights``: order figures from the daily rollups, for viewers holding MANAGE_ORDERS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import graphene
from django.utils import timezone
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.insights.types import (
    PERMISSIONS,
    OmsDateRangeInput,
    OmsInsights,
    OmsInsightsGroupBy,
)
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.insights.selectors import (
    MAX_DAYS,
    Comparison,
    DateRange,
    GroupBy,
    InsightRow,
    insight_comparison,
    insight_rows,
)
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
        previous = within.previous()
        group = GroupBy(enum_value(group_by))
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
        )
