"""GraphQL types of order screening: an order's result with each check's, the review queue,
the configuration. Everything needs MANAGE_ORDERS."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.graphql.core.mutations import error_type
from saleor_oms_plugin.graphql.core.pagination import OmsCountableConnection
from saleor_oms_plugin.graphql.core.relay import Node, instances_of
from saleor_oms_plugin.graphql.orders.types import OmsOrder
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.facts import CheckName, Outcome
from saleor_oms_plugin.screening.models import ScreeningResult
from saleor_oms_plugin.screening.selectors import result_get

PERMISSIONS = (MANAGE_ORDERS,)

OmsScreeningErrorCode = graphene.Enum(
    "OmsScreeningErrorCode", [(code.name, code.value) for code in ScreeningErrorCode]
)
OmsScreeningError: Any = error_type("OmsScreeningError", OmsScreeningErrorCode)
OmsScreeningState = graphene.Enum(
    "OmsScreeningState", [(s.name, s.value) for s in ScreeningResult.State]
)
OmsScreeningOutcome = graphene.Enum("OmsScreeningOutcome", [(o.name, o.value) for o in Outcome])
OmsScreeningCheckName = graphene.Enum(
    "OmsScreeningCheckName", [(c.name, c.value) for c in CheckName]
)


class OmsScreeningCheck(graphene.ObjectType):
    class Meta:
        description = "One check's result: pass, fix (with a suggested correction) or hold."

    check = graphene.Field(graphene.NonNull(OmsScreeningCheckName))
    outcome = graphene.Field(graphene.NonNull(OmsScreeningOutcome))
    code = graphene.String(required=True, description="A reason code; OK when it passed.")
    message = graphene.String(required=True)
    suggestion = graphene.JSONString(
        description="The proposed correction of a fix (Saleor address fields, substitutes…)."
    )
    facts = graphene.JSONString(required=True, description="Figures: risk score, marks, …")

    @staticmethod
    def resolve_check(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root["check"])

    @staticmethod
    def resolve_outcome(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root["outcome"])

    @staticmethod
    def resolve_code(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root["code"])

    @staticmethod
    def resolve_message(root: dict[str, Any], info: GraphQLResolveInfo) -> str:
        return str(root["message"])

    @staticmethod
    def resolve_suggestion(root: dict[str, Any], info: GraphQLResolveInfo) -> Any:
        return root.get("suggestion")

    @staticmethod
    def resolve_facts(root: dict[str, Any], info: GraphQLResolveInfo) -> Any:
        return root.get("facts") or {}


class OmsScreeningResult(graphene.ObjectType):
    order = graphene.Field(graphene.NonNull(OmsOrder))
    state = graphene.Field(graphene.NonNull(OmsScreeningState))
    checks = graphene.List(graphene.NonNull(OmsScreeningCheck), required=True)
    reason_codes = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="The codes of the checks that did not pass.",
    )
    risk_score = graphene.Int(description="0–100; null when the risk check is off.")
    marks = graphene.List(graphene.NonNull(graphene.String), required=True)
    channel = graphene.String(required=True, resolver=lambda root, info: root.channel_slug)
    currency = graphene.String(required=True)
    runs = graphene.Int(required=True, description="How often the checks ran.")
    screened_at = graphene.DateTime()
    decided_by = graphene.String(required=True)
    decided_at = graphene.DateTime()
    decision_note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        interfaces = (Node,)
        description = (
            "An order's screening before routing: pending, passed, held for review (with "
            "its reasons), released or cancelled."
        )

    is_type_of = instances_of(ScreeningResult)

    @classmethod
    def get_node(cls, info: GraphQLResolveInfo, id: int) -> ScreeningResult | None:
        _, tenant = require_any(info, PERMISSIONS)
        return result_get(tenant_id=tenant.pk, pk=id)

    @staticmethod
    def resolve_state(root: ScreeningResult, info: GraphQLResolveInfo) -> str:
        return str(root.state)


class OmsScreeningResultConnection(OmsCountableConnection):
    class Meta:
        node = OmsScreeningResult
        strict_types = True


class OmsScreeningConfig(graphene.ObjectType):
    class Meta:
        description = "A screening configuration document: the tenant's, or a channel's override."

    channel = graphene.String(description="The channel's slug; null: the tenant's document.")
    document = graphene.JSONString(required=True)
    effective = graphene.JSONString(
        required=True, description="The channel's document merged over the tenant's."
    )
    updated_at = graphene.DateTime()
    updated_by = graphene.String(required=True)

    @staticmethod
    def resolve_channel(root: Any, info: GraphQLResolveInfo) -> str | None:
        return root.channel_slug or None
