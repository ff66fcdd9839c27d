"""Suppliers and purchase orders (MANAGE_PRODUCTS)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.pagination import connection_args, connection_from_queryset
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.locations.types import location_pk_or_none
from saleor_oms_plugin.graphql.permissions import require_any
from saleor_oms_plugin.graphql.purchasing.types import (
    PERMISSIONS,
    OmsPurchaseOrder,
    OmsPurchaseOrderConnection,
    OmsPurchaseOrderState,
    OmsSupplierConnection,
)
from saleor_oms_plugin.purchasing.models import PurchaseOrder
from saleor_oms_plugin.purchasing.selectors import (
    purchase_order_get,
    purchase_order_list,
    supplier_list,
)


class PurchasingQueries(graphene.ObjectType):
    suppliers = graphene.Field(
        graphene.NonNull(OmsSupplierConnection),
        description="Suppliers by name, with what each sells. Requires MANAGE_PRODUCTS.",
        **connection_args(search=graphene.String(description="Part of the name.")),
    )
    purchase_orders = graphene.Field(
        graphene.NonNull(OmsPurchaseOrderConnection),
        description="Purchase orders, newest first. Requires MANAGE_PRODUCTS.",
        **connection_args(
            states=graphene.List(graphene.NonNull(OmsPurchaseOrderState)),
            supplier_id=graphene.ID(description="An OmsSupplier ID."),
            location_id=graphene.ID(description="An OmsLocation ID."),
            expected_before=graphene.Date(description="Expected before this day (late ones)."),
            search=graphene.String(description="Part of the number or of a line's SKU."),
        ),
    )
    purchase_order = graphene.Field(
        OmsPurchaseOrder,
        id=graphene.ID(required=True),
        description="One purchase order; null if the installation has none by this ID. "
        "Requires MANAGE_PRODUCTS.",
    )

    @staticmethod
    def resolve_suppliers(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> OmsSupplierConnection:
        _, tenant = require_any(info, PERMISSIONS)
        rows = supplier_list(tenant_id=tenant.pk, search=search).prefetch_related("items")
        return connection_from_queryset(rows, OmsSupplierConnection, first=first, after=after)

    @staticmethod
    def resolve_purchase_orders(
        root: Any,
        info: GraphQLResolveInfo,
        first: int | None = None,
        after: str | None = None,
        states: list[Any] | None = None,
        supplier_id: str | None = None,
        location_id: str | None = None,
        expected_before: Any = None,
        search: str | None = None,
    ) -> OmsPurchaseOrderConnection:
        _, tenant = require_any(info, PERMISSIONS)
        rows = purchase_order_list(
            tenant_id=tenant.pk,
            states=[enum_value(s) for s in states] if states else None,
            supplier_id=None
            if supplier_id is None
            else pk_from_global_id(supplier_id, expected_type="OmsSupplier"),
            location_id=location_pk_or_none(location_id),
            expected_before=expected_before,
            search=search,
        )
        return connection_from_queryset(rows, OmsPurchaseOrderConnection, first=first, after=after)

    @staticmethod
    def resolve_purchase_order(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> PurchaseOrder | None:
        _, tenant = require_any(info, PERMISSIONS)
        pk = pk_from_global_id(id, expected_type="OmsPurchaseOrder")
        return purchase_order_get(tenant_id=tenant.pk, pk=pk)
