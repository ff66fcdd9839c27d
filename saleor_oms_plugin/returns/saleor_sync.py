"""Recording a completed return in Saleor, safely repeatable.

The return is COMPLETED in the OMS only when every step below was accepted by Saleor; until
then it stays INSPECTED with ``saleor_state`` PENDING, and a refusal leaves it INSPECTED and
FAILED with Saleor's error code and message for staff (who may retry, or complete it again
with another resolution).

Steps, each adopted rather than repeated when an earlier, interrupted run already did it:

1. ``orderFulfillmentReturnProducts`` records the received units (``reason`` = the RMA marker;
   a RETURNED fulfilment with that reason and exactly these units is this return's). Shipped
   units go in ``fulfillmentLines``: the lines of the order's FULFILLED fulfilments, read
   fresh from Saleor, a line shipped in several fulfilments split across them; ``orderLines``
   only carries units Saleor never fulfilled (Saleor refuses more with INVALID_QUANTITY).
2. By resolution:
   - refund: ``orderGrantRefundCreate`` on the payment transaction that can cover it, with the
     amount (fees deducted) and the returned lines (a granted refund whose reason starts with
     the RMA is adopted), then
     ``transactionRequestRefundForGrantedRefund`` sends it to the payment provider (a granted
     refund whose status is no longer NONE was sent already);
   - exchange: ``draftOrderCreate`` with the replacement lines, channel, customer and addresses
     of the original order, marked with metadata ``oms.return`` (looked up before creating);
   - store credit: ``giftCardCreate`` for the refund amount (fees deducted) to the customer's
     email, marked the same way.

None of these mutations takes an idempotency key, hence the markers (built, with every input, in
``saleor_inputs``); Saleor ids are stored as soon as they are known. Calls run outside any
transaction. Transport and database errors propagate for the task to retry; Saleor's refusals
(mutation errors, a permission the app lacks) and anything unexpected mark the return FAILED with
the reason and its code for staff, as does the task when its retries run out. Every attempt touches
``updated_at``, so a return PENDING and untouched for ``STALLED_AFTER`` was lost on the way (a
broker down at commit, a worker gone): the beat sweep queues it again and staff may retry it.

Saleor's return puts nothing back in stock (see ../shared/saleor/README.md): restocking
happened on inspection through the inventory ledger, which writes Saleor's quantity back.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.returns.error_codes import SaleorSyncErrorCode
from saleor_oms_plugin.returns.errors import SyncRefused
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.locks import lock_return_by_id, lock_return_pending_in_saleor
from saleor_oms_plugin.returns.models import Resolution, ReturnRequest
from saleor_oms_plugin.returns.saleor_inputs import (
    MARKER_KEY,
    amount_input,
    exchange_draft_input,
    gift_card_input,
    marker,
    received_units,
    refund_reason,
    return_products_input,
    return_reason,
)
from saleor_oms_plugin.returns.transitions import return_transition
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import (
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorNotFound,
    SaleorPermissionDenied,
    SaleorResponseError,
    SaleorTransportError,
)

logger = logging.getLogger(__name__)
S = ReturnRequest.SaleorState
# Errors the task retries; anything else is recorded as FAILED.
RETRYABLE = (SaleorTransportError, OperationalError, InterfaceError)
# The task retries at most every ten minutes, and each attempt touches the return: a return
# PENDING and untouched for longer than this has no task coming.
STALLED_AFTER = timedelta(minutes=15)
RETURNED = ("RETURNED", "REFUNDED_AND_RETURNED")
# A return is recorded (and so may complete) from these statuses; COMPLETED: returns completed
# before completion waited for Saleor.
SYNCABLE = (ReturnRequest.Status.INSPECTED, ReturnRequest.Status.COMPLETED)


def _fulfillment_units(fulfillment: dict[str, Any]) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in fulfillment.get("lines") or []:
        line_id = (line.get("orderLine") or {}).get("id") or ""
        units[line_id] = units.get(line_id, 0) + int(line.get("quantity") or 0)
    return units


def _store(request: ReturnRequest, verb: ReturnEvent, **changes: Any) -> None:
    with transaction.atomic():
        locked = lock_return_by_id(request.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(request, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
        audit_record(
            tenant_id=request.tenant_id,
            subject=request,
            verb=verb,
            actor=Actor.system(),
            data={k: str(v) for k, v in changes.items()},
        )


# -- 1. the returned units -------------------------------------------------------------------


def _record_return(client: SaleorClient, request: ReturnRequest, state: dict[str, Any]) -> None:
    units = received_units(request)
    if request.saleor_return_fulfillment_id or not units:
        return
    reason = return_reason(request)
    adopted = next(
        (
            f["id"]
            for f in state.get("fulfillments") or []
            if f["status"] in RETURNED
            and f.get("reason") == reason
            and _fulfillment_units(f) == units
        ),
        None,
    )
    if adopted is None:
        result = client.mutate(
            "mutations/order_return_products",
            {
                "order": request.order.saleor_id,
                "input": return_products_input(request, state, units),
            },
            payload="orderFulfillmentReturnProducts",
        )
        adopted = (result.get("returnFulfillment") or {}).get("id") or ""
    _store(request, ReturnEvent.SALEOR_RECORDED, saleor_return_fulfillment_id=adopted)


# -- 2a. refund ------------------------------------------------------------------------------


def _refund(client: SaleorClient, request: ReturnRequest, state: dict[str, Any]) -> None:
    amount = request.refund_amount or Decimal(0)
    if amount <= 0:
        return
    granted_refunds = state.get("grantedRefunds") or []
    if request.saleor_granted_refund_id:
        granted = next(
            (g for g in granted_refunds if g["id"] == request.saleor_granted_refund_id), None
        )
        if granted is None:
            raise SyncRefused(
                SaleorSyncErrorCode.GRANTED_REFUND_MISSING,
                "the granted refund is no longer on the order in Saleor",
            )
    else:
        prefix = request.rma + " "
        granted = next(
            (g for g in granted_refunds if (g.get("reason") or "").startswith(prefix)), None
        )
    transaction_id = ((granted or {}).get("transaction") or {}).get("id")
    if granted is None:
        transaction_id = next(
            (
                t["id"]
                for t in state.get("transactions") or []
                if Decimal(str((t.get("chargedAmount") or {}).get("amount") or 0)) >= amount
            ),
            None,
        )
        if transaction_id is None:
            raise SyncRefused(
                SaleorSyncErrorCode.NO_PAYMENT_TRANSACTION,
                "no payment transaction of the order can cover the refund",
            )
        result = client.mutate(
            "mutations/order_grant_refund_create",
            {
                "id": request.order.saleor_id,
                "input": {
                    "amount": amount_input(request),
                    "reason": refund_reason(request),
                    "transactionId": transaction_id,
                    # Which units the refund is for, shown on the order in Saleor; the amount
                    # (fees deducted) is what is refunded.
                    "lines": [
                        {"id": line_id, "quantity": quantity, "reason": request.rma}
                        for line_id, quantity in sorted(received_units(request).items())
                    ],
                },
            },
            payload="orderGrantRefundCreate",
        )
        granted = {**(result.get("grantedRefund") or {}), "status": "NONE"}
    if granted["id"] != request.saleor_granted_refund_id:
        _store(request, ReturnEvent.REFUND_GRANTED, saleor_granted_refund_id=granted["id"])
    if request.saleor_refund_requested:
        return
    status = granted.get("status") or "NONE"
    if status == "FAILURE":
        raise SyncRefused(
            SaleorSyncErrorCode.REFUND_FAILED,
            "the payment provider refused the refund; see the order in Saleor",
        )
    if status == "NONE":
        client.mutate(
            "mutations/return_refund_request",
            {"grantedRefundId": granted["id"], "transactionId": transaction_id},
            payload="transactionRequestRefundForGrantedRefund",
        )
    _store(request, ReturnEvent.REFUND_REQUESTED, saleor_refund_requested=True)


# -- 2b. exchange ----------------------------------------------------------------------------


def _exchange(client: SaleorClient, request: ReturnRequest) -> None:
    if request.saleor_exchange_order_id:
        return
    draft = exchange_draft_input(request)
    if not draft["lines"]:
        raise SyncRefused(SaleorSyncErrorCode.NOTHING_TO_EXCHANGE, "nothing came back to exchange")
    found = client.execute(
        "queries/return_exchange_drafts", {"key": MARKER_KEY, "value": marker(request)}
    )
    edges = (found.get("draftOrders") or {}).get("edges") or []
    draft_id = edges[0]["node"]["id"] if edges else None
    if draft_id is None:
        result = client.mutate(
            "mutations/return_exchange_draft_create", {"input": draft}, payload="draftOrderCreate"
        )
        draft_id = (result.get("order") or {}).get("id") or ""
    _store(request, ReturnEvent.EXCHANGE_DRAFTED, saleor_exchange_order_id=draft_id)


# -- 2c. store credit ------------------------------------------------------------------------


def _store_credit(client: SaleorClient, request: ReturnRequest) -> None:
    if request.saleor_gift_card_id or not (request.refund_amount or 0) > 0:
        return
    found = client.execute(
        "queries/return_gift_cards", {"key": MARKER_KEY, "value": marker(request)}
    )
    edges = (found.get("giftCards") or {}).get("edges") or []
    card_id = edges[0]["node"]["id"] if edges else None
    if card_id is None:
        result = client.mutate(
            "mutations/return_gift_card_create",
            {"input": gift_card_input(request)},
            payload="giftCardCreate",
        )
        card_id = (result.get("giftCard") or {}).get("id") or ""
    _store(request, ReturnEvent.STORE_CREDIT_ISSUED, saleor_gift_card_id=card_id)


# -- the task's entry point ------------------------------------------------------------------


def _explain(exc: Exception) -> tuple[str, str]:
    """(error code, message) kept on the return for staff: Saleor's own code when it refused."""
    if isinstance(exc, SyncRefused):
        return exc.code, str(exc)
    if isinstance(exc, SaleorMutationError):
        code = next((error.code for error in exc.errors if error.code), None)
        return code or SaleorSyncErrorCode.SALEOR_ERROR, str(exc)
    if isinstance(exc, SaleorPermissionDenied):
        return (
            SaleorSyncErrorCode.PERMISSION_DENIED,
            f"the app lacks a Saleor permission (update the app's permissions): {exc}",
        )
    return SaleorSyncErrorCode.SALEOR_ERROR, str(exc)


