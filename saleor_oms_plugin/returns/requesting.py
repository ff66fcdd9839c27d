"""Opening a return (RMA): the units a customer or staff ask to send back.

Each line is checked against the channel's policy and the units still returnable, under a lock on
the order row, so two requests for the same order cannot both claim its last returnable unit. A
request within the policy's auto-approve conditions is approved at once. The request is audited
and published as a rule trigger (``return.requested``) about the order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.orders.locks import lock_order
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.models import ReturnLine, ReturnPolicy, ReturnRequest, RmaCounter
from saleor_oms_plugin.returns.selectors import (
    policy_for,
    returned_units,
    shipped_at,
    shipped_units,
)
from saleor_oms_plugin.returns.transitions import return_transition

R = ReturnRequest.Status


@dataclass(frozen=True)
class LineRequest:
    """One line of a return request: a Saleor order line id and what comes back."""

    order_line_id: str
    quantity: int
    reason: str
    note: str = ""
    # Exchanges: the Saleor ProductVariant ID wanted instead (blank: the same variant).
    replacement_variant_id: str = ""


def _next_rma_number(tenant_id: int) -> int:
    """The tenant's next RMA number; the counter row stays locked until the caller commits,
    so numbers are handed out in commit order without gaps."""
    RmaCounter.objects.bulk_create(
        [RmaCounter(tenant_id=tenant_id, last_number=0)], ignore_conflicts=True
    )
    RmaCounter.objects.filter(tenant_id=tenant_id).update(last_number=F("last_number") + 1)
    return RmaCounter.objects.values_list("last_number", flat=True).get(tenant_id=tenant_id)


def _check_lines(
    *,
    order: Order,
    policy: ReturnPolicy,
    lines: Sequence[LineRequest],
    now: dt.datetime,
) -> list[tuple[OrderLine, LineRequest]]:
    if not lines:
        raise ReturnError(
            ReturnErrorCode.INVALID_QUANTITY, "Return at least one unit.", field="lines"
        )
    by_id = {line.saleor_id: line for line in order.lines.all()}
    shipped = shipped_units(order=order)
    returned = returned_units(order=order)
    since = shipped_at(order=order)
    wanted: dict[str, int] = {}
    checked = []
    for item in lines:
        line = by_id.get(item.order_line_id)
        if line is None:
            raise ReturnError(
                ReturnErrorCode.NOT_FOUND,
                f"Order line {item.order_line_id} is not on the order.",
                field="lines",
            )
        if item.quantity <= 0:
            raise ReturnError(
                ReturnErrorCode.INVALID_QUANTITY,
                f"Line {item.order_line_id}: return a positive number of units.",
                field="lines",
            )
        if item.reason not in policy.reasons:
            raise ReturnError(
                ReturnErrorCode.INVALID_REASON,
                f"{item.reason!r} is not a return reason; choose one of {policy.reasons}.",
                field="lines",
            )
        if line.sku in policy.final_sale_skus or (
            line.product_type and line.product_type in policy.final_sale_product_types
        ):
            raise ReturnError(
                ReturnErrorCode.FINAL_SALE,
                f"{line.product_name} ({line.sku}) is final sale and cannot be returned.",
                field="lines",
            )
        shipped_on = since.get(line.saleor_id)
        if shipped_on is not None and now > shipped_on + dt.timedelta(  # type: ignore[operator]
            days=policy.window_days
        ):
            raise ReturnError(
                ReturnErrorCode.OUTSIDE_WINDOW,
                f"{line.product_name} ({line.sku}) shipped more than {policy.window_days} days "
                "ago; its return window has closed.",
                field="lines",
            )
        wanted[line.saleor_id] = wanted.get(line.saleor_id, 0) + item.quantity
        returnable = shipped.get(line.saleor_id, 0) - returned.get(line.saleor_id, 0)
        if wanted[line.saleor_id] > returnable:
            raise ReturnError(
                ReturnErrorCode.QUANTITY_EXCEEDED,
                f"{line.product_name} ({line.sku}): {max(returnable, 0)} unit(s) can still be "
                f"returned; {wanted[line.saleor_id]} requested.",
                field="lines",
            )
        checked.append((line, item))
    return checked


def _check_customer_replacements(
    tenant_id: int, checked: Sequence[tuple[OrderLine, LineRequest]]
) -> None:
    """A customer exchanges for another variant of the same product only (another size or
    colour), as far as the shop's orders tell which product a variant belongs to. Staff may
    name any variant (``return_request_complete``)."""
    swaps = [
        (line, item.replacement_variant_id.strip())
        for line, item in checked
        if item.replacement_variant_id.strip() not in ("", line.variant_id)
    ]
    if not swaps:
        return
    products: dict[str, str] = {}
    for variant_id, product_id in (
        OrderLine.objects.filter(
            order__tenant_id=tenant_id, variant_id__in={wanted for _, wanted in swaps}
        )
        .exclude(product_id="")
        .values_list("variant_id", "product_id")
    ):
        products.setdefault(variant_id, product_id)
    for line, wanted in swaps:
        if not line.product_id or products.get(wanted) != line.product_id:
            raise ReturnError(
                ReturnErrorCode.INVALID_REPLACEMENT,
                f"{line.product_name} can only be exchanged for another variant of the same "
                "product.",
                field="lines",
            )


def _auto_approves(policy: ReturnPolicy, value: Decimal, reasons: set[str]) -> bool:
    if policy.auto_approve_max_value is None and not policy.auto_approve_reasons:
        return False
    if policy.auto_approve_max_value is not None and value > policy.auto_approve_max_value:
        return False
    return not policy.auto_approve_reasons or reasons <= set(policy.auto_approve_reasons)


def return_request_create(
    *,
    tenant_id: int,
    order_id: int,
    lines: Sequence[LineRequest],
    resolution: str,
    actor: Actor,
    note: str = "",
    customer_user_id: str = "",
    customer_email: str = "",
    idempotency_key: str = "",
    now: dt.datetime | None = None,
) -> ReturnRequest:
    """Open a return (RMA) for units of a shipped order, checked against the channel's policy
    and the units still returnable; approved at once when the policy's auto-approve conditions
    hold. Refuses, storing nothing, with the first problem found.

    With an ``idempotency_key``, a request the tenant already opened under that key for this
    order is returned as it is, nothing checked or stored again: a client that retries after
    a timeout (the first call committed, its answer lost) gets its RMA, not a second one."""
    now = now or timezone.now()
    idempotency_key = idempotency_key.strip()
    if len(idempotency_key) > 64:
        raise ReturnError(
            ReturnErrorCode.INVALID_IDEMPOTENCY_KEY,
            "An idempotency key has at most 64 characters.",
            field="idempotencyKey",
        )
    with transaction.atomic():
        # The order row lock serialises requests for the same order (quantities, keys).
        order = lock_order(tenant_id, order_id)
        if order is None:
            raise ReturnError(ReturnErrorCode.NOT_FOUND, "No such order.", field="order")
        if idempotency_key:
            opened = ReturnRequest.objects.filter(
                tenant_id=tenant_id, idempotency_key=idempotency_key
            ).first()
            if opened is not None:
                if opened.order_id != order.pk:
                    raise ReturnError(
                        ReturnErrorCode.INVALID_IDEMPOTENCY_KEY,
                        "This idempotency key was used for another order's return.",
                        field="idempotencyKey",
                    )
                return opened
        policy = policy_for(tenant_id=tenant_id, channel=order.channel_slug)
        if policy is None:
            raise ReturnError(
                ReturnErrorCode.NO_POLICY,
                "This shop does not accept returns online.",
                field="order",
            )
        if resolution not in policy.resolutions:
            raise ReturnError(
                ReturnErrorCode.INVALID_RESOLUTION,
                f"{resolution!r} is not offered; choose one of {policy.resolutions}.",
                field="resolution",
            )
        checked = _check_lines(order=order, policy=policy, lines=lines, now=now)
        if actor.type == AuditEvent.ActorType.CUSTOMER:
            _check_customer_replacements(tenant_id, checked)
        request = ReturnRequest.objects.create(
            tenant_id=tenant_id,
            order=order,
            rma_number=_next_rma_number(tenant_id),
            idempotency_key=idempotency_key,
            resolution=resolution,
            customer_user_id=customer_user_id,
            customer_email=customer_email or order.user_email,
            note=note,
            currency=order.currency,
            restocking_fee_percent=policy.restocking_fee_percent,
            return_shipping_fee=policy.return_shipping_fee,
        )
        ReturnLine.objects.bulk_create(
            ReturnLine(
                request=request,
                order_line=line,
                quantity=item.quantity,
                reason=item.reason,
                note=item.note,
                unit_price=line.unit_price_gross,
                replacement_variant_id=item.replacement_variant_id.strip(),
            )
            for line, item in checked
        )
        value = sum((line.unit_price_gross * item.quantity for line, item in checked), Decimal(0))
        audit_record(
            tenant_id=tenant_id,
            subject=request,
            verb=ReturnEvent.REQUESTED,
            actor=actor,
            data={
                "rma": request.rma,
                "resolution": resolution,
                "value": str(value),
                "lines": [
                    {"line_id": line.saleor_id, "quantity": item.quantity, "reason": item.reason}
                    for line, item in checked
                ],
            },
        )
        publish(tenant_id=tenant_id, event=ReturnEvent.REQUESTED, order_id=order.pk)
        if _auto_approves(policy, value, {item.reason for _, item in checked}):
            request.auto_approved = True
            return_transition(request, R.APPROVED, actor=Actor.system(), data={"auto": True})
    return request
