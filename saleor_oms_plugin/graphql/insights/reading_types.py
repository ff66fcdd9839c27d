"""GraphQL types of reading the insights: drill-down orders, exports, exchange rates and report
schedules. Everything needs MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.insights.types import PERMISSIONS
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.insights.drill import Drill
from saleor_oms_plugin.insights.error_codes import InsightsErrorCode
from saleor_oms_plugin.insights.exports import ExportFormat
from saleor_oms_plugin.insights.models import ExchangeRate, ReportSchedule
from saleor_oms_plugin.insights.schedules import next_send_at
from saleor_oms_plugin.insights.time_zones import reporting_time_zone
from saleor_oms_plugin.orders.models import Order

OmsInsightsErrorCode = graphene.Enum(
    "OmsInsightsErrorCode", [(code.name, code.value) for code in InsightsErrorCode]
)
OmsInsightsError: Any = error_type("OmsInsightsError", OmsInsightsErrorCode)
OmsInsightsDrill = graphene.Enum("OmsInsightsDrill", [(d.name, d.value) for d in Drill])
OmsExportFormat = graphene.Enum("OmsExportFormat", [(f.name, f.value) for f in ExportFormat])
OmsReportFrequency = graphene.Enum(
    "OmsReportFrequency", [(f.name, f.value) for f in ReportSchedule.Frequency]
)


class OmsInsightsOrder(graphene.ObjectType):
    class Meta:
        description = "An order behind a figure of the insights."

    saleor_id = graphene.ID(required=True)
    number = graphene.String(required=True)
    channel = graphene.String(required=True)
    currency = graphene.String(required=True)
    total = graphene.Decimal(required=True, description="Total with taxes, in its currency.")
    status = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    shipments = graphene.Int(required=True, description="Fulfilments that are not cancelled.")

    @staticmethod
    def resolve_channel(root: Order, info: GraphQLResolveInfo) -> str:
        return root.channel_slug

    @staticmethod
    def resolve_total(root: Order, info: GraphQLResolveInfo) -> Any:
        return root.total_gross

    @staticmethod
    def resolve_created_at(root: Order, info: GraphQLResolveInfo) -> Any:
        return root.saleor_created_at

    @staticmethod
    def resolve_shipments(root: Any, info: GraphQLResolveInfo) -> int:
        return int(root.shipment_count)


class OmsInsightsOrderConnection(OmsCountableConnection):
    class Meta:
        node = OmsInsightsOrder
        # [OmsInsightsOrderEdge!]! and node: OmsInsightsOrder!, as agreed with the Dashboard.
        strict_types = True


class OmsExchangeRate(graphene.ObjectType):
    class Meta:
        description = (
            "1 unit of currency is worth rate units of reportingCurrency from validFrom until "
            "the next rate of the currency."
        )

    id = graphene.ID(required=True)
    currency = graphene.String(required=True)
    reporting_currency = graphene.String(required=True)
    rate = graphene.Decimal(required=True)
    valid_from = graphene.Date(required=True)

    @staticmethod
    def resolve_id(root: ExchangeRate, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsExchangeRate", root.pk)

    @staticmethod
    def resolve_rate(root: ExchangeRate, info: GraphQLResolveInfo) -> Any:
        return root.rate.normalize()


class OmsInsightsReportSchedule(graphene.ObjectType):
    class Meta:
        description = (
            "An e-mail report of the last complete day, week (Monday to Sunday) or month, with "
            "the export attached and the totals beside the period before's."
        )

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    recipients = graphene.List(graphene.NonNull(graphene.String), required=True)
    frequency = graphene.Field(OmsReportFrequency, required=True)
    format = graphene.Field(OmsExportFormat, required=True)
    channel = graphene.String(description="Only this channel (slug); null for all.")
    last_sent_at = graphene.DateTime()
    next_send_at = graphene.DateTime(
        required=True,
        description="When the next report goes out: once its period (days of the reporting "
        "time zone) is over there.",
    )

    @staticmethod
    def resolve_id(root: ReportSchedule, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsInsightsReportSchedule", root.pk)

    @staticmethod
    def resolve_channel(root: ReportSchedule, info: GraphQLResolveInfo) -> str | None:
        return root.channel_slug or None

    @staticmethod
    def resolve_next_send_at(root: ReportSchedule, info: GraphQLResolveInfo) -> Any:
        _, tenant = require_any(info, PERMISSIONS)
        return next_send_at(root, reporting_time_zone(tenant.settings))
