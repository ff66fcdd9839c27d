"""Writes of returns: policies, requests and every move of their lifecycle.

Each service owns its transaction and audits the change. Quantity checks run under a lock on
the order row, so two requests for the same order cannot both claim its last returnable unit.
Saleor is told about a completed return by a task scheduled after commit (``saleor_sync``).
Every move is also published as a rule trigger (``return.<status>``) about the order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import StockMovement
from saleor_oms_plugin.inventory.services import stock_adjust
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.locks import lock_order
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.returns.error_codes import ReturnErrorCode
from saleor_oms_plugin.returns.errors import ReturnError
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.locks import lock_policy, lock_return
from saleor_oms_plugin.returns.models import (
    Resolution,
    ReturnLine,
    ReturnPolicy,
    ReturnRequest,
    RmaCounter,
)
from saleor_oms_plugin.returns.saleor_sync import STALLED_AFTER, return_sync_stalled
from saleor_oms_plugin.returns.scheduling import return_sync_after_commit
from saleor_oms_plugin.returns.selectors import (
    policy_for,
    returned_units,
    shipped_at,
    shipped_units,
)
from saleor_oms_plugin.returns.transitions import return_check_transition, return_transition

R = ReturnRequest.Status
MAX_WINDOW_DAYS = 3650
MAX_INSTRUCTIONS = 4000
CENT = Decimal("0.01")


def _error(code: ReturnErrorCode, message: str, field: str | None = None) -> ReturnError:
    return ReturnError(code, message, field=field)


# -- policy ----------------------------------------------------------------------------------


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise _error(ReturnErrorCode.INVALID_POLICY, "Expected a list of non-empty texts.", field)
    cleaned = [item.strip() for item in value]
    if len(set(cleaned)) != len(cleaned):
        raise _error(ReturnErrorCode.INVALID_POLICY, "The list has duplicates.", field)
    return cleaned


def _money(value: Any, field: str, *, maximum: Decimal | None = None) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _error(ReturnErrorCode.INVALID_POLICY, "Expected a number.", field) from None
    if not amount.is_finite() or amount < 0 or (maximum is not None and amount > maximum):
        bound = f" and at most {maximum}" if maximum is not None else ""
        raise _error(ReturnErrorCode.INVALID_POLICY, f"Must be 0 or more{bound}.", field)
    return amount


def return_policy_set(
    *, tenant_id: int, channel: str | None, values: Mapping[str, Any], actor: Actor
) -> ReturnPolicy:
    """Create or replace the return policy of a channel (None or "": the tenant default).

    Every field is validated before anything is stored; the first problem is raised with the
    field it is about.
    """
    window = values.get("window_days", 30)
    if (
        not isinstance(window, int)
        or isinstance(window, bool)
        or not 0 <= window <= MAX_WINDOW_DAYS
    ):
        raise _error(
            ReturnErrorCode.INVALID_POLICY,
            f"The window is a whole number of days from 0 to {MAX_WINDOW_DAYS}.",
            "windowDays",
        )
    reasons = _strings(values.get("reasons"), "reasons")
    if not reasons:
        raise _error(ReturnErrorCode.INVALID_POLICY, "Give at least one reason.", "reasons")
    resolutions = _strings(values.get("resolutions") or [Resolution.REFUND], "resolutions")
    unknown = sorted(set(resolutions) - set(Resolution.values))
    if unknown:
        raise _error(
            ReturnErrorCode.INVALID_POLICY,
            f"Unknown resolutions {unknown}; allowed: {sorted(Resolution.values)}.",
            "resolutions",
        )
    auto_reasons = _strings(values.get("auto_approve_reasons"), "autoApproveReasons")
    if set(auto_reasons) - set(reasons):
        raise _error(
            ReturnErrorCode.INVALID_POLICY,
            "Auto-approve reasons must be among the policy's reasons.",
            "autoApproveReasons",
        )
    raw_max = values.get("auto_approve_max_value")
    instructions = values.get("instructions") or ""
    if not isinstance(instructions, str) or len(instructions) > MAX_INSTRUCTIONS:
        raise _error(
            ReturnErrorCode.INVALID_POLICY,
            f"Instructions are a text of at most {MAX_INSTRUCTIONS} characters.",
            "instructions",
        )
    return_location_id = values.get("return_location_id")
    if (
        return_location_id is not None
        and not Location.objects.filter(
            tenant_id=tenant_id, pk=return_location_id, is_deleted=False
        ).exists()
    ):
        raise _error(ReturnErrorCode.LOCATION_NOT_FOUND, "No such location.", "returnLocationId")
    fields = {
        "window_days": window,
        "reasons": reasons,
        "resolutions": resolutions,
        "final_sale_product_types": _strings(
            values.get("final_sale_product_types"), "finalSaleProductTypes"
        ),
        "final_sale_skus": _strings(values.get("final_sale_skus"), "finalSaleSkus"),
        "restocking_fee_percent": _money(
            values.get("restocking_fee_percent", 0), "restockingFeePercent", maximum=Decimal(100)
        ),
        "return_shipping_fee": _money(values.get("return_shipping_fee", 0), "returnShippingFee"),
        "auto_approve_max_value": None
        if raw_max is None
        else _money(raw_max, "autoApproveMaxValue"),
        "auto_approve_reasons": auto_reasons,
        "instructions": instructions.strip(),
        "return_location_id": return_location_id,
    }
    channel = (channel or "").strip() or None
    with transaction.atomic():
        policy = lock_policy(tenant_id, channel)
        created = policy is None
        if policy is None:
            policy = ReturnPolicy(tenant_id=tenant_id, channel=channel)
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.save()
        audit_record(
            tenant_id=tenant_id,
            subject=policy,
            verb=ReturnEvent.POLICY_CREATED if created else ReturnEvent.POLICY_UPDATED,
            actor=actor,
            data={k: str(v) if isinstance(v, Decimal) else v for k, v in fields.items()},
        )
    return policy


# -- requesting ------------------------------------------------------------------------------


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
        raise _error(ReturnErrorCode.INVALID_QUANTITY, "Return at least one unit.", "lines")
    by_id = {line.saleor_id: line for line in order.lines.all()}
    shipped = shipped_units(order=order)
    returned = returned_units(order=order)
    since = shipped_at(order=order)
    wanted: dict[str, int] = {}
    checked = []
    for item in lines:
        line = by_id.get(item.order_line_id)
        if line is None:
            raise _error(
                ReturnErrorCode.NOT_FOUND,
                f"Order line {item.order_line_id} is not on the order.",
                "lines",
            )
        if item.quantity <= 0:
            raise _error(
                ReturnErrorCode.INVALID_QUANTITY,
                f"Line {item.order_line_id}: return a positive number of units.",
                "lines",
            )
        if item.reason not in policy.reasons:
            raise _error(
                ReturnErrorCode.INVALID_REASON,
                f"{item.reason!r} is not a return reason; choose one of {policy.reasons}.",
                "lines",
            )
        if line.sku in policy.final_sale_skus or (
            line.product_type and line.product_type in policy.final_sale_product_types
        ):
            raise _error(
                ReturnErrorCode.FINAL_SALE,
                f"{line.product_name} ({line.sku}) is final sale and cannot be returned.",
                "lines",
            )
        shipped_on = since.get(line.saleor_id)
        if shipped_on is not None and now > shipped_on + dt.timedelta(  # type: ignore[operator]
            days=policy.window_days
        ):
            raise _error(
                ReturnErrorCode.OUTSIDE_WINDOW,
                f"{line.product_name} ({line.sku}) shipped more than {policy.window_days} days "
                "ago; its return window has closed.",
                "lines",
            )
        wanted[line.saleor_id] = wanted.get(line.saleor_id, 0) + item.quantity
        returnable = shipped.get(line.saleor_id, 0) - returned.get(line.saleor_id, 0)
        if wanted[line.saleor_id] > returnable:
            raise _error(
                ReturnErrorCode.QUANTITY_EXCEEDED,
                f"{line.product_name} ({line.sku}): {max(returnable, 0)} unit(s) can still be "
                f"returned; {wanted[line.saleor_id]} requested.",
                "lines",
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
            raise _error(
                ReturnErrorCode.INVALID_REPLACEMENT,
                f"{line.product_name} can only be exchanged for another variant of the same "
                "product.",
                "lines",
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
    now: dt.datetime | None = None,
) -> ReturnRequest:
    """Open a return (RMA) for units of a shipped order, checked against the channel's policy
    and the units still returnable; approved at once when the policy's auto-approve conditions
    hold. Refuses, storing nothing, with the first problem found."""
    now = now or timezone.now()
    with transaction.atomic():
        # The order row lock serialises requests for the same order (quantities).
        order = lock_order(tenant_id, order_id)
        if order is None:
            raise _error(ReturnErrorCode.NOT_FOUND, "No such order.", "order")
        policy = policy_for(tenant_id=tenant_id, channel=order.channel_slug)
        if policy is None:
            raise _error(
                ReturnErrorCode.NO_POLICY, "This shop does not accept returns online.", "order"
            )
        if resolution not in policy.resolutions:
            raise _error(
                ReturnErrorCode.INVALID_RESOLUTION,
                f"{resolution!r} is not offered; choose one of {policy.resolutions}.",
                "resolution",
            )
        checked = _check_lines(order=order, policy=policy, lines=lines, now=now)
        if actor.type == AuditEvent.ActorType.CUSTOMER:
            _check_customer_replacements(tenant_id, checked)
        request = ReturnRequest.objects.create(
            tenant_id=tenant_id,
            order=order,
            rma_number=_next_rma_number(tenant_id),
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


# -- lifecycle -------------------------------------------------------------------------------


def _lock(tenant_id: int, request_id: int) -> ReturnRequest:
    request = lock_return(tenant_id, request_id)
    if request is None:
        raise _error(ReturnErrorCode.NOT_FOUND, "No such return.", "id")
    return request


def return_request_approve(
    *, tenant_id: int, request_id: int, actor: Actor, reason: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = _lock(tenant_id, request_id)
        request.decision_reason = reason
        return_transition(
            request, R.APPROVED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request


def return_request_reject(
    *, tenant_id: int, request_id: int, reason: str, actor: Actor
) -> ReturnRequest:
    if not reason.strip():
        raise _error(ReturnErrorCode.INVALID_REASON, "Say why the return is rejected.", "reason")
    with transaction.atomic():
        request = _lock(tenant_id, request_id)
        request.decision_reason = reason.strip()
        return_transition(
            request, R.REJECTED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request


def return_request_cancel(
    *, tenant_id: int, request_id: int, actor: Actor, reason: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = _lock(tenant_id, request_id)
        request.decision_reason = reason.strip()
        return_transition(
            request, R.CANCELLED, actor=actor, data={"reason": reason}, fields=["decision_reason"]
        )
    return request


def return_request_mark_in_transit(
    *, tenant_id: int, request_id: int, actor: Actor, tracking_number: str = ""
) -> ReturnRequest:
    with transaction.atomic():
        request = _lock(tenant_id, request_id)
        request.tracking_number = tracking_number.strip()
        return_transition(
            request,
            R.IN_TRANSIT,
            actor=actor,
            data={"tracking_number": request.tracking_number},
            fields=["tracking_number"],
        )
    return request


def return_request_mark_received(
    *, tenant_id: int, request_id: int, location_id: int, actor: Actor
) -> ReturnRequest:
    """The parcel arrived at a location; its resellable units are restocked there once
    inspected."""
    location = Location.objects.filter(
        tenant_id=tenant_id, pk=location_id, is_deleted=False
    ).first()
    if location is None:
        raise _error(ReturnErrorCode.LOCATION_NOT_FOUND, "No such location.", "location")
    with transaction.atomic():
        request = _lock(tenant_id, request_id)
        request.location = location
        return_transition(
            request,
            R.RECEIVED,
            actor=actor,
            data={"location": location.saleor_id},
            fields=["location"],
        )
    return request


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
        request = _lock(tenant_id, request_id)
        return_check_transition(request, R.INSPECTED)
        lines = {line.pk: line for line in request.lines.select_related("order_line")}
        given = {item.line_id: item for item in inspections}
        if set(given) != set(lines):
            raise _error(
                ReturnErrorCode.INVALID_INSPECTION,
                "Inspect every line of the return once.",
                "lines",
            )
        for pk, item in given.items():
            counts = (item.resellable, item.damaged, item.missing)
            if min(counts) < 0 or sum(counts) != lines[pk].quantity:
                raise _error(
                    ReturnErrorCode.INVALID_INSPECTION,
                    f"Line {pk}: resellable, damaged and missing must add up to "
                    f"{lines[pk].quantity}.",
                    "lines",
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
                    raise _error(ReturnErrorCode.INVALID_INSPECTION, exc.message, "lines") from exc
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
        raise _error(ReturnErrorCode.NOT_FOUND, f"Unknown return lines {unknown}.", "replacements")
    for pk, variant_id in replacements.items():
        if not variant_id.strip():
            raise _error(
                ReturnErrorCode.INVALID_RESOLUTION, "Name the replacement variant.", "replacements"
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
        request = _lock(tenant_id, request_id)
        return_check_transition(request, R.COMPLETED)
        if request.saleor_state == ReturnRequest.SaleorState.PENDING:
            raise _error(
                ReturnErrorCode.ILLEGAL_TRANSITION,
                "The return is being recorded in Saleor; it completes once Saleor accepts it.",
                "status",
            )
        if resolution:
            if resolution not in Resolution.values:
                raise _error(
                    ReturnErrorCode.INVALID_RESOLUTION, "Unknown resolution.", "resolution"
                )
            issued = (
                request.saleor_granted_refund_id
                or request.saleor_exchange_order_id
                or request.saleor_gift_card_id
            )
            if issued and resolution != request.resolution:
                raise _error(
                    ReturnErrorCode.INVALID_RESOLUTION,
                    f"Saleor already holds the {request.resolution} of this return; "
                    "retry it instead.",
                    "resolution",
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
        request = _lock(tenant_id, request_id)
        failed = request.saleor_state == ReturnRequest.SaleorState.FAILED
        if not failed and not return_sync_stalled(request):
            raise _error(
                ReturnErrorCode.ILLEGAL_TRANSITION,
                "Only a return whose recording in Saleor failed, or has been pending for "
                f"{STALLED_AFTER.seconds // 60} minutes, can be retried.",
                "id",
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
