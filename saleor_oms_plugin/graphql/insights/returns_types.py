"""GraphQL types of ``insightsReturns``: per product (variant) units sold and returned, return
rate and top reasons; the top reasons overall and the refunds per currency."""

from __future__ import annotations

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.insights.types import OmsDateRange
from saleor_oms_plugin.insights.returns_selectors import ProductReturns


class OmsReasonCount(graphene.ObjectType):
    class Meta:
        description = "A return reason and the units returned for it."

    reason = graphene.String(required=True)
    count = graphene.Int(required=True, description="Units returned for this reason.")


class OmsMoneyTotal(graphene.ObjectType):
    class Meta:
        description = "An amount in one currency (never summed across currencies)."

    currency = graphene.String(required=True)
    amount = graphene.Decimal(required=True)


class OmsProductReturns(graphene.ObjectType):
    class Meta:
        description = (
            "A variant's units sold (orders created in the range, not cancelled) and returned "
            "(returns requested in the range, not rejected or cancelled)."
        )

    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String()
    product_name = graphene.String()
    units_sold = graphene.Int(required=True)
    units_returned = graphene.Int(required=True)
    return_rate = graphene.Float(description="unitsReturned / unitsSold; null when none sold.")
    top_reasons = graphene.List(
        graphene.NonNull(OmsReasonCount),
        required=True,
        description="Its three most given reasons, by units returned.",
    )

    @staticmethod
    def resolve_return_rate(root: ProductReturns, info: GraphQLResolveInfo) -> float | None:
        return root.return_rate


class OmsInsightsReturns(graphene.ObjectType):
    class Meta:
        description = "Returns and refunds over a range, from the daily return rollups."

    range = graphene.Field(graphene.NonNull(OmsDateRange))
    products = graphene.List(
        graphene.NonNull(OmsProductReturns),
        required=True,
        description="Most returned first (then most sold).",
    )
    refunds = graphene.List(
        graphene.NonNull(OmsMoneyTotal),
        required=True,
        description="Refunds of completed returns (requested in the range), per currency.",
    )
    top_reasons = graphene.List(
        graphene.NonNull(OmsReasonCount),
        required=True,
        description="The ten most given reasons overall, by units returned.",
    )
