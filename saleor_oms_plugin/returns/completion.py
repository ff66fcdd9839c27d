"""Completing an inspected return: its resolution and refund are fixed, and Saleor is asked to
record it.

Saleor is told by a task scheduled after commit (``saleor_sync``); the return becomes COMPLETED
only once Saleor accepted it. A recording that failed, or stalled, may be retried.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.locks import lock_return_or_not_found
from saleor_oms_plugin.returns.models import Resolution, ReturnRequest
from saleor_oms_plugin.returns.saleor_sync import STALLED_AFTER, return_sync_stalled
from saleor_oms_plugin.returns.scheduling import return_sync_after_commit
from saleor_oms_plugin.returns.transitions import return_check_transition

R = ReturnRequest.Status
CENT = Decimal("0.01")


def refund_amount(request: ReturnRequest) -> Decimal:
    """What the customer gets back: the received units (resellable or damaged; missing units
    are not refunded) less the restocking fee (a percentage of that) and the return shipping
    fee, never below zero."""
    received = sum(
        (line.unit_price * line.quantity_received for line in request.lines.all()), Decimal(0)
    )
    fee = received * request.restocking_fee_percent / Decimal(100)
    amount = received - fee - request.return_shipping_fee
    return max(amount, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def _set_replacements(request: ReturnRequest, replacements: Mapping[int, str]) -> None:
    """Exchanges: the variant wanted instead, per return line (pk -> Saleor variant ID)."""
    lines = {line.pk: line for line in request.lines.all()}
    unknown = sorted(set(replacements) - set(lines))
    if unknown:
        raise ReturnError(
            ReturnErrorCode.NOT_FOUND, f"Unknown return lines {unknown}.", field="replacements"
        )
    for pk, variant_id in replacements.items():
        if not variant_id.strip():
            raise ReturnError(
                ReturnErrorCode.INVALID_RESOLUTION,
                "Name the replacement variant.",
                field="replacements",
            )
        lines[pk].replacement_variant_id = variant_id.strip()
        lines[pk].save(update_fields=["replacement_variant_id"])


def return_request_complete(
    *,
    tenant_id: int,
    request_id: int,
    actor: Actor,
    resolution: str | None = None,
    replacements: Mapping[int, str] | None = None,
) -> ReturnRequest:
    """Settle an inspected return: fix the resolution and the refund, and have it recorded in
    Saleor by a task after commit (``saleor_sync``): the returned units with
    ``orderFulfillmentReturnProducts``, then a refund granted and sent through the payment
    transaction, an exchange as a replacement draft order, or store credit as a gift card.

    The return stays INSPECTED (``saleor_state`` PENDING) and becomes COMPLETED only once Saleor
    accepted it; a refusal leaves it INSPECTED and FAILED with Saleor's error, and staff may
    complete it again (another resolution, once nothing of the first was issued in Saleor).
    ``replacements``: return line pk -> the variant wanted instead."""
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        return_check_transition(request, R.COMPLETED)
        if request.saleor_state == ReturnRequest.SaleorState.PENDING:
            raise ReturnError(
                ReturnErrorCode.ILLEGAL_TRANSITION,
                "The return is being recorded in Saleor; it completes once Saleor accepts it.",
                field="status",
            )
        if resolution:
            if resolution not in Resolution.values:
                raise ReturnError(
                    ReturnErrorCode.INVALID_RESOLUTION, "Unknown resolution.", field="resolution"
                )
            issued = (
                request.saleor_granted_refund_id
                or request.saleor_exchange_order_id
                or request.saleor_gift_card_id
            )
            if issued and resolution != request.resolution:
                raise ReturnError(
                    ReturnErrorCode.INVALID_RESOLUTION,
                    f"Saleor already holds the {request.resolution} of this return; "
                    "retry it instead.",
                    field="resolution",
                )
            request.resolution = resolution
        if replacements:
            _set_replacements(request, replacements)
        request.refund_amount = refund_amount(request)
        request.saleor_state = ReturnRequest.SaleorState.PENDING
        request.save(update_fields=["resolution", "refund_amount", "saleor_state", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=request,
            verb=ReturnEvent.COMPLETION_REQUESTED,
            actor=actor,
            data={"resolution": str(request.resolution), "refund": str(request.refund_amount)},
        )
        return_sync_after_commit(tenant_id=tenant_id, request_id=request_id)
    return request


def return_request_retry_saleor(*, tenant_id: int, request_id: int, actor: Actor) -> ReturnRequest:
    """Try recording a return in Saleor again after it failed (e.g. once the app was granted a
    permission it lacked, or the order was corrected in Saleor), or when it has been PENDING
    with no attempt for ``STALLED_AFTER`` (its task was lost). What Saleor already holds is
    adopted, never redone; the return completes once Saleor accepts it."""
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        failed = request.saleor_state == ReturnRequest.SaleorState.FAILED
        if not failed and not return_sync_stalled(request):
            raise ReturnError(
                ReturnErrorCode.ILLEGAL_TRANSITION,
                "Only a return whose recording in Saleor failed, or has been pending for "
                f"{STALLED_AFTER.seconds // 60} minutes, can be retried.",
                field="id",
            )
        request.saleor_state = ReturnRequest.SaleorState.PENDING
        request.save(update_fields=["saleor_state", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=request,
            verb=ReturnEvent.SALEOR_RETRIED,
            actor=actor,
            data={"error": request.saleor_error},
        )
        return_sync_after_commit(tenant_id=tenant_id, request_id=request_id)
    return request
