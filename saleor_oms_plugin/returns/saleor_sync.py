"""Recording a completed return in Saleor, safely repeatable.

Neither ``orderFulfillmentReturnProducts`` nor ``orderGrantRefundCreate`` takes an idempotency
key. So each run first reads the order from Saleor and adopts what an earlier, interrupted run
already created: a RETURNED fulfilment with exactly this return's lines that no other return
claims, and a granted refund whose reason starts with this RMA number. Saleor ids are stored as
soon as they are known, so a retry never sends twice. Calls run outside any transaction.

Saleor's return puts nothing back in stock (see ../shared/saleor/README.md): restocking
happened on inspection through the inventory ledger, which writes Saleor's quantity back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.returns.models import Resolution, ReturnRequest
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorMutationError

S = ReturnRequest.SaleorState
RETURNED = ("RETURNED", "REFUNDED_AND_RETURNED")


def _units(request: ReturnRequest) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in request.lines.select_related("order_line"):
        if line.quantity_received:
            line_id = line.order_line.saleor_id
            units[line_id] = units.get(line_id, 0) + line.quantity_received
    return units


def _fulfillment_units(fulfillment: dict[str, Any]) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in fulfillment.get("lines") or []:
        line_id = (line.get("orderLine") or {}).get("id") or ""
        units[line_id] = units.get(line_id, 0) + int(line.get("quantity") or 0)
    return units


def _store(request: ReturnRequest, verb: str, **changes: Any) -> None:
    with transaction.atomic():
        locked = ReturnRequest.objects.select_for_update().get(pk=request.pk)
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


def _fail(request: ReturnRequest, exc: SaleorMutationError) -> str:
    _store(request, "return.saleor_failed", saleor_state=S.FAILED, saleor_error=str(exc))
    return "failed"


def return_sync(*, client: SaleorClient, request_id: int) -> str:
    """Record a completed return in Saleor; returns "done", "failed" or "skipped".

    Transport errors propagate for the task to retry (the next run adopts what Saleor did)."""
    request = ReturnRequest.objects.select_related("order").get(pk=request_id)
    if request.status != ReturnRequest.Status.COMPLETED or request.saleor_state != S.PENDING:
        return "skipped"
    order_id = request.order.saleor_id
    state = (client.execute("queries/return_order_state", {"id": order_id}) or {}).get("order")
    if state is None:
        _store(request, "return.saleor_failed", saleor_state=S.FAILED, saleor_error="no order")
        return "failed"
    units = _units(request)
    if not request.saleor_return_fulfillment_id and units:
        claimed = set(
            ReturnRequest.objects.filter(order=request.order)
            .exclude(saleor_return_fulfillment_id="")
            .values_list("saleor_return_fulfillment_id", flat=True)
        )
        adopted = next(
            (
                f["id"]
                for f in state.get("fulfillments") or []
                if f["status"] in RETURNED
                and f["id"] not in claimed
                and _fulfillment_units(f) == units
            ),
            None,
        )
        if adopted is None:
            try:
                result = client.mutate(
                    "mutations/order_return_products",
                    {
                        "order": order_id,
                        "input": {
                            "orderLines": [
                                {"orderLineId": line_id, "quantity": qty, "reason": request.rma}
                                for line_id, qty in sorted(units.items())
                            ],
                            "refund": False,
                            "reason": request.rma,
                        },
                    },
                    payload="orderFulfillmentReturnProducts",
                )
            except SaleorMutationError as exc:
                return _fail(request, exc)
            adopted = (result.get("returnFulfillment") or {}).get("id") or ""
        _store(request, "return.saleor_recorded", saleor_return_fulfillment_id=adopted)
    amount = request.refund_amount or Decimal(0)
    if (
        request.resolution == Resolution.REFUND
        and amount > 0
        and not request.saleor_granted_refund_id
    ):
        granted = next(
            (
                g["id"]
                for g in state.get("grantedRefunds") or []
                if (g.get("reason") or "").startswith(request.rma)
            ),
            None,
        )
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
                _store(
                    request,
                    "return.saleor_failed",
                    saleor_state=S.FAILED,
                    saleor_error="no payment transaction can cover the refund",
                )
                return "failed"
            try:
                result = client.mutate(
                    "mutations/order_grant_refund_create",
                    {
                        "id": order_id,
                        "input": {
                            "amount": str(amount),
                            "reason": f"{request.rma} return refund",
                            "transactionId": transaction_id,
                        },
                    },
                    payload="orderGrantRefundCreate",
                )
            except SaleorMutationError as exc:
                return _fail(request, exc)
            granted = (result.get("grantedRefund") or {}).get("id") or ""
        _store(request, "return.refund_granted", saleor_granted_refund_id=granted)
    _store(request, "return.saleor_synced", saleor_state=S.DONE, saleor_error="")
    return "done"
