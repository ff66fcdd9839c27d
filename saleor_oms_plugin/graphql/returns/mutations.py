"""Mutations of returns: thin edges over the services of each step of a return's lifecycle
(``returns.policies``, ``requesting``, ``review``, ``receipt``, ``inspection``, ``completion``).

``requestReturn`` is the storefront's: a signed-in customer (Saleor access token) may return
only their own orders; a guest names the order by number and the email it was placed with,
and the Saleor it belongs to by the ``Saleor-Api-Url`` header. An order that is not the
caller's is answered exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any

import graphene

from saleor_oms_plugin.graphql.core.enums import enum_value
from saleor_oms_plugin.graphql.core.mutations import Caller, PayloadErrors, mutation
from saleor_oms_plugin.graphql.core.relay import pk_from_global_id
from saleor_oms_plugin.graphql.permissions import MANAGE_ORDERS, CheckedByResolver, Requires
from saleor_oms_plugin.graphql.returns.access import return_requester
from saleor_oms_plugin.graphql.returns.types import (
    OmsReturnError,
    OmsReturnPolicy,
    OmsReturnRequest,
    OmsReturnResolution,
)
from saleor_oms_plugin.returns import (
    completion,
    inspection,
    policies,
    receipt,
    requesting,
    review,
)
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.models import ReturnRequest

RETURN_ERRORS = PayloadErrors(OmsReturnError, ReturnError)
STAFF = Requires(MANAGE_ORDERS)
# Checked by ``return_requester``: an order that is not the caller's is answered as missing.
REQUESTERS = CheckedByResolver(
    "Customers (their own orders), guests (order number + email and the Saleor-Api-Url "
    "header), or MANAGE_ORDERS."
)


class OmsReturnPayload(graphene.ObjectType):
    errors = RETURN_ERRORS.field()
    return_request = graphene.Field(OmsReturnRequest)


class OmsReturnPolicyPayload(graphene.ObjectType):
    errors = RETURN_ERRORS.field()
    policy = graphene.Field(OmsReturnPolicy)


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
    idempotency_key = graphene.String(
        description="The client's key for this request (at most 64 characters): asking again "
        "with it, as after a timeout, answers the return it already opened instead of opening "
        "another."
    )


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


def _request_pk(id: str) -> int:
    return pk_from_global_id(id, expected_type="OmsReturnRequest")


def _returned(request: ReturnRequest) -> OmsReturnPayload:
    return OmsReturnPayload(return_request=request, errors=[])


class ReturnMutations(graphene.ObjectType):
    @mutation(
        OmsReturnPayload,
        access=REQUESTERS,
        errors=RETURN_ERRORS,
        description="Ask to return units of a shipped order; answered with an RMA number or "
        "the exact problems.",
        input=OmsRequestReturnInput(required=True),
    )
    def request_return(caller: Caller, input: dict[str, Any]) -> OmsReturnPayload:
        tenant, order, actor, user_id, email = return_requester(
            caller.info, input["order_number"], input.get("email") or ""
        )
        if order is None:
            raise ReturnError(ReturnErrorCode.NOT_FOUND, "No such order.", field="orderNumber")
        lines = [
            requesting.LineRequest(
                order_line_id=line["order_line_id"],
                quantity=line["quantity"],
                reason=line["reason"],
                note=line.get("note") or "",
                replacement_variant_id=line.get("replacement_variant_id") or "",
            )
            for line in input["lines"]
        ]
        return _returned(
            requesting.return_request_create(
                tenant_id=tenant.pk,
                order_id=order.pk,
                lines=lines,
                resolution=str(enum_value(input["resolution"])),
                note=input.get("note") or "",
                actor=actor,
                customer_user_id=user_id,
                customer_email=email,
                idempotency_key=input.get("idempotency_key") or "",
            )
        )

    @mutation(
        OmsReturnPolicyPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        description="Create or replace a channel's return policy.",
        input=OmsReturnPolicyInput(required=True),
    )
    def return_policy_set(caller: Caller, input: dict[str, Any]) -> OmsReturnPolicyPayload:
        values = {k: v for k, v in input.items() if k != "channel" and v is not None}
        if "return_location_id" in values:
            values["return_location_id"] = pk_from_global_id(
                values["return_location_id"], expected_type="OmsLocation"
            )
        if "resolutions" in values:
            values["resolutions"] = [str(enum_value(r)) for r in values["resolutions"]]
        policy = policies.return_policy_set(
            tenant_id=caller.tenant.pk,
            channel=input.get("channel"),
            values=values,
            actor=caller.actor(),
        )
        return OmsReturnPolicyPayload(policy=policy, errors=[])

    @mutation(OmsReturnPayload, access=STAFF, errors=RETURN_ERRORS, id=graphene.ID(required=True))
    def return_request_approve(caller: Caller, id: str) -> OmsReturnPayload:
        pk = _request_pk(id)
        return _returned(
            review.return_request_approve(
                tenant_id=caller.tenant.pk, request_id=pk, actor=caller.actor()
            )
        )

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        id=graphene.ID(required=True),
        reason=graphene.String(required=True),
    )
    def return_request_reject(caller: Caller, id: str, reason: str) -> OmsReturnPayload:
        pk = _request_pk(id)
        return _returned(
            review.return_request_reject(
                tenant_id=caller.tenant.pk, request_id=pk, reason=reason, actor=caller.actor()
            )
        )

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        id=graphene.ID(required=True),
        tracking_number=graphene.String(),
    )
    def return_request_mark_in_transit(
        caller: Caller, id: str, tracking_number: str | None = None
    ) -> OmsReturnPayload:
        pk = _request_pk(id)
        return _returned(
            receipt.return_request_mark_in_transit(
                tenant_id=caller.tenant.pk,
                request_id=pk,
                actor=caller.actor(),
                tracking_number=tracking_number or "",
            )
        )

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        description="The parcel arrived at this location.",
        id=graphene.ID(required=True),
        location_id=graphene.ID(required=True),
    )
    def return_request_mark_received(caller: Caller, id: str, location_id: str) -> OmsReturnPayload:
        pk = _request_pk(id)
        location = pk_from_global_id(location_id, expected_type="OmsLocation")
        return _returned(
            receipt.return_request_mark_received(
                tenant_id=caller.tenant.pk,
                request_id=pk,
                location_id=location,
                actor=caller.actor(),
            )
        )

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        description="Record per line what is resellable, damaged, missing; resellable units go "
        "back to stock at the receiving location.",
        id=graphene.ID(required=True),
        lines=graphene.List(graphene.NonNull(OmsReturnInspectionInput), required=True),
    )
    def return_request_inspect(
        caller: Caller, id: str, lines: list[dict[str, Any]]
    ) -> OmsReturnPayload:
        pk = _request_pk(id)
        inspections = []
        for line in lines:
            if not str(line["line_id"]).isdigit():
                raise ReturnError(
                    ReturnErrorCode.INVALID_INSPECTION, "Unknown line.", field="lines"
                )
            inspections.append(
                inspection.LineInspection(
                    line_id=int(line["line_id"]),
                    resellable=line["resellable"],
                    damaged=line["damaged"],
                    missing=line["missing"],
                )
            )
        return _returned(
            inspection.return_request_inspect(
                tenant_id=caller.tenant.pk,
                request_id=pk,
                inspections=inspections,
                actor=caller.actor(),
            )
        )

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        description="Settle an inspected return; Saleor then records it and refunds (granted "
        "refund sent through the payment), exchanges (replacement draft order) or credits "
        "(gift card). The return stays INSPECTED (saleorState pending) and becomes COMPLETED "
        "once Saleor accepted it; a refusal leaves it INSPECTED with saleorState failed and "
        "Saleor's saleorErrorCode and saleorError. Allowed again after a refusal.",
        id=graphene.ID(required=True),
        resolution=OmsReturnResolution(),
        replacements=graphene.List(
            graphene.NonNull(OmsReturnReplacementInput),
            description="Exchanges: the variant wanted instead, per line.",
        ),
    )
    def return_request_complete(
        caller: Caller,
        id: str,
        resolution: str | None = None,
        replacements: list[dict[str, Any]] | None = None,
    ) -> OmsReturnPayload:
        pk = _request_pk(id)
        wanted: dict[int, str] = {}
        for item in replacements or []:
            if not str(item["line_id"]).isdigit():
                raise ReturnError(ReturnErrorCode.NOT_FOUND, "Unknown line.", field="replacements")
            wanted[int(item["line_id"])] = item["variant_id"]
        completion.return_request_complete(
            tenant_id=caller.tenant.pk,
            request_id=pk,
            actor=caller.actor(),
            resolution=str(enum_value(resolution)) if resolution else None,
            replacements=wanted,
        )
        # Eager tasks may have recorded it in Saleor already.
        return _returned(ReturnRequest.objects.get(pk=pk))

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        description="Record a return in Saleor again after it failed (or stalled); what Saleor "
        "already holds is adopted, never redone; it completes once Saleor accepts it.",
        id=graphene.ID(required=True),
    )
    def return_request_retry_saleor(caller: Caller, id: str) -> OmsReturnPayload:
        pk = _request_pk(id)
        completion.return_request_retry_saleor(
            tenant_id=caller.tenant.pk, request_id=pk, actor=caller.actor()
        )
        return _returned(ReturnRequest.objects.get(pk=pk))

    @mutation(
        OmsReturnPayload,
        access=STAFF,
        errors=RETURN_ERRORS,
        id=graphene.ID(required=True),
        reason=graphene.String(),
    )
    def return_request_cancel(
        caller: Caller, id: str, reason: str | None = None
    ) -> OmsReturnPayload:
        pk = _request_pk(id)
        return _returned(
            review.return_request_cancel(
                tenant_id=caller.tenant.pk, request_id=pk, actor=caller.actor(), reason=reason or ""
            )
        )
