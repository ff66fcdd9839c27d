"""Replenishment settings, alerts, days of cover and purchase suggestions (MANAGE_PRODUCTS)."""

from __future__ import annotations

from typing import Any

import graphene
from django.utils import timezone
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.graphql.replenishment.types import (
    PERMISSIONS,
    OmsPurchaseSuggestion,
    OmsReplenishmentSettingConnection,
    OmsStockAlertConnection,
    OmsStockAlertKind,
    OmsStockAlertState,
    OmsStockCover,
)
from saleor_oms_plugin.inventory.selectors import stock_level_list
from saleor_oms_plugin.replenishment.selectors import (
    Cover,
    PurchaseSuggestion,
    alert_list,
    cover_of,
    purchase_suggestions,
    setting_list,
    suggestions_csv,
)

UNRESOLVED = ["OPEN", "ACKNOWLEDGED"]


class ReplenishmentQueries(graphene.ObjectType):
    replenishment_settings = graphene.Field(
        graphene.NonNull(OmsReplenishmentSettingConnection),
        description="Reorder settings by variant, then location. Requires MANAGE_PRODUCTS.",
        **connection_args(location_id=graphene.ID(), variant_id=graphene.String()),
    )
    stock_alerts = graphene.Field(
        graphene.NonNull(OmsStockAlertConnection),
        description="Stock alerts, newest first; unresolved ones unless states are given. "
        "Requires MANAGE_PRODUCTS.",
        **connection_args(
            states=graphene.List(graphene.NonNull(OmsStockAlertState)),
            kind=OmsStockAlertKind(),
            location_id=graphene.ID(),
        ),
    )
    stock_cover = graphene.List(
        graphene.NonNull(OmsStockCover),
        required=True,
        variant_id=graphene.String(required=True),
        description="Sales velocity and days of cover of a variant at each location. "
        "Requires MANAGE_PRODUCTS.",
    )
    purchase_suggestions = graphene.List(
        graphene.NonNull(OmsPurchaseSuggestion),
        required=True,
        location_id=graphene.ID(),
        description="What to buy, soonest run-out first. Requires MANAGE_PRODUCTS.",
    )
    purchase_suggestions_csv = graphene.String(
        required=True,
        location_id=graphene.ID(),
        description="The same suggestions as CSV (a header row, one row each).",
    )

    @staticmethod
    def resolve_replenishment_settings(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        location_id: str | None = None,
        variant_id: str | None = None,
    ) -> OmsReplenishmentSettingConnection:
        _, tenant = require_any(info, PERMISSIONS)
        rows = setting_list(
            tenant_id=tenant.pk,
            location_id=location_pk_or_none(location_id),
            variant_id=variant_id,
        )
        return connection_from_queryset(
            rows, OmsReplenishmentSettingConnection, first=first, after=after
        )

    @staticmethod
    def resolve_stock_alerts(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        states: list[Any] | None = None,
        kind: Any = None,
        location_id: str | None = None,
    ) -> OmsStockAlertConnection:
        _, tenant = require_any(info, PERMISSIONS)
        alerts = alert_list(
            tenant_id=tenant.pk,
            states=[enum_value(s) for s in states] if states else UNRESOLVED,
            kind=enum_value(kind),
            location_id=location_pk_or_none(location_id),
        )
        return connection_from_queryset(alerts, OmsStockAlertConnection, first=first, after=after)

    @staticmethod
    def resolve_stock_cover(root: Any, info: GraphQLResolveInfo, variant_id: str) -> list[Cover]:
        _, tenant = require_any(info, PERMISSIONS)
        stocks = list(stock_level_list(tenant_id=tenant.pk, variant_ids=[variant_id]))
        return cover_of(tenant=tenant, stocks=stocks, today=timezone.now().date())

    @staticmethod
    def resolve_purchase_suggestions(
        root: Any, info: GraphQLResolveInfo, location_id: str | None = None
    ) -> list[PurchaseSuggestion]:
        _, tenant = require_any(info, PERMISSIONS)
        return purchase_suggestions(tenant=tenant, location_id=location_pk_or_none(location_id))

    @staticmethod
    def resolve_purchase_suggestions_csv(
        root: Any, info: GraphQLResolveInfo, location_id: str | None = None
    ) -> str:
        _, tenant = require_any(info, PERMISSIONS)
        return suggestions_csv(
            purchase_suggestions(
                tenant=tenant,
                location_id=location_pk_or_none(location_id),
            )
        )
