"""GraphQL types of ``insightsStock``: stock health per variant and location."""

from __future__ import annotations

from datetime import datetime

import graphene
from graphql import GraphQLResolveInfo
from graphql_relay import to_global_id

from saleor_oms_plugin.insights.stock_health import HealthFilter, StockHealth

OmsStockHealthFilter = graphene.Enum(
    "OmsStockHealthFilter",
    [(wanted.name, wanted.value) for wanted in HealthFilter],
    description=(
        "ALL: every stock level, by variant and location. STOCK_OUT: nothing available now, "
        "most stock-out days first. LOW_COVER: fewer days of cover than the stock_health "
        "setting low_cover_days, least first. AGED: no sale for aged_days, oldest first. "
        "OVERSTOCKED: units beyond overstock_days of demand, most first."
    ),
)


class OmsStockHealth(graphene.ObjectType):
    class Meta:
        description = (
            "One variant at one location: units on hand against demand, stock-outs, age, "
            "overstock, and whether it is a candidate for liquidation (with the reasons)."
        )

    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String()
    location_id = graphene.ID(required=True, description="The OmsLocation's ID.")
    location_name = graphene.String(required=True)
    on_hand = graphene.Int(required=True)
    available = graphene.Int(required=True, description="Units that may still be promised.")
    daily_demand = graphene.Float(
        description="Units per day: the demand forecast where current, else the sales velocity."
    )
    days_of_cover = graphene.Float(
        description="Days the units on hand last at that demand; null when nothing sells."
    )
    last_sold_at = graphene.DateTime()
    last_received_at = graphene.DateTime(description="The last movement that raised on hand.")
    aged_days = graphene.Int(
        description="Days without a sale (since the first movement when never sold); null "
        "with nothing on hand."
    )
    overstocked_units = graphene.Int(
        required=True, description="Units on hand beyond stockHealth.overstockDays of demand."
    )
    stock_out_days_last_30 = graphene.Int(
        required=True, description="Days of the last 30 (today included) with nothing available."
    )
    liquidation_candidate = graphene.Boolean(required=True, description="Aged or overstocked.")
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_variant_id(root: StockHealth, info: GraphQLResolveInfo) -> str:
        return root.facts.variant_id

    @staticmethod
    def resolve_sku(root: StockHealth, info: GraphQLResolveInfo) -> str | None:
        return root.facts.sku or None

    @staticmethod
    def resolve_location_id(root: StockHealth, info: GraphQLResolveInfo) -> str:
        return to_global_id("OmsLocation", root.facts.location_id)

    @staticmethod
    def resolve_location_name(root: StockHealth, info: GraphQLResolveInfo) -> str:
        return root.facts.location_name

    @staticmethod
    def resolve_on_hand(root: StockHealth, info: GraphQLResolveInfo) -> int:
        return root.facts.on_hand

    @staticmethod
    def resolve_available(root: StockHealth, info: GraphQLResolveInfo) -> int:
        return root.facts.available

    @staticmethod
    def resolve_daily_demand(root: StockHealth, info: GraphQLResolveInfo) -> float | None:
        return root.facts.daily_demand

    @staticmethod
    def resolve_days_of_cover(root: StockHealth, info: GraphQLResolveInfo) -> float | None:
        return root.facts.days_of_cover

    @staticmethod
    def resolve_last_sold_at(root: StockHealth, info: GraphQLResolveInfo) -> datetime | None:
        return root.facts.last_sold_at

    @staticmethod
    def resolve_last_received_at(root: StockHealth, info: GraphQLResolveInfo) -> datetime | None:
        return root.facts.last_received_at

    @staticmethod
    def resolve_stock_out_days_last_30(root: StockHealth, info: GraphQLResolveInfo) -> int:
        return root.facts.stock_out_days


class OmsInsightsStock(graphene.ObjectType):
    class Meta:
        description = "Stock health per variant and location, as of now."

    as_of = graphene.DateTime(required=True)
    stock_outs_last_30_days = graphene.Int(
        required=True,
        description="Stock levels (of the location asked for) out of stock on at least one day "
        "of the last 30, from the daily snapshots.",
    )
    items = graphene.List(graphene.NonNull(OmsStockHealth), required=True)
