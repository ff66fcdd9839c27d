"""Deciding on a return: staff approve or reject a request, or cancel a return whose goods
are not in hand yet.

Each decision locks the return, keeps the reason given and moves it through ``transitions``
(audited, and published as the rule trigger ``return.<status>``) in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.locks import lock_return_or_not_found
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.transitions import return_transition

R = ReturnRequest.Status


def return_request_approve(
    *, tenant_id: int, request_id: int, actor: Actor, reason: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        request.decision_reason = reason
        return_transition(
            request, R.APPROVED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request


def return_request_reject(
    *, tenant_id: int, request_id: int, reason: str, actor: Actor
) -> ReturnRequest:
    if not reason.strip():
        raise ReturnError(
            ReturnErrorCode.INVALID_REASON, "Say why the return is rejected.", field="reason"
        )
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        request.decision_reason = reason.strip()
        return_transition(
            request, R.REJECTED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request


def return_request_cancel(
    *, tenant_id: int, request_id: int, actor: Actor, reason: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        request.decision_reason = reason.strip()
        return_transition(
            request, R.CANCELLED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request