def _fail(request: ReturnRequest, code: str, message: str) -> None:
    _store(
        request,
        ReturnEvent.SALEOR_FAILED,
        saleor_state=S.FAILED,
        saleor_error=message,
        saleor_error_code=str(code),
    )


def _settle(request: ReturnRequest) -> None:
    """Saleor accepted every step: DONE, and the return COMPLETED (unless it already was)."""
    with transaction.atomic():
        locked = lock_return_by_id(request.pk)
        locked.saleor_state = S.DONE
        locked.saleor_error = ""
        locked.saleor_error_code = ""
        fields = ["saleor_state", "saleor_error", "saleor_error_code"]
        if locked.status == ReturnRequest.Status.COMPLETED:
            locked.save(update_fields=[*fields, "updated_at"])
        else:
            return_transition(
                locked,
                ReturnRequest.Status.COMPLETED,
                actor=Actor.system(),
                data={"saleor": "accepted", "refund": str(locked.refund_amount)},
                fields=fields,
            )
        audit_record(
            tenant_id=locked.tenant_id,
            subject=locked,
            verb=ReturnEvent.SALEOR_SYNCED,
            actor=Actor.system(),
            data={"saleor_state": str(S.DONE)},
        )
    request.status, request.saleor_state = locked.status, locked.saleor_state
    request.saleor_error, request.saleor_error_code = "", ""


