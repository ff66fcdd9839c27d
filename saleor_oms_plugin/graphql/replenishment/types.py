"""GraphQL types of replenishment: settings, alerts, cover and purchase suggestions.

Everything needs MANAGE_PRODUCTS, Saleor's permission for stock.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils import timezone
from graphql import GraphQLError, GraphQLResolveInfo

from saleor_oms_plugin.forecasting.cover import demand_over, remaining
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.inventory.types import OmsStockLevel
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, require_any
from saleor_oms_plugin.replenishment.error_codes import ReplenishmentErrorCode
from saleor_oms_plugin.replenishment.forecasts import DemandSource
from saleor_oms_plugin.replenishment.models import (
    DemandForecast,
    ReplenishmentSetting,
    StockAlert,
)
from saleor_oms_plugin.replenishment.selectors import alert_get, setting_get

PERMISSIONS = (MANAGE_PRODUCTS,)

OmsReplenishmentErrorCode = graphene.Enum(
    "OmsReplenishmentErrorCode", [(code.name, code.value) for code in ReplenishmentErrorCode]
)
OmsReplenishmentError: Any = error_type("OmsReplenishmentError", OmsReplenishmentErrorCode)
OmsStockAlertKind = graphene.Enum("OmsStockAlertKind", [(k.name, k.value) for k in StockAlert.Kind])
OmsStockAlertState = graphene.Enum(
    "OmsStockAlertState", [(s.name, s.value) for s in StockAlert.State]
)


class OmsReplenishmentSetting(graphene.ObjectType):
    location = graphene.Field(graphene.NonNull(OmsLocation))
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    reorder_point = graphene.Int(required=True, description="Low stock at or below this.")
    target_level = graphene.Int(required=True, description="What a purchase tops up to.")
    lead_time_days = graphene.Int(required=True)
    on_order = graphene.Int(required=True, description="Units ordered, not yet received.")
    supplier = graphene.String(required=True)
    notes = graphene.String(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "Reorder point, target level and lead time of a variant at a location."

    is_type_of = instances_of(ReplenishmentSetting)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> ReplenishmentSetting | None:
        _, tenant = require_any(info, PERMISSIONS)
        return setting_get(tenant_id=tenant.pk, pk=id)


class OmsReplenishmentSettingConnection(OmsCountableConnection):
    class Meta:
        node = OmsReplenishmentSetting
        strict_types = True


class OmsStockAlert(graphene.ObjectType):
    stock = graphene.Field(graphene.NonNull(OmsStockLevel))
    kind = graphene.Field(graphene.NonNull(OmsStockAlertKind))
    state = graphene.Field(graphene.NonNull(OmsStockAlertState))
    facts = graphene.JSONString(
        required=True,
        description="What was seen when it opened: quantity (available), "
        "reorderPoint, daysOfCover, leadTimeDays…",
    )
    opened_at = graphene.DateTime(required=True)
    acknowledged_at = graphene.DateTime()
    acknowledged_by = graphene.String(required=True)
    resolved_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "Low, out of, or about to run out of stock; resolved when it recovers."

    is_type_of = instances_of(StockAlert)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> StockAlert | None:
        _, tenant = require_any(info, PERMISSIONS)
        return alert_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_kind(root: StockAlert, info: GraphQLResolveInfo) -> str:
        return str(root.kind)

    @staticmethod
    def resolve_state(root: StockAlert, info: GraphQLResolveInfo) -> str:
        return str(root.state)


class OmsStockAlertConnection(OmsCountableConnection):
    class Meta:
        node = OmsStockAlert
        strict_types = True


OmsDemandSource = graphene.Enum(
    "OmsDemandSource",
    [(s.name, s.value) for s in DemandSource],
    description="What days of cover and reorder points were computed from.",
)
MAX_NEXT_DAYS = 366


class OmsDemandForecast(graphene.ObjectType):
    method = graphene.String(
        required=True,
        description="The method that won the backtest: ewma (the sales velocity), naive "
        "(seasonal naive), ets, ets_damped, ets_yearly (exponential smoothing with weekly "
        "seasonality; damped trend; yearly pattern), croston, sba, tsb (intermittent demand).",
    )
    demand_class = graphene.String(
        required=True, description="smooth, erratic, intermittent, lumpy or none (ADI/CV²)."
    )
    starts_on = graphene.Date(required=True, description="The day of daily[0].")
    daily = graphene.List(
        graphene.NonNull(graphene.Float), required=True, description="Units per day."
    )
    next_days_demand = graphene.Float(
        required=True,
        days=graphene.Int(default_value=7),
        description="Units forecast over the next `days` days from today (1…366).",
    )
    history_days = graphene.Int(required=True)
    backtest_windows = graphene.Int(
        required=True, description="Rolling windows scored; 0: too short, EWMA kept."
    )
    wape = graphene.Float(description="Backtest WAPE of the method; null: no sales scored.")
    mase = graphene.Float(description="Backtest MASE (over the seasonal naive forecast).")
    ewma_wape = graphene.Float(description="Backtest WAPE of the sales velocity (EWMA).")
    naive_wape = graphene.Float(description="Backtest WAPE of the seasonal naive forecast.")
    wape_vs_ewma = graphene.Float(description="wape / ewmaWape: below 1, better than velocity.")
    computed_at = graphene.DateTime(required=True)

    class Meta:
        description = "Daily demand forecast of a variant at a location, recomputed daily."

    @staticmethod
    def resolve_next_days_demand(
        root: DemandForecast, info: GraphQLResolveInfo, days: int
    ) -> float:
        if not 1 <= days <= MAX_NEXT_DAYS:
            raise GraphQLError(f"days: between 1 and {MAX_NEXT_DAYS}.")
        left = remaining(root.daily, root.starts_on, timezone.now().date()) or []
        return round(demand_over(left, days), 4) if left else 0.0

    @staticmethod
    def resolve_wape_vs_ewma(root: DemandForecast, info: GraphQLResolveInfo) -> float | None:
        if root.wape is None or not root.ewma_wape:
            return None
        return root.wape / root.ewma_wape


class OmsStockCover(graphene.ObjectType):
    stock = graphene.Field(graphene.NonNull(OmsStockLevel))
    units_per_day = graphene.Float(
        description="Sales velocity (EW, 7-day half-life); null: not a whole day observed yet."
    )
    days_of_cover = graphene.Float(description="available / unitsPerDay; null: nothing sells.")
    run_out_on = graphene.Date(description="When it runs out at this pace; null: never.")
    runs_out_before_restock = graphene.Boolean(
        required=True, description="Days of cover shorter than the lead time."
    )
    source = graphene.Field(graphene.NonNull(OmsDemandSource))
    forecast = graphene.Field(
        OmsDemandForecast, description="The current demand forecast; null: velocity is used."
    )
    lead_time_demand = graphene.Float(description="Forecast units over the lead time.")

    @staticmethod
    def resolve_runs_out_before_restock(root: Any, info: GraphQLResolveInfo) -> bool:
        return bool(root.runs_out_before_restock)

    @staticmethod
    def resolve_source(root: Any, info: GraphQLResolveInfo) -> str:
        return str(root.source)


class OmsPurchaseSuggestion(graphene.ObjectType):
    stock = graphene.Field(graphene.NonNull(OmsStockLevel))
    available = graphene.Int(required=True)
    reorder_point = graphene.Int(required=True)
    target_level = graphene.Int(required=True)
    inbound = graphene.Int(required=True, description="On order plus in transit.")
    quantity = graphene.Int(
        required=True,
        description="max(targetLevel, reorderPointUsed) - (available + inbound).",
    )
    lead_time_days = graphene.Int(required=True)
    supplier = graphene.String(required=True)
    units_per_day = graphene.Float()
    days_of_cover = graphene.Float()
    run_out_on = graphene.Date()
    arrives_on = graphene.Date(required=True, description="Ordered today: today + lead time.")
    runs_out_before_restock = graphene.Boolean(required=True)
    source = graphene.Field(graphene.NonNull(OmsDemandSource))
    forecast = graphene.Field(OmsDemandForecast)
    lead_time_demand = graphene.Float(description="Forecast units over the lead time.")
    reorder_point_used = graphene.Int(
        required=True,
        description="reorderPoint, raised to the forecast demand over the lead time when "
        "there is a forecast; the quantity tops up to max(targetLevel, this).",
    )

    @staticmethod
    def resolve_runs_out_before_restock(root: Any, info: GraphQLResolveInfo) -> bool:
        return bool(root.runs_out_before_restock)

    @staticmethod
    def resolve_source(root: Any, info: GraphQLResolveInfo) -> str:
        return str(root.source)
