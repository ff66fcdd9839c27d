"""Mutations of returns: thin edges over ``returns.services``.

``requestReturn`` is the storefront's: a signed-in customer (Saleor access token) may return
only their own orders; a guest names the order by number and the email it was placed with,
and the Saleor it belongs to by the ``Saleor-Api-Url`` header. An order that is not the
caller's is answered exactly as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphene
from graphql import GraphQLResolveInfo

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import errors_from
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, require_any
from saleor_oms_plugin.graphql.returns.access import return_requester
from saleor_oms_plugin.graphql.returns.types import (
    OmsReturnError,
    OmsReturnPolicy,
    OmsReturnRequest,
    OmsReturnResolution,
)
from saleor_oms_plugin.returns import services
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.models import ReturnRequest

_ERRORS = graphene.List(graphene.NonNull(OmsReturnError), required=True)


class OmsReturnPayload(graphene.ObjectType):
    return_request = graphene.Field(OmsReturnRequest)
    errors = _ERRORS


class OmsReturnPolicyPayload(graphene.ObjectType):
    policy = graphene.Field(OmsReturnPolicy)
    errors = _ERRORS


class OmsReturnLineInput(graphene.InputObjectType):
    order_line_id = graphene.String(required=True, description="Saleor OrderLine ID.")
    quantity = graphene.Int(required=True)
    reason = graphene.String(required=True, description="One of the policy's reasons.")
    note = graphene.String()
    replacement_variant_id = graphene.String(
        description="Exchanges: the Saleor ProductVariant ID wanted instead (default: the same)."
    )


class OmsRequestReturnInput(graphene.InputObjectType):
    order_number = graphene.String(required=True)
    email = graphene.String(description="Guests: the email the order was placed with.")
    lines = graphene.List(graphene.NonNull(OmsReturnLineInput), required=True)
    resolution = OmsReturnResolution(required=True)
    note = graphene.String()


class OmsReturnPolicyInput(graphene.InputObjectType):
    channel = graphene.String(description="Channel slug; empty or absent: the tenant default.")
    window_days = graphene.Int(required=True)
    final_sale_product_types = graphene.List(graphene.NonNull(graphene.String))
    final_sale_skus = graphene.List(graphene.NonNull(graphene.String))
    reasons = graphene.List(graphene.NonNull(graphene.String), required=True)
    resolutions = graphene.List(graphene.NonNull(OmsReturnResolution), required=True)
    restocking_fee_percent = graphene.Decimal()
    return_shipping_fee = graphene.Decimal()
    auto_approve_max_value = graphene.Decimal()
    auto_approve_reasons = graphene.List(graphene.NonNull(graphene.String))
    instructions = graphene.String(description="Printed on the return label.")
    return_location_id = graphene.ID(
        description="OmsLocation parcels are sent to (default: where the order shipped from)."
    )


class OmsReturnReplacementInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True, description="OmsReturnLine id.")
    variant_id = graphene.String(required=True, description="Saleor ProductVariant ID.")


class OmsReturnInspectionInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True, description="OmsReturnLine id.")
    resellable = graphene.Int(required=True)
    damaged = graphene.Int(required=True)
    missing = graphene.Int(required=True)


def _result(call: Callable[[], ReturnRequest]) -> OmsReturnPayload:
    try:
        return OmsReturnPayload(return_request=call(), errors=[])
    except ReturnError as exc:
        return OmsReturnPayload(errors=errors_from(exc, OmsReturnError))


def _not_found() -> OmsReturnPayload:
    exc = ReturnError(ReturnErrorCode.NOT_FOUND, "No such order.", field="orderNumber")
    return OmsReturnPayload(errors=errors_from(exc, OmsReturnError))


def _staff(info: GraphQLResolveInfo, id: str) -> tuple[int, int, Actor]:
    viewer, tenant = require_any(info, [MANAGE_ORDERS])
    return tenant.pk, pk_from_global_id(id, expected_type="OmsReturnRequest"), viewer.actor()


def _id_field(description: str) -> Any:
    return graphene.Field(
        graphene.NonNull(OmsReturnPayload), id=graphene.ID(required=True), description=description
    )


class ReturnMutations(graphene.ObjectType):
    request_return = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        input=OmsRequestReturnInput(required=True),
        description="Ask to return units of a shipped order; answered with an RMA number or "
        "the exact problems. Customers (their own orders), guests (order number + email and "
        "the Saleor-Api-Url header), or MANAGE_ORDERS.",
    )
    return_policy_set = graphene.Field(
        graphene.NonNull(OmsReturnPolicyPayload),
        input=OmsReturnPolicyInput(required=True),
        description="Create or replace a channel's return policy. MANAGE_ORDERS.",
    )
    return_request_approve = _id_field("MANAGE_ORDERS.")
    return_request_reject = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        reason=graphene.String(required=True),
        description="MANAGE_ORDERS.",
    )
    return_request_mark_in_transit = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        tracking_number=graphene.String(),
        description="MANAGE_ORDERS.",
    )
    return_request_mark_received = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        location_id=graphene.ID(required=True),
        description="The parcel arrived at this location. MANAGE_ORDERS.",
    )
    return_request_inspect = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        lines=graphene.List(graphene.NonNull(OmsReturnInspectionInput), required=True),
        description="Record per line what is resellable, damaged, missing; resellable units go "
        "back to stock at the receiving location. MANAGE_ORDERS.",
    )
    return_request_complete = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        resolution=OmsReturnResolution(),
        replacements=graphene.List(
            graphene.NonNull(OmsReturnReplacementInput),
            description="Exchanges: the variant wanted instead, per line.",
        ),
        description="Settle an inspected return; Saleor then records it and refunds (granted "
        "refund sent through the payment), exchanges (replacement draft order) or credits "
        "(gift card). The return stays INSPECTED (saleorState pending) and becomes COMPLETED "
        "once Saleor accepted it; a refusal leaves it INSPECTED with saleorState failed and "
        "Saleor's saleorErrorCode and saleorError. Allowed again after a refusal. MANAGE_ORDERS.",
    )
    return_request_retry_saleor = _id_field(
        "Record a return in Saleor again after it failed (or stalled); what Saleor already holds "
        "is adopted, never redone; it completes once Saleor accepts it. MANAGE_ORDERS."
    )
    return_request_cancel = graphene.Field(
        graphene.NonNull(OmsReturnPayload),
        id=graphene.ID(required=True),
        reason=graphene.String(),
        description="MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_request_return(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsReturnPayload:
        try:
            tenant, order, actor, user_id, email = return_requester(
                info, input["order_number"], input.get("email") or ""
            )
        except ReturnError as exc:
            return OmsReturnPayload(errors=errors_from(exc, OmsReturnError))
        if order is None:
            return _not_found()
        lines = [
            services.LineRequest(
                order_line_id=line["order_line_id"],
                quantity=line["quantity"],
                reason=line["reason"],
                note=line.get("note") or "",
                replacement_variant_id=line.get("replacement_variant_id") or "",
            )
            for line in input["lines"]
        ]
        return _result(
            lambda: services.return_request_create(
                tenant_id=tenant.pk,
                order_id=order.pk,
                lines=lines,
                resolution=str(enum_value(input["resolution"])),
                note=input.get("note") or "",
                actor=actor,
                customer_user_id=user_id,
                customer_email=email,
            )
        )

    @staticmethod
    def resolve_return_policy_set(
        root: Any, info: GraphQLResolveInfo, input: dict[str, Any]
    ) -> OmsReturnPolicyPayload:
        viewer, tenant = require_any(info, [MANAGE_ORDERS])
        values = {k: v for k, v in input.items() if k != "channel" and v is not None}
        if "return_location_id" in values:
            values["return_location_id"] = pk_from_global_id(
                values["return_location_id"], expected_type="OmsLocation"
            )
        if "resolutions" in values:
            values["resolutions"] = [str(enum_value(r)) for r in values["resolutions"]]
        try:
            policy = services.return_policy_set(
                tenant_id=tenant.pk,
                channel=input.get("channel"),
                values=values,
                actor=viewer.actor(),
            )
        except ReturnError as exc:
            return OmsReturnPolicyPayload(errors=errors_from(exc, OmsReturnError))
        return OmsReturnPolicyPayload(policy=policy, errors=[])

    @staticmethod
    def resolve_return_request_approve(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        return _result(
            lambda: services.return_request_approve(tenant_id=t, request_id=pk, actor=actor)
        )

    @staticmethod
    def resolve_return_request_reject(
        root: Any, info: GraphQLResolveInfo, id: str, reason: str
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        return _result(
            lambda: services.return_request_reject(
                tenant_id=t, request_id=pk, reason=reason, actor=actor
            )
        )

    @staticmethod
    def resolve_return_request_mark_in_transit(
        root: Any, info: GraphQLResolveInfo, id: str, tracking_number: str | None = None
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        return _result(
            lambda: services.return_request_mark_in_transit(
                tenant_id=t, request_id=pk, actor=actor, tracking_number=tracking_number or ""
            )
        )

    @staticmethod
    def resolve_return_request_mark_received(
        root: Any, info: GraphQLResolveInfo, id: str, location_id: str
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        location = pk_from_global_id(location_id, expected_type="OmsLocation")
        return _result(
            lambda: services.return_request_mark_received(
                tenant_id=t, request_id=pk, location_id=location, actor=actor
            )
        )

    @staticmethod
    def resolve_return_request_inspect(
        root: Any, info: GraphQLResolveInfo, id: str, lines: list[dict[str, Any]]
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        inspections = []
        for line in lines:
            if not str(line["line_id"]).isdigit():
                exc = ReturnError(
                    ReturnErrorCode.INVALID_INSPECTION, "Unknown line.", field="lines"
                )
                return OmsReturnPayload(errors=errors_from(exc, OmsReturnError))
            inspections.append(
                services.LineInspection(
                    line_id=int(line["line_id"]),
                    resellable=line["resellable"],
                    damaged=line["damaged"],
                    missing=line["missing"],
                )
            )
        return _result(
            lambda: services.return_request_inspect(
                tenant_id=t, request_id=pk, inspections=inspections, actor=actor
            )
        )

    @staticmethod
    def resolve_return_request_complete(
        root: Any,
        info: GraphQLResolveInfo,
        id: str,
        resolution: str | None = None,
        replacements: list[dict[str, Any]] | None = None,
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        wanted: dict[int, str] = {}
        for item in replacements or []:
            if not str(item["line_id"]).isdigit():
                exc = ReturnError(ReturnErrorCode.NOT_FOUND, "Unknown line.", field="replacements")
                return OmsReturnPayload(errors=errors_from(exc, OmsReturnError))
            wanted[int(item["line_id"])] = item["variant_id"]

        def complete() -> ReturnRequest:
            services.return_request_complete(
                tenant_id=t,
                request_id=pk,
                actor=actor,
                resolution=str(enum_value(resolution)) if resolution else None,
                replacements=wanted,
            )
            # Eager tasks may have recorded it in Saleor already.
            return ReturnRequest.objects.get(pk=pk)

        return _result(complete)

    @staticmethod
    def resolve_return_request_retry_saleor(
        root: Any, info: GraphQLResolveInfo, id: str
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)

        def retry() -> ReturnRequest:
            services.return_request_retry_saleor(tenant_id=t, request_id=pk, actor=actor)
            return ReturnRequest.objects.get(pk=pk)

        return _result(retry)

    @staticmethod
    def resolve_return_request_cancel(
        root: Any, info: GraphQLResolveInfo, id: str, reason: str | None = None
    ) -> OmsReturnPayload:
        t, pk, actor = _staff(info, id)
        return _result(
            lambda: services.return_request_cancel(
                tenant_id=t, request_id=pk, actor=actor, reason=reason or ""
            )
        )
