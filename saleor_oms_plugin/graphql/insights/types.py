"""GraphQL types of the insights: figures per group and currency, and the comparison of a
range with the previous one. Everything needs MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS
from saleor_oms_plugin.insights.selectors import (
    Comparison,
    Durations,
    Figures,
    GroupBy,
    InsightRow,
)

PERMISSIONS = (MANAGE_ORDERS,)

OmsInsightsGroupBy = graphene.Enum(
    "OmsInsightsGroupBy", [(group.name, group.value) for group in GroupBy]
)


class OmsDateRangeInput(graphene.InputObjectType):
    gte = graphene.Date(
        required=True, description="The first day (the reporting time zone's), included."
    )
    lte = graphene.Date(
        required=True, description="The last day (the reporting time zone's), included."
    )


class OmsDateRange(graphene.ObjectType):
    gte = graphene.Date(required=True)
    lte = graphene.Date(required=True)


class OmsDurationPercentiles(graphene.ObjectType):
    class Meta:
        description = (
            "A cycle time over the orders that have both ends: how many, and its median and 90th "
            "percentile in hours, read from log-spaced histograms (within a factor of √2)."
        )

    count = graphene.Int(required=True)
    p50_hours = graphene.Float(description="Null without any order.")
    p90_hours = graphene.Float(description="Null without any order.")

    @staticmethod
    def resolve_count(root: Durations, info: GraphQLResolveInfo) -> int:
        return root.count


class OmsInsightsCycleTimes(graphene.ObjectType):
    class Meta:
        description = (
            "Paid (Saleor's first report of the order paid) → routed (its first plan decided) "
            "→ shipped (its first fulfilment that is not cancelled)."
        )

    paid_to_routed = graphene.Field(graphene.NonNull(OmsDurationPercentiles))
    routed_to_shipped = graphene.Field(graphene.NonNull(OmsDurationPercentiles))
    paid_to_shipped = graphene.Field(graphene.NonNull(OmsDurationPercentiles))


class OmsInsightsFigures(graphene.ObjectType):
    class Meta:
        description = (
            "Figures of orders (created in the range, not draft, expired or cancelled) in one "
            "currency: money is never summed across currencies."
        )

    orders = graphene.Int(required=True)
    cancelled_orders = graphene.Int(required=True)
    lines = graphene.Int(required=True)
    units = graphene.Int(required=True)
    gross_total = graphene.Decimal(required=True)
    net_total = graphene.Decimal(required=True)
    shipped_orders = graphene.Int(
        required=True, description="Orders with at least one fulfilment that is not cancelled."
    )
    split_orders = graphene.Int(required=True, description="Orders with more than one.")
    shipments = graphene.Int(required=True, description="Fulfilments that are not cancelled.")
    split_rate = graphene.Float(description="splitOrders / shippedOrders; null before any.")
    shipments_per_order = graphene.Float(description="shipments / shippedOrders; null before any.")
    units_shipped = graphene.Int(
        required=True, description="Units in those fulfilments (location rows only)."
    )
    first_plan_complete_orders = graphene.Int(
        required=True,
        description=(
            "Shipped orders whose first routing plan was their only one, applied, placing every "
            "unit, with no shipment short-picked, cancelled or refused."
        ),
    )
    fill_rate = graphene.Float(
        description="firstPlanCompleteOrders / shippedOrders; null before any."
    )
    routed_orders = graphene.Int(
        required=True, description="Orders with a plan shipment Saleor created."
    )
    routing_cost = graphene.Decimal(
        required=True,
        description="The cost of those shipments under the routing rate table, in the currency.",
    )
    routing_cost_per_order = graphene.Decimal(description="routingCost / routedOrders.")
    routing_saving = graphene.Decimal(
        required=True,
        description=(
            "What Saleor's own allocation (warehouses in the channel's order, line by line) of "
            "the same orders would have cost minus routingCost, in the currency; 0 on location "
            "rows."
        ),
    )
    ship_judged_orders = graphene.Int(
        required=True,
        description=(
            "Orders judged for shipping on time: by their promise once kept or broken, else, "
            "fully fulfilled, by the handling time of the location they shipped from."
        ),
    )
    shipped_with_promise = graphene.Int(
        required=True, description="Orders judged by their promise."
    )
    shipped_on_time = graphene.Int(required=True, description="Judged orders shipped on time.")
    on_time_rate = graphene.Float(description="shippedOnTime / shipJudgedOrders; null before any.")
    backordered_orders = graphene.Int(
        required=True, description="Orders whose newest plan left units it could not place."
    )
    backordered_units = graphene.Int(required=True, description="Those units.")
    short_picks = graphene.Int(
        required=True, description="Plan shipments their location could not pick in full."
    )
    cycle_times = graphene.Field(graphene.NonNull(OmsInsightsCycleTimes))

    @staticmethod
    def resolve_cycle_times(root: Figures, info: GraphQLResolveInfo) -> Figures:
        return root


class OmsInsightsRow(graphene.ObjectType):
    class Meta:
        description = "The figures of one group in one currency."

    period = graphene.Date(
        description="The first day of the day, week (Monday) or month; null by channel or location."
    )
    channel = graphene.String(description="The channel's slug when grouped by channel.")
    location = graphene.String(description="Saleor's warehouse id when grouped by location.")
    location_name = graphene.String(description="Its name when grouped by location.")
    currency = graphene.String(required=True)
    figures = graphene.Field(graphene.NonNull(OmsInsightsFigures))

    @staticmethod
    def resolve_channel(root: InsightRow, info: GraphQLResolveInfo) -> str | None:
        return root.channel_slug


class OmsInsightsComparison(graphene.ObjectType):
    class Meta:
        description = "A currency's totals over the range and over the previous range."

    currency = graphene.String(required=True)
    current = graphene.Field(graphene.NonNull(OmsInsightsFigures))
    previous = graphene.Field(graphene.NonNull(OmsInsightsFigures))


class OmsInsights(graphene.ObjectType):
    class Meta:
        description = "Order figures from the daily rollups kept on the server."

    range = graphene.Field(graphene.NonNull(OmsDateRange))
    previous_range = graphene.Field(
        graphene.NonNull(OmsDateRange),
        description="The range of the same length that ends the day before the range starts.",
    )
    rows = graphene.List(graphene.NonNull(OmsInsightsRow), required=True)
    totals = graphene.List(
        graphene.NonNull(OmsInsightsComparison),
        required=True,
        description="Per currency, the range's totals beside the previous range's.",
    )
    reporting_currency = graphene.String(description="The tenant's; null when unset.")
    reporting_totals = graphene.Field(
        OmsInsightsComparison,
        description="The totals converted into the reporting currency, each day's money at the "
        "rate valid that day (rounded once, at the end); null without a reporting currency.",
    )
    unconverted_currencies = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Currencies lacking a rate on some day: left out of reportingTotals.",
    )

    @staticmethod
    def resolve_reporting_currency(root: Any, info: GraphQLResolveInfo) -> str | None:
        return root.reporting.currency

    @staticmethod
    def resolve_reporting_totals(root: Any, info: GraphQLResolveInfo) -> Comparison | None:
        return root.reporting.totals

    @staticmethod
    def resolve_unconverted_currencies(root: Any, info: GraphQLResolveInfo) -> list[str]:
        return root.reporting.unconverted