def return_sync(*, client: SaleorClient, request_id: int) -> str:
    """Record a return staff completed in Saleor, then complete it; returns "done", "failed"
    or "skipped"."""
    request = ReturnRequest.objects.select_related("order").get(pk=request_id)
    if request.status not in SYNCABLE or request.saleor_state != S.PENDING:
        return "skipped"
    ReturnRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
    try:
        state = (
            client.execute("queries/return_order_state", {"id": request.order.saleor_id}) or {}
        ).get("order")
        if state is None:
            raise SyncRefused(
                SaleorSyncErrorCode.ORDER_NOT_IN_SALEOR, "Saleor does not know the order"
            )
        _record_return(client, request, state)
        if request.resolution == Resolution.REFUND:
            _refund(client, request, state)
        elif request.resolution == Resolution.EXCHANGE:
            _exchange(client, request)
        elif request.resolution == Resolution.STORE_CREDIT:
            _store_credit(client, request)
    except (
        SyncRefused,
        SaleorMutationError,
        SaleorGraphQLError,
        SaleorNotFound,
        SaleorResponseError,
    ) as exc:
        _fail(request, *_explain(exc))
        return "failed"
    except RETRYABLE:
        raise
    except Exception as exc:  # a bug or an answer we do not understand: staff must look
        logger.exception("Recording return %s in Saleor failed unexpectedly", request.pk)
        return_sync_give_up(
            request_id=request.pk,
            reason=f"unexpected error: {exc!r}",
            code=SaleorSyncErrorCode.UNEXPECTED,
        )
        return "failed"
    _settle(request)
    return "done"


def return_sync_give_up(
    *,
    request_id: int,
    reason: str,
    code: SaleorSyncErrorCode = SaleorSyncErrorCode.SALEOR_UNREACHABLE,
) -> bool:
    """Mark a return still PENDING in Saleor as FAILED with ``reason``, for staff to retry."""
    with transaction.atomic():
        request = lock_return_pending_in_saleor(request_id)
        if request is None:
            return False
        _fail(request, code, reason)
    return True


def return_sync_stalled(request: ReturnRequest) -> bool:
    """Whether a PENDING return has had no attempt for ``STALLED_AFTER`` (its task was lost)."""
    return (
        request.saleor_state == S.PENDING and request.updated_at <= timezone.now() - STALLED_AFTER
    )
