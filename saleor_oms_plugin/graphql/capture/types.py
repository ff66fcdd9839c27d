"""GraphQL types of order capture: sources, captured orders, and the answer per order."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.capture.error_codes import CaptureErrorCode
from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource
from saleor_oms_plugin.capture.services import Outcome
from saleor_oms_plugin.graphql.capture.order_input import order_input_of
from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any

PERMISSIONS = (MANAGE_ORDERS,)

OmsCaptureErrorCode = graphene.Enum(
    "OmsCaptureErrorCode", [(code.name, code.value) for code in CaptureErrorCode]
)
OmsCaptureError: Any = error_type("OmsCaptureError", OmsCaptureErrorCode)
OmsCapturedOrderState = graphene.Enum(
    "OmsCapturedOrderState", [(s.name, s.value) for s in CapturedOrder.State]
)
OmsCaptureOutcome = graphene.Enum(
    "OmsCaptureOutcome",
    [(name, name) for name in (Outcome.ACCEPTED, Outcome.DUPLICATE, Outcome.REFUSED)],
)


class OmsCaptureSource(graphene.ObjectType):
    code = graphene.String(required=True, description="Part of the webhook's URL.")
    name = graphene.String(required=True)
    channel_slug = graphene.String(required=True, description="The Saleor channel of its orders.")
    warehouse_id = graphene.ID(
        required=True, description="The Saleor warehouse its order lines name at creation."
    )
    shipping_method_id = graphene.ID(required=True)
    tax_class_id = graphene.ID(required=True)
    replay_window_seconds = graphene.Int(required=True)
    is_active = graphene.Boolean(required=True)
    webhook_path = graphene.String(
        required=True, description="Where its signed webhook posts orders."
    )
    created_at = graphene.DateTime(required=True)
    secret_rotated_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "An outside channel orders are captured from (phone, marketplace, store)."

    is_type_of = instances_of(CaptureSource)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> CaptureSource | None:
        _, tenant = require_any(info, PERMISSIONS)
        return CaptureSource.objects.filter(tenant_id=tenant.pk, pk=id).first()

    @staticmethod
    def resolve_webhook_path(root: CaptureSource, info: GraphQLResolveInfo) -> str:
        return f"/api/capture/{root.code}/"


class OmsCaptureProblem(graphene.ObjectType):
    class Meta:
        description = "Why an order was refused: one per field, or Saleor's own error."

    field = graphene.String(description="The input field, e.g. lines[1].quantity.")
    code = graphene.String(required=True)
    message = graphene.String(required=True)


class OmsCapturedOrder(graphene.ObjectType):
    external_reference = graphene.String(required=True)
    source = graphene.Field(graphene.NonNull(OmsCaptureSource))
    door = graphene.String(required=True, description="API, CSV or WEBHOOK.")
    state = graphene.Field(graphene.NonNull(OmsCapturedOrderState))
    saleor_order_id = graphene.ID(description="The Saleor order, once created.")
    saleor_order_number = graphene.String()
    errors = graphene.List(
        graphene.NonNull(OmsCaptureProblem),
        required=True,
        description="Why Saleor refused it (state REFUSED).",
    )
    payload = graphene.JSONString(
        required=True,
        description="The stored order in OmsOrderImportInput's shape (camelCase keys), ready "
        "to be corrected and sent back with capturedOrderResubmit.",
    )
    attempts = graphene.Int(required=True)
    received_at = graphene.DateTime(required=True)
    settled_at = graphene.DateTime()

    class Meta:
        interfaces = (Node,)
        description = "An order captured from an outside channel and its way into Saleor."

    is_type_of = instances_of(CapturedOrder)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> CapturedOrder | None:
        _, tenant = require_any(info, PERMISSIONS)
        return CapturedOrder.objects.filter(tenant_id=tenant.pk, pk=id).first()

    @staticmethod
    def resolve_state(root: CapturedOrder, info: GraphQLResolveInfo) -> str:
        return str(root.state)

    @staticmethod
    def resolve_saleor_order_id(root: CapturedOrder, info: GraphQLResolveInfo) -> str | None:
        return root.saleor_order_id or None

    @staticmethod
    def resolve_saleor_order_number(root: CapturedOrder, info: GraphQLResolveInfo) -> str | None:
        return root.saleor_order_number or None

    @staticmethod
    def resolve_payload(root: CapturedOrder, info: GraphQLResolveInfo) -> dict[str, Any]:
        return order_input_of(root.payload)

    @staticmethod
    def resolve_errors(root: CapturedOrder, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
        return [
            {
                "field": error.get("field"),
                "code": error.get("code") or "UNKNOWN",
                "message": error.get("message") or "",
            }
            for error in root.errors or []
        ]


class OmsCapturedOrderConnection(OmsCountableConnection):
    class Meta:
        node = OmsCapturedOrder
        strict_types = True


class OmsOrderImportResult(graphene.ObjectType):
    class Meta:
        description = (
            "What became of one order of an import: ACCEPTED (stored; Saleor creates it "
            "shortly), DUPLICATE (this source's reference was captured before; nothing "
            "changed) or REFUSED (nothing stored; see errors)."
        )

    external_reference = graphene.String(required=True)
    outcome = graphene.Field(graphene.NonNull(OmsCaptureOutcome))
    errors = graphene.List(graphene.NonNull(OmsCaptureProblem), required=True)
    captured_order = graphene.Field(OmsCapturedOrder)
