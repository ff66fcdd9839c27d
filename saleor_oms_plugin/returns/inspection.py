"""Inspecting what came back: per line, the units resellable, damaged and missing.

Resellable units go back on hand at the receiving location through the inventory ledger in the
same transaction as the inspection, so a return is restocked exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import StockMovement
from saleor_oms_plugin.inventory.services import stock_adjust
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.locks import lock_return_or_not_found
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.transitions import return_check_transition, return_transition

R = ReturnRequest.Status


@dataclass(frozen=True)
class LineInspection:
    line_id: int  # ReturnLine pk
    resellable: int
    damaged: int
    missing: int


def return_request_inspect(
    *,
    tenant_id: int,
    request_id: int,
    inspections: Sequence[LineInspection],
    actor: Actor,
) -> ReturnRequest:
    """Record what came back per line; resellable units go back on hand at the receiving
    location (a RETURN_RESTOCK movement each) in the same transaction, so a return is
    restocked exactly once."""
    with transaction.atomic():
        request = lock_return_or_not_found(tenant_id, request_id)
        return_check_transition(request, R.INSPECTED)
        lines = {line.pk: line for line in request.lines.select_related("order_line")}
        given = {item.line_id: item for item in inspections}
        if set(given) != set(lines):
            raise ReturnError(
                ReturnErrorCode.INVALID_INSPECTION,
                "Inspect every line of the return once.",
                field="lines",
            )
        for pk, item in given.items():
            counts = (item.resellable, item.damaged, item.missing)
            if min(counts) < 0 or sum(counts) != lines[pk].quantity:
                raise ReturnError(
                    ReturnErrorCode.INVALID_INSPECTION,
                    f"Line {pk}: resellable, damaged and missing must add up to "
                    f"{lines[pk].quantity}.",
                    field="lines",
                )
        for pk, item in given.items():
            line = lines[pk]
            line.quantity_resellable = item.resellable
            line.quantity_damaged = item.damaged
            line.quantity_missing = item.missing
            line.save(update_fields=["quantity_resellable", "quantity_damaged", "quantity_missing"])
            if item.resellable and request.location_id is not None:
                try:
                    stock_adjust(
                        tenant_id=tenant_id,
                        location_id=request.location_id,
                        variant_id=line.order_line.variant_id,
                        sku=line.order_line.sku,
                        delta=item.resellable,
                        actor=actor,
                        reason=StockMovement.Reason.RETURN_RESTOCK,
                        reference=request.rma,
                    )
                except InventoryError as exc:
                    raise ReturnError(
                        ReturnErrorCode.INVALID_INSPECTION, exc.message, field="lines"
                    ) from exc
        return_transition(
            request,
            R.INSPECTED,
            actor=actor,
            data={
                "lines": {
                    str(pk): {
                        "resellable": i.resellable,
                        "damaged": i.damaged,
                        "missing": i.missing,
                    }
                    for pk, i in given.items()
                }
            },
        )
    return request
