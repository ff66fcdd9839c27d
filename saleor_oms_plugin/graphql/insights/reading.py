"""Reading the insights beyond the figures: the orders behind a figure, exports behind signed
links, the exchange rates and the report schedules. Everything needs MANAGE_ORDERS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import graphene
from django.conf import settings
from django.utils import timezone
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.download import OmsDownload
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_from_queryset
from saleor_oms_plugin.graphql.errors import OmsGraphQLError, OmsGraphQLErrorCode
from saleor_oms_plugin.graphql.insights.queries import DEFAULT_DAYS
from saleor_oms_plugin.graphql.insights.reading_types import (
    OmsExchangeRate,
    OmsExportFormat,
    OmsInsightsDrill,
    OmsInsightsOrderConnection,
    OmsInsightsReportSchedule,
)
from saleor_oms_plugin.graphql.insights.types import (
    PERMISSIONS,
    OmsDateRangeInput,
    OmsInsightsGroupBy,
)
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.insights.currencies import exchange_rates_list
from saleor_oms_plugin.insights.drill import Drill, insight_orders
from saleor_oms_plugin.insights.exports import (
    LINK_MAX_AGE,
    ExportFormat,
    ExportSpec,
    export_url,
)
from saleor_oms_plugin.insights.models import ExchangeRate, ReportSchedule
from saleor_oms_plugin.insights.schedules import report_schedules_list
from saleor_oms_plugin.insights.selectors import MAX_DAYS, DateRange, GroupBy
from saleor_oms_plugin.insights.time_zones import local_date, reporting_time_zone


def within_of(range: Any, tenant: Any) -> DateRange:
    """The days a ``range`` argument names (the last DEFAULT_DAYS when left out, ending today
    in the tenant's reporting time zone, whose days the figures are counted in), checked."""
    if range is None:
        today = local_date(timezone.now(), reporting_time_zone(tenant.settings))
        within = DateRange(today - timedelta(days=DEFAULT_DAYS - 1), today)
    else:
        within = DateRange(range.gte, range.lte)
    if not 1 <= within.days <= MAX_DAYS:
        raise OmsGraphQLError(
            OmsGraphQLErrorCode.INVALID_ARGUMENTS,
            f"The range must hold 1 to {MAX_DAYS} days (lte on or after gte).",
        )
    return within


class InsightsReadingQueries(graphene.ObjectType):
    insights_orders = graphene.Field(
        graphene.NonNull(OmsInsightsOrderConnection),
        range=graphene.Argument(OmsDateRangeInput, required=True),
        figure=graphene.Argument(OmsInsightsDrill, default_value=Drill.ORDERS.value),
        channel=graphene.String(),
        currency=graphene.String(),
        location_id=graphene.ID(description="Only orders this location shipped some of."),
        first=graphene.Int(default_value=50),
        after=graphene.String(),
        description="Orders behind a figure (drill-down), newest first: as many as the figure "
        "counts over the range (days in the reporting time zone), channel and currency. A rate "
        "lists the orders that keep it from 100 % (NOT_FIRST_PLAN_COMPLETE: fill rate, LATE: "
        "on-time rate). The figures counted per order only (NOT_FIRST_PLAN_COMPLETE, LATE, "
        "BACKORDERED) are refused with a locationId (FIGURE_NOT_AVAILABLE). Requires "
        "MANAGE_ORDERS.",
    )
    insights_export = graphene.Field(
        graphene.NonNull(OmsDownload),
        range=graphene.Argument(
            OmsDateRangeInput, description=f"The last {DEFAULT_DAYS} days when left out."
        ),
        group_by=graphene.Argument(OmsInsightsGroupBy, default_value=GroupBy.DAY.value),
        channel=graphene.String(),
        currency=graphene.String(),
        format=graphene.Argument(OmsExportFormat, required=True),
        description="A signed, short-lived download link of the insights as CSV or XLSX "
        f"(valid {int(LINK_MAX_AGE.total_seconds() // 60)} minutes). With a reporting currency, "
        "each line's money also converted into it (reporting.* columns, at each day's rate; "
        "empty, with reporting.missing_rate naming the rate wanted, when a day lacks one). "
        "Requires MANAGE_ORDERS.",
    )
    exchange_rates = graphene.List(
        graphene.NonNull(OmsExchangeRate),
        required=True,
        currency=graphene.String(),
        first=graphene.Int(default_value=100),
        description="Dated exchange rates the merchant keeps, newest first. Requires "
        "MANAGE_ORDERS.",
    )
    insights_report_schedules = graphene.List(
        graphene.NonNull(OmsInsightsReportSchedule),
        required=True,
        description="Scheduled e-mail reports. Requires MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_insights_orders(
        root: Any,
        info: GraphQLResolveInfo,
        range: Any,
        figure: Any = Drill.ORDERS.value,
        channel: str | None = None,
        currency: str | None = None,
        location_id: str | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Any:
        _, tenant = require_any(info, PERMISSIONS)
        # A refusal (FIGURE_NOT_AVAILABLE, NOT_FOUND) is a top-level error with its code.
        orders = insight_orders(
            tenant_id=tenant.pk,
            within=within_of(range, tenant),
            figure=Drill(enum_value(figure or Drill.ORDERS.value)),
            channel=channel,
            currency=currency,
            location_id=location_pk_or_none(location_id),
        )
        return connection_from_queryset(
            orders, OmsInsightsOrderConnection, first=first, after=after
        )

    @staticmethod
    def resolve_insights_export(
        root: Any,
        info: GraphQLResolveInfo,
        format: Any,
        range: Any = None,
        group_by: Any = GroupBy.DAY.value,
        channel: str | None = None,
        currency: str | None = None,
    ) -> OmsDownload:
        _, tenant = require_any(info, PERMISSIONS)
        spec = ExportSpec(
            tenant_id=tenant.pk,
            within=within_of(range, tenant),
            group_by=GroupBy(enum_value(group_by or GroupBy.DAY.value)),
            format=ExportFormat(enum_value(format)),
            channel=channel or None,
            currency=currency.strip().upper() if currency else None,
        )
        return OmsDownload(
            url=export_url(spec),
            filename=spec.filename,
            content_type=spec.content_type,
            expires_at=timezone.now() + LINK_MAX_AGE,
        )

    @staticmethod
    def resolve_exchange_rates(
        root: Any, info: GraphQLResolveInfo, currency: str | None = None, first: int | None = 100
    ) -> list[ExchangeRate]:
        _, tenant = require_any(info, PERMISSIONS)
        limit = 100 if first is None else min(first, settings.GRAPHQL_MAX_PAGE_SIZE)
        return exchange_rates_list(tenant_id=tenant.pk, currency=currency, limit=limit)

    @staticmethod
    def resolve_insights_report_schedules(
        root: Any, info: GraphQLResolveInfo
    ) -> list[ReportSchedule]:
        _, tenant = require_any(info, PERMISSIONS)
        return report_schedules_list(tenant_id=tenant.pk)
