"""Staff accept a correction the checks proposed for a held order, and the Saleor order
changes: a substitute replaces a short line (``orderLinesCreate``, then ``orderLineDelete``),
or the suggested fields correct the shipping address (``orderUpdate``).

Saleor is called outside any transaction, and the acceptance is audited once it answered. The
result stays held: Saleor's ``ORDER_UPDATED`` brings the changed order into the read model,
whose listener runs the checks again on it (``listeners.on_order_changed``).

Saleor lets an app change an order's lines only while it is UNCONFIRMED, and its addresses
while it is not fulfilled yet: anything else is refused here before Saleor is asked. These
calls were tested against a fake answering in the shape of Saleor's schema, not yet against a
live Saleor.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.saleor.errors import SaleorMutationError
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.errors import IllegalTransition, ScreeningError
from saleor_oms_plugin.screening.events import ScreeningEvent
from saleor_oms_plugin.screening.facts import CheckName
from saleor_oms_plugin.screening.models import ScreeningResult
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

S = ScreeningResult.State
LINES_EDITABLE = frozenset({"UNCONFIRMED"})
ADDRESS_EDITABLE = frozenset({"UNCONFIRMED", "UNFULFILLED"})
# Saleor's AddressInput fields the read model keeps (its Address type's names).
ADDRESS_FIELDS = (
    "firstName",
    "lastName",
    "companyName",
    "streetAddress1",
    "streetAddress2",
    "city",
    "cityArea",
    "postalCode",
    "country",
    "countryArea",
    "phone",
)


def _held(tenant_id: int, order_id: int) -> ScreeningResult:
    result = (
        ScreeningResult.objects.select_related("order")
        .filter(tenant_id=tenant_id, order_id=order_id)
        .first()
    )
    if result is None:
        raise ScreeningError(
            ScreeningErrorCode.NOT_FOUND, "The order has no screening result.", field="orderId"
        )
    if result.state != S.HELD:
        raise IllegalTransition(str(result.state), "corrected")
    return result


def _suggestion(result: ScreeningResult, check: CheckName) -> dict[str, Any]:
    found = next((c for c in result.checks if c.get("check") == check.value), None)
    return (found or {}).get("suggestion") or {}


def _editable(order: Order, statuses: frozenset[str], what: str) -> None:
    if order.status not in statuses:
        raise ScreeningError(
            ScreeningErrorCode.ORDER_NOT_EDITABLE,
            f"Saleor changes {what} of {' or '.join(sorted(statuses))} orders only; "
            f"order {order.number} is {order.status}.",
            field="orderId",
        )


def _refused(exc: SaleorMutationError, done: str = "") -> ScreeningError:
    return ScreeningError(
        ScreeningErrorCode.SALEOR_REFUSED, f"Saleor refused the change{done}: {exc}"
    )


def screening_accept_substitute(
    *, tenant_id: int, order_id: int, line_id: str, variant_id: str, actor: Actor
) -> ScreeningResult:
    """Replace a short line (its Saleor id) of a held order by a substitute the stock check
    proposed for it, for the units the line still has to ship: the substitute is added
    first, then the line deleted, so a refusal never leaves the customer with less."""
    result = _held(tenant_id, order_id)
    proposed = _suggestion(result, CheckName.STOCK).get("substitutes", {}).get(line_id) or []
    if variant_id not in {s.get("variantId") for s in proposed}:
        raise ScreeningError(
            ScreeningErrorCode.NOT_PROPOSED,
            "The stock check did not propose this substitute for this line.",
            field="variantId",
        )
    order = result.order
    _editable(order, LINES_EDITABLE, "the lines")
    line = order.lines.filter(saleor_id=line_id).first()
    if line is None:
        raise ScreeningError(
            ScreeningErrorCode.NOT_FOUND, "The order has no such line.", field="lineId"
        )
    quantity = max(1, line.quantity - line.quantity_fulfilled)
    client = tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    try:
        created = client.mutate(
            "mutations/order_lines_create",
            {"id": order.saleor_id, "input": [{"variantId": variant_id, "quantity": quantity}]},
            payload="orderLinesCreate",
        )
    except SaleorMutationError as exc:
        raise _refused(exc) from None
    added = [row["id"] for row in created.get("orderLines") or []]
    facts = {"lineId": line_id, "variantId": variant_id, "quantity": quantity, "addedLines": added}
    try:
        client.mutate("mutations/order_line_delete", {"id": line_id}, payload="orderLineDelete")
    except SaleorMutationError as exc:
        _accepted(
            result, ScreeningEvent.SUBSTITUTE_ACCEPTED, actor, {**facts, "lineDeleted": False}
        )
        kept = f" (the substitute was added as {', '.join(added)}; the line it replaces stays)"
        raise _refused(exc, kept) from None
    _accepted(result, ScreeningEvent.SUBSTITUTE_ACCEPTED, actor, {**facts, "lineDeleted": True})
    return result


def address_input(current: dict[str, Any] | None, correction: dict[str, Any]) -> dict[str, Any]:
    """Saleor's AddressInput: the order's shipping address with the corrected fields."""
    merged = {**(current or {}), **correction}
    return {key: str(merged[key]) for key in ADDRESS_FIELDS if merged.get(key) not in (None, "")}


def screening_accept_address(*, tenant_id: int, order_id: int, actor: Actor) -> ScreeningResult:
    """Set the held order's shipping address in Saleor to the correction the address check
    suggested (the other fields as they are)."""
    result = _held(tenant_id, order_id)
    correction = _suggestion(result, CheckName.ADDRESS)
    if not correction:
        raise ScreeningError(
            ScreeningErrorCode.NOT_PROPOSED,
            "The address check suggested no correction for this order.",
            field="orderId",
        )
    order = result.order
    _editable(order, ADDRESS_EDITABLE, "the shipping address")
    address = address_input(order.shipping_address, correction)
    client = tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    try:
        client.mutate(
            "mutations/order_update_shipping_address",
            {"id": order.saleor_id, "address": address},
            payload="orderUpdate",
        )
    except SaleorMutationError as exc:
        raise _refused(exc) from None
    _accepted(result, ScreeningEvent.ADDRESS_ACCEPTED, actor, {"correction": correction})
    return result


def _accepted(
    result: ScreeningResult, event: ScreeningEvent, actor: Actor, data: dict[str, Any]
) -> None:
    with transaction.atomic():
        audit_record(
            tenant_id=result.tenant_id, subject=result.order, verb=event, actor=actor, data=data
        )
