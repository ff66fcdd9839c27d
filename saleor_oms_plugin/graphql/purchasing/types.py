"""GraphQL types of purchasing: suppliers, their items, purchase orders and their lines.

Everything needs MANAGE_PRODUCTS, Saleor's permission for stock (as replenishment).
"""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.locations.types import OmsLocation
from saleor_oms_plugin.graphql.permissions import MANAGE_PRODUCTS, require_any
from saleor_oms_plugin.purchasing.documents import (
    DocumentKind,
    document_url,
    purchase_order_csv,
)
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode
from saleor_oms_plugin.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierItem,
)
from saleor_oms_plugin.purchasing.selectors import (
    open_units_of,
    open_value_of,
    purchase_order_get,
    supplier_get,
    total_value_of,
)

PERMISSIONS = (MANAGE_PRODUCTS,)
LINE_TYPE = "OmsPurchaseOrderLine"

OmsPurchasingErrorCode = graphene.Enum(
    "OmsPurchasingErrorCode", [(code.name, code.value) for code in PurchasingErrorCode]
)
OmsPurchasingError: Any = error_type("OmsPurchasingError", OmsPurchasingErrorCode)
OmsPurchaseOrderState = graphene.Enum(
    "OmsPurchaseOrderState", [(s.name, s.value) for s in PurchaseOrder.State]
)


class OmsSupplierItem(graphene.ObjectType):
    sku = graphene.String(required=True, description="Our (Saleor's) variant SKU.")
    supplier_sku = graphene.String(required=True)
    unit_cost = graphene.Decimal(required=True, description="In the supplier's currency.")
    pack_size = graphene.Int(required=True, description="Ordered in multiples of this.")
    min_order_quantity = graphene.Int(required=True)
    priority = graphene.Int(required=True, description="Lowest wins among suppliers of a SKU.")

    class Meta:
        description = "One of our SKUs as a supplier sells it."


class OmsSupplier(graphene.ObjectType):
    name = graphene.String(required=True)
    email = graphene.String(required=True, description="Where purchase orders are sent.")
    currency = graphene.String(required=True)
    lead_time_days = graphene.Int(required=True)
    items = graphene.List(graphene.NonNull(OmsSupplierItem), required=True)

    class Meta:
        interfaces = (Node,)
        description = "Someone the shop buys stock from."

    is_type_of = instances_of(Supplier)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> Supplier | None:
        _, tenant = require_any(info, PERMISSIONS)
        return supplier_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_items(root: Supplier, info: GraphQLResolveInfo) -> list[SupplierItem]:
        return sorted(root.items.all(), key=lambda item: (item.sku, item.pk))


class OmsSupplierConnection(OmsCountableConnection):
    class Meta:
        node = OmsSupplier
        strict_types = True


class OmsPurchaseOrderLine(graphene.ObjectType):
    id = graphene.ID(required=True, description="Names the line in purchaseOrderReceive.")
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")
    sku = graphene.String(required=True)
    supplier_sku = graphene.String(required=True)
    quantity_ordered = graphene.Int(required=True)
    quantity_received = graphene.Int(required=True)
    quantity_open = graphene.Int(required=True, description="Ordered, not yet received.")
    unit_cost = graphene.Decimal(required=True)

    @staticmethod
    def resolve_id(root: PurchaseOrderLine, info: GraphQLResolveInfo) -> str:
        return to_global_id(LINE_TYPE, root.pk)


def _lines(order: PurchaseOrder) -> list[PurchaseOrderLine]:
    # Prefetched in pk order by the selectors.
    return list(order.lines.all())


class OmsPurchaseOrder(graphene.ObjectType):
    number = graphene.String(required=True, description="PO-000001, … per installation.")
    supplier = graphene.Field(graphene.NonNull(OmsSupplier))
    location = graphene.Field(graphene.NonNull(OmsLocation), description="Delivered here.")
    currency = graphene.String(required=True)
    expected_on = graphene.Date()
    state = graphene.Field(graphene.NonNull(OmsPurchaseOrderState))
    notes = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    sent_at = graphene.DateTime()
    emailed_at = graphene.DateTime(description="When the supplier was e-mailed the order.")
    received_at = graphene.DateTime()
    cancelled_at = graphene.DateTime()
    late_at = graphene.DateTime(description="When it was announced late (purchase_order.late).")
    lines = graphene.List(graphene.NonNull(OmsPurchaseOrderLine), required=True)
    total_value = graphene.Decimal(required=True, description="All lines, in currency.")
    open_value = graphene.Decimal(required=True, description="Units still to come, in currency.")
    open_units = graphene.Int(required=True)
    pdf_url = graphene.String(
        required=True, description="The order as PDF (signed link, no token, 7 days)."
    )
    csv_url = graphene.String(required=True, description="The order as CSV (signed link).")
    csv = graphene.String(required=True, description="The order as CSV, inline.")

    class Meta:
        interfaces = (Node,)
        description = "Stock ordered from a supplier for a location."

    is_type_of = instances_of(PurchaseOrder)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> PurchaseOrder | None:
        _, tenant = require_any(info, PERMISSIONS)
        return purchase_order_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_state(root: PurchaseOrder, info: GraphQLResolveInfo) -> str:
        return str(root.state)

    @staticmethod
    def resolve_lines(root: PurchaseOrder, info: GraphQLResolveInfo) -> list[PurchaseOrderLine]:
        return _lines(root)

    @staticmethod
    def resolve_total_value(root: PurchaseOrder, info: GraphQLResolveInfo) -> Any:
        return total_value_of(_lines(root))

    @staticmethod
    def resolve_open_value(root: PurchaseOrder, info: GraphQLResolveInfo) -> Any:
        return open_value_of(_lines(root))

    @staticmethod
    def resolve_open_units(root: PurchaseOrder, info: GraphQLResolveInfo) -> int:
        return open_units_of(_lines(root))

    @staticmethod
    def resolve_pdf_url(root: PurchaseOrder, info: GraphQLResolveInfo) -> str:
        return document_url(root, DocumentKind.PDF)

    @staticmethod
    def resolve_csv_url(root: PurchaseOrder, info: GraphQLResolveInfo) -> str:
        return document_url(root, DocumentKind.CSV)

    @staticmethod
    def resolve_csv(root: PurchaseOrder, info: GraphQLResolveInfo) -> str:
        return purchase_order_csv(root, _lines(root))


class OmsPurchaseOrderConnection(OmsCountableConnection):
    class Meta:
        node = OmsPurchaseOrder
        strict_types = True
