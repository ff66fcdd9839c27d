"""Staff accept a correction the checks proposed for a held order, and the Saleor order
changes: a substitute replaces a short line (``orderLinesCreate``, then ``orderLineDelete``),
or the suggested fields correct the shipping address (``orderUpdate``).

Saleor is called outside any transaction, after the acceptance of a substitute is written down
(``SubstituteIntent``), and the acceptance is audited once it is complete. Setting an address
needs no such record: setting the same address again changes nothing. The
result stays held: Saleor's ``ORDER_UPDATED`` brings the changed order into the read model,
whose listener runs the checks again on it (``listeners.on_order_changed``).

Saleor lets an app change an order's lines only while it is UNCONFIRMED, and its addresses
while it is not fulfilled yet: anything else is refused here before Saleor is asked. These
calls were tested against a fake answering in the shape of Saleor's schema and against a live
Saleor (tests/live/test_10_screening.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.orders.addresses import ADDRESS_FIELDS
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorMutationError
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.errors import IllegalTransition, ScreeningError
from saleor_oms_plugin.screening.events import ScreeningEvent
from saleor_oms_plugin.screening.facts import CheckName
from saleor_oms_plugin.screening.locks import lock_result
from saleor_oms_plugin.screening.models import ScreeningResult, SubstituteIntent
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

S = ScreeningResult.State
# How long one acceptance holds a line's intent: another waits that long after a crash.
CLAIM = timedelta(seconds=60)
LINES_EDITABLE = frozenset({"UNCONFIRMED"})
ADDRESS_EDITABLE = frozenset({"UNCONFIRMED", "UNFULFILLED"})


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
    first, then the line deleted, so a refusal never leaves the customer with less.

    The acceptance is written down (``SubstituteIntent``) before Saleor is asked; accepting
    again after a crash, a timeout or a refused delete resumes it: a substitute Saleor already
    added is not added twice, a line already deleted is not deleted again."""
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
    intent = _claim(result, line_id=line_id, variant_id=variant_id, quantity=quantity)
    client = tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    try:
        _substitute(client, order, intent)
    finally:
        SubstituteIntent.objects.filter(pk=intent.pk).update(claimed_until=None)
    facts = {
        "lineId": line_id,
        "variantId": variant_id,
        "quantity": intent.quantity,
        "addedLines": intent.added_lines,
    }
    _accepted(result, ScreeningEvent.SUBSTITUTE_ACCEPTED, actor, facts)
    return result


def _claim(
    result: ScreeningResult, *, line_id: str, variant_id: str, quantity: int
) -> SubstituteIntent:
    """The line's acceptance, new or resumed, claimed for ``CLAIM``; refused while another
    acceptance holds it, once it is done, or for another substitute than one half applied."""
    now = timezone.now()
    with transaction.atomic():
        locked = lock_result(result.tenant_id, result.order_id)
        if locked is None or locked.state != S.HELD:
            raise IllegalTransition(str(locked.state if locked else "gone"), "corrected")
        intent = SubstituteIntent.objects.filter(order_id=result.order_id, line_id=line_id).first()
        if intent is None:
            return SubstituteIntent.objects.create(
                tenant_id=result.tenant_id,
                order_id=result.order_id,
                line_id=line_id,
                variant_id=variant_id,
                quantity=quantity,
                claimed_until=now + CLAIM,
            )
        if intent.state == SubstituteIntent.State.DONE:
            raise ScreeningError(
                ScreeningErrorCode.ALREADY_ACCEPTED,
                "A substitute already replaced this line.",
                field="lineId",
            )
        if intent.claimed_until is not None and intent.claimed_until > now:
            raise ScreeningError(
                ScreeningErrorCode.CORRECTION_IN_PROGRESS,
                "Another acceptance of a substitute for this line is being applied; try again "
                "in a minute.",
                field="lineId",
            )
        if intent.variant_id != variant_id:
            raise ScreeningError(
                ScreeningErrorCode.CORRECTION_IN_PROGRESS,
                f"An acceptance of substitute {intent.variant_id} for this line was cut short; "
                "accept that substitute again to finish it.",
                field="variantId",
            )
        intent.claimed_until = now + CLAIM
        intent.save(update_fields=["claimed_until", "updated_at"])
        return intent


def _substitute(client: SaleorClient, order: Order, intent: SubstituteIntent) -> None:
    """Bring the Saleor order to "substitute added, line deleted" from wherever the intent
    stopped, reading Saleor's lines first."""
    found = client.execute("queries/order_lines", {"id": order.saleor_id}).get("order")
    if found is None:
        raise ScreeningError(
            ScreeningErrorCode.NOT_FOUND, "Saleor no longer has this order.", field="orderId"
        )
    if found["status"] not in LINES_EDITABLE and intent.state == SubstituteIntent.State.ASKING:
        order.status = found["status"]
        _editable(order, LINES_EDITABLE, "the lines")
    held = {row["id"]: row for row in found["lines"]}
    of_substitute = [
        row for row in found["lines"] if (row.get("variant") or {}).get("id") == intent.variant_id
    ]
    units = sum(row["quantity"] for row in of_substitute)
    if intent.state == SubstituteIntent.State.ASKING:
        if intent.baseline is None:
            _move(intent, baseline=units)
        elif units >= intent.baseline + intent.quantity:
            _move(intent, state=SubstituteIntent.State.ADDED, added_lines=_ids(of_substitute))
    if intent.state == SubstituteIntent.State.ASKING:
        try:
            created = client.mutate(
                "mutations/order_lines_create",
                {
                    "id": order.saleor_id,
                    "input": [{"variantId": intent.variant_id, "quantity": intent.quantity}],
                },
                payload="orderLinesCreate",
            )
        except SaleorMutationError as exc:
            intent.delete()  # nothing was added: a later acceptance starts afresh
            raise _refused(exc) from None
        _move(
            intent,
            state=SubstituteIntent.State.ADDED,
            added_lines=_ids(created.get("orderLines") or []),
        )
    if intent.line_id in held:
        try:
            client.mutate(
                "mutations/order_line_delete", {"id": intent.line_id}, payload="orderLineDelete"
            )
        except SaleorMutationError as exc:
            kept = (
                f" (the substitute was added as {', '.join(intent.added_lines)}; the line it "
                "replaces stays until the substitute is accepted again)"
            )
            raise _refused(exc, kept) from None
    _move(intent, state=SubstituteIntent.State.DONE)


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


def _move(intent: SubstituteIntent, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(intent, name, value)
    intent.save(update_fields=[*changes, "updated_at"])


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
