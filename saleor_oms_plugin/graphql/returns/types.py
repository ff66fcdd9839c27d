"""GraphQL types of returns (``Oms`` prefix; requests are Relay nodes scoped to the tenant)."""

from __future__ import annotations

from typing import Any

import graphene
from django.db.models import Prefetch, QuerySet
from graphql import GraphQLResolveInfo
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.auth import ViewerKind
from saleor_oms_plugin.graphql.context import viewer_of
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.core.selection import selected_fields
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.label import label_url
from saleor_oms_plugin.returns.models import Resolution, ReturnLine, ReturnPolicy, ReturnRequest
from saleor_oms_plugin.returns.selectors import return_get

OmsReturnErrorCode = graphene.Enum(
    "OmsReturnErrorCode", [(code.name, code.value) for code in ReturnErrorCode]
)
OmsReturnError: Any = error_type("OmsReturnError", OmsReturnErrorCode)
OmsReturnStatus = graphene.Enum(
    "OmsReturnStatus", [(s.name, s.value) for s in ReturnRequest.Status]
)
OmsReturnResolution = graphene.Enum("OmsReturnResolution", [(r.name, r.value) for r in Resolution])


def _is_customer(info: GraphQLResolveInfo) -> bool:
    return viewer_of(info).kind in (ViewerKind.CUSTOMER, ViewerKind.ANONYMOUS)


def _str(name: str) -> Any:
    return lambda root, info: str(getattr(root, name))


def _float(name: str) -> Any:
    def resolve(root: Any, info: GraphQLResolveInfo) -> float | None:
        value = getattr(root, name)
        return None if value is None else float(value)

    return resolve


class OmsReturnPolicy(graphene.ObjectType):
    channel = graphene.String(description="Channel slug; null for the tenant's default.")
    window_days = graphene.Int(required=True)
    final_sale_product_types = graphene.List(graphene.NonNull(graphene.String), required=True)
    final_sale_skus = graphene.List(graphene.NonNull(graphene.String), required=True)
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True)
    resolutions = graphene.List(graphene.NonNull(OmsReturnResolution), required=True)
    restocking_fee_percent = graphene.Float(
        required=True, resolver=_float("restocking_fee_percent")
    )
    return_shipping_fee = graphene.Float(required=True, resolver=_float("return_shipping_fee"))
    auto_approve_max_value = graphene.Float(resolver=_float("auto_approve_max_value"))
    auto_approve_reasons = graphene.List(graphene.NonNull(graphene.String), required=True)
    instructions = graphene.String(required=True, description="Printed on the return label.")
    return_location_id = graphene.ID(
        description="OmsLocation parcels go to; null: where the order shipped from.",
        resolver=lambda root, info: (
            to_global_id("OmsLocation", root.return_location_id)
            if root.return_location_id
            else None
        ),
    )

    is_type_of = instances_of(ReturnPolicy)


class OmsReturnLine(graphene.ObjectType):
    id = graphene.ID(required=True, resolver=lambda root, info: str(root.pk))
    order_line_id = graphene.String(
        required=True,
        description="Saleor OrderLine ID.",
        resolver=lambda root, info: root.order_line.saleor_id,
    )
    sku = graphene.String(required=True, resolver=lambda root, info: root.order_line.sku)
    product_name = graphene.String(
        required=True, resolver=lambda root, info: root.order_line.product_name
    )
    quantity = graphene.Int(required=True)
    reason = graphene.String(required=True)
    note = graphene.String(required=True)
    unit_price = graphene.Float(required=True, resolver=_float("unit_price"))
    quantity_resellable = graphene.Int()
    quantity_damaged = graphene.Int()
    quantity_missing = graphene.Int()
    replacement_variant_id = graphene.String(
        required=True, description="Exchanges: the Saleor ProductVariant wanted instead."
    )

    is_type_of = instances_of(ReturnLine)


class OmsReturnRequest(graphene.ObjectType):
    rma_number = graphene.String(required=True, resolver=lambda root, info: root.rma)
    status = graphene.Field(OmsReturnStatus, required=True, resolver=_str("status"))
    resolution = graphene.Field(OmsReturnResolution, required=True, resolver=_str("resolution"))
    order_number = graphene.String(required=True, resolver=lambda root, info: root.order.number)
    channel = graphene.String(required=True, resolver=lambda root, info: root.order.channel_slug)
    lines = graphene.List(graphene.NonNull(OmsReturnLine), required=True)
    note = graphene.String(required=True)
    decision_reason = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    currency = graphene.String(required=True)
    refund_amount = graphene.Float(resolver=_float("refund_amount"))
    restocking_fee_percent = graphene.Float(
        required=True, resolver=_float("restocking_fee_percent")
    )
    return_shipping_fee = graphene.Float(required=True, resolver=_float("return_shipping_fee"))
    auto_approved = graphene.Boolean(required=True)
    saleor_state = graphene.String(required=True, resolver=_str("saleor_state"))
    saleor_return_fulfillment_id = graphene.String(required=True)
    saleor_granted_refund_id = graphene.String(required=True)
    saleor_refund_requested = graphene.Boolean(
        required=True, description="The granted refund was sent to the payment provider."
    )
    saleor_exchange_order_id = graphene.String(
        required=True, description="The replacement draft order (exchanges)."
    )
    saleor_gift_card_id = graphene.String(required=True, description="Store credit.")
    saleor_error = graphene.String(
        required=True,
        description="Why recording in Saleor failed (staff only; empty for customers).",
        resolver=lambda root, info: "" if _is_customer(info) else root.saleor_error,
    )
    saleor_error_code = graphene.String(
        required=True,
        description="Saleor's error code when Saleor refused the return (e.g. INVALID_QUANTITY), "
        "or ours when it could not be asked (e.g. NO_PAYMENT_TRANSACTION, SALEOR_UNREACHABLE); "
        "empty unless saleorState is failed (staff only; empty for customers).",
        resolver=lambda root, info: "" if _is_customer(info) else root.saleor_error_code,
    )
    label_url = graphene.String(
        description="The return label PDF (signed link, no token needed, expires in 30 days); "
        "null unless the return is approved or in transit.",
        resolver=lambda root, info: label_url(root),
    )
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = "A return (RMA): what comes back, why, and how far it got."

    is_type_of = instances_of(ReturnRequest)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> ReturnRequest | None:
        _, tenant = require_any(info, [MANAGE_ORDERS])
        return return_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_lines(root: ReturnRequest, info: GraphQLResolveInfo) -> list[ReturnLine]:
        return related_rows(root, "lines", _with_order_lines)


def _with_order_lines(lines: QuerySet[ReturnLine]) -> QuerySet[ReturnLine]:
    return lines.select_related("order_line")


def lines_prefetch() -> Prefetch:
    """Returns' lines with the order lines they return, for a whole list in one query."""
    return Prefetch("lines", queryset=_with_order_lines(ReturnLine.objects.all()))


def with_lines(
    requests: QuerySet[ReturnRequest], info: GraphQLResolveInfo, *path: str
) -> QuerySet[ReturnRequest]:
    """``requests`` with their lines in one more query, if the selection at ``path`` (below the
    current field) asks for them."""
    if "lines" not in selected_fields(info, *path):
        return requests
    return requests.prefetch_related(lines_prefetch())


class OmsReturnRequestConnection(OmsCountableConnection):
    class Meta:
        node = OmsReturnRequest
        strict_types = True
