"""The promise an order was sold with, and whether it was kept.

When the OMS first sees an order it promises it as the checkout did: the order's lines routed
with the stock as it was (the order's own allocations count as available to it), from the
moment it was placed, with the delivery service the customer chose. Every later change of the
order checks the promise: the ship date is kept when every parcel left (a fulfilment other than
waiting for approval or cancelled) on or before the promised ship date, in the location's time
zone; it is broken once the promised day's cut-off passes with something still to ship.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.delivery.cart_promise import cart_plan
from saleor_oms_plugin.delivery.context import DeliveryContext, delivery_context
from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.events import DeliveryEvent
from saleor_oms_plugin.delivery.locks import lock_sold_promise
from saleor_oms_plugin.delivery.models import SoldPromise
from saleor_oms_plugin.delivery.profiles import OfferedService
from saleor_oms_plugin.delivery.question import (
    CartLine,
    CartQuestion,
    app_method_code,
    shipping_method_key,
)
from saleor_oms_plugin.delivery.scheduling import sold_promise_refresh_after_commit
from saleor_oms_plugin.orders.locks import lock_order
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.promising.errors import PromiseInputError
from saleor_oms_plugin.promising.handover import cutoff_instant
from saleor_oms_plugin.promising.promise import promise_order
from saleor_oms_plugin.promising.sentence import english_sentence, promise_parts
from saleor_oms_plugin.routing.errors import RoutingInputError
from saleor_oms_plugin.routing.model import Address

logger = logging.getLogger(__name__)

NOT_SHIPPED = frozenset({"WAITING_FOR_APPROVAL", "CANCELED"})


def on_order_changed(tenant_id: int, order_id: int) -> None:
    """The listener of ``orders.changes``: record or check the order's promise, after commit."""
    sold_promise_refresh_after_commit(tenant_id=tenant_id, order_id=order_id)


def sold_promise_refresh(*, tenant_id: int, order_id: int, now: dt.datetime) -> None:
    """Record the order's promise if it has none yet, then check whether it was kept.

    The order row is locked meanwhile: two refreshes of a new order record one promise. Once
    the promise is decided (kept, broken or cancelled) later changes of the order read nothing
    more."""
    with transaction.atomic():
        order = lock_order(tenant_id, order_id)
        if order is None:
            return
        promise = SoldPromise.objects.filter(order=order).first()
        if promise is not None and (promise.ship_kept is not None or promise.cancelled):
            return
        prefetch_related_objects([order], "lines", "fulfillments__lines")
        if promise is None:
            promise = _record(order)
        if promise is not None:
            _check(promise, order, now)


def _record(order: Order) -> SoldPromise | None:
    try:
        return _promise_of(order)
    except (PromiseInputError, RoutingInputError):
        logger.warning("order %s cannot be promised", order.pk, exc_info=True)
        return None


def _promise_of(order: Order) -> SoldPromise | None:
    destination = _destination(order.shipping_address)
    lines = tuple(
        CartLine(
            line.saleor_id,
            line.variant_id,
            line.sku,
            line.quantity,
            float(line.unit_weight_kg or 0),
        )
        for line in order.lines.all()
        if line.is_shipping_required and line.variant_id and line.quantity > 0
    )
    if destination is None or not lines or order.delivery_method_type == "Warehouse":
        return None  # nothing to ship, nowhere to ship it, or a collection
    # Read afresh: this runs in a worker, where a context cached for an earlier order could
    # miss the delivery service the customer just chose.
    context = delivery_context(
        tenant_id=order.tenant_id,
        channel_slug=order.channel_slug,
        now=order.saleor_created_at,
        cached=False,
    )
    if not context.candidates:
        return None
    question = CartQuestion(
        order.saleor_id, order.channel_slug, order.currency, destination, lines, ()
    )
    plan = cart_plan(
        context,
        question,
        destination,
        now=order.saleor_created_at,
        extra_stock=_own_allocations(order),
    )
    service = _chosen_service(context, order.delivery_method_id)
    promise = promise_order(
        replace(plan.request, service=service.carrier) if service is not None else plan.request
    )
    if not promise.shipments or promise.ship_date is None:
        return None
    first = promise.shipments[0]
    profile = context.profiles[first.location_id]
    last_day = max(s.ship_date for s in promise.shipments)
    parts = promise_parts(promise) if promise.complete else None
    delivery = promise.delivery if service is not None else None
    return SoldPromise.objects.create(
        tenant_id=order.tenant_id,
        order=order,
        service_code=service.code if service is not None else "",
        location_id=first.location_id,
        location_name=first.location_name,
        time_zone=profile.timezone,
        made_at=order.saleor_created_at,
        ship_date=last_day,
        ship_deadline=cutoff_instant(profile, last_day),
        delivery_earliest=delivery.earliest if delivery else None,
        delivery_latest=delivery.latest if delivery else None,
        sentence=english_sentence(parts)[:255] if parts and service is not None else "",
        shipments=[
            {
                "location": s.location_id,
                "name": s.location_name,
                "shipDate": s.ship_date.isoformat(),
                "lines": list(s.line_ids),
            }
            for s in promise.shipments
        ],
    )


def _check(promise: SoldPromise, order: Order, now: dt.datetime) -> None:
    if order.status == "CANCELED":
        promise.cancelled = True
        promise.save(update_fields=["cancelled", "updated_at"])
        return
    zone = ZoneInfo(promise.time_zone)
    shipped = [
        f.saleor_created_at.astimezone(zone).date()
        for f in order.fulfillments.all()
        if f.status not in NOT_SHIPPED and f.saleor_created_at is not None
    ]
    everything_left = bool(shipped) and _fully_shipped(order)
    if everything_left:
        promise.shipped_on = max(shipped)
        promise.ship_kept = promise.shipped_on <= promise.ship_date
    elif now > promise.ship_deadline:
        promise.ship_kept = False
    else:
        return
    promise.save(update_fields=["shipped_on", "ship_kept", "updated_at"])
    publish(
        tenant_id=promise.tenant_id,
        event=DeliveryEvent.SHIP_PROMISE_KEPT
        if promise.ship_kept
        else DeliveryEvent.SHIP_PROMISE_BROKEN,
        order_id=promise.order_id,
        facts=_facts(promise),
    )


def _fully_shipped(order: Order) -> bool:
    sent: dict[str, int] = defaultdict(int)
    for fulfillment in order.fulfillments.all():
        if fulfillment.status in NOT_SHIPPED:
            continue
        for line in fulfillment.lines.all():
            sent[line.order_line_saleor_id] += line.quantity
    return all(
        sent[line.saleor_id] >= line.quantity
        for line in order.lines.all()
        if line.is_shipping_required
    )


def promises_at_risk(*, now: dt.datetime, limit: int = 500) -> int:
    """Open promises whose ship deadline is less than ``PROMISE_AT_RISK_MINUTES`` away (or
    passed) with parcels still to send: published once as ``order.promise_at_risk`` (a rule may
    tell staff or the customer). Returns how many."""
    lead = dt.timedelta(minutes=settings.PROMISE_AT_RISK_MINUTES)
    due = list(
        SoldPromise.objects.filter(
            ship_kept__isnull=True,
            cancelled=False,
            at_risk_at__isnull=True,
            ship_deadline__lte=now + lead,
        )[:limit]
    )
    for promise in due:
        with transaction.atomic():
            locked = lock_sold_promise(promise.pk)
            if locked is None or locked.at_risk_at is not None:
                continue
            locked.at_risk_at = now
            locked.save(update_fields=["at_risk_at", "updated_at"])
            publish(
                tenant_id=locked.tenant_id,
                event=DeliveryEvent.PROMISE_AT_RISK,
                order_id=locked.order_id,
                facts=_facts(locked),
            )
        sold_promise_refresh(tenant_id=promise.tenant_id, order_id=promise.order_id, now=now)
    return len(due)


def _facts(promise: SoldPromise) -> dict[str, Any]:
    return {
        "ship_date": promise.ship_date.isoformat(),
        "service": promise.service_code,
        "location": promise.location_name,
        "delivery_latest": promise.delivery_latest.isoformat() if promise.delivery_latest else None,
    }


def _own_allocations(order: Order) -> dict[str, dict[str, int]]:
    held: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in order.lines.all():
        for allocation in line.allocations or []:
            warehouse = allocation.get("warehouse_id") or ""
            if warehouse:
                held[line.variant_id][warehouse] += int(allocation.get("quantity") or 0)
    return {variant: dict(per) for variant, per in held.items()}


def _chosen_service(context: DeliveryContext, method_id: str) -> OfferedService | None:
    """The service behind the order's shipping method: one of ours (``app:<app>:<code>``), or
    the service that carries the store method chosen."""
    if not method_id:
        return None
    code = app_method_code(method_id)
    if code is not None:
        return next((s for s in context.services if s.code == code), None)
    key = shipping_method_key(method_id)
    return next(
        (
            s
            for s in context.services
            if key in {shipping_method_key(m) for m in s.saleor_method_ids}
        ),
        None,
    )


def _destination(address: Any) -> Address | None:
    if not isinstance(address, dict) or not address.get("country"):
        return None
    return Address(
        country=str(address.get("country") or "").upper(),
        postal_code=str(address.get("postalCode") or ""),
        city=str(address.get("city") or ""),
        country_area=str(address.get("countryArea") or ""),
    )


def sold_promise_delivered(
    *, tenant_id: int, order_id: int, delivered_on: dt.date, actor: Actor, today: dt.date
) -> SoldPromise:
    """Record the day the order arrived (a carrier's tracking or staff say so): the delivery
    is kept when it is within the promised window's last day. Recording again corrects it."""
    with transaction.atomic():
        if lock_order(tenant_id, order_id) is None:
            raise DeliveryError(DeliveryErrorCode.NOT_FOUND, "No such order.", field="orderId")
        promise = SoldPromise.objects.filter(order_id=order_id).first()
        if promise is None:
            raise DeliveryError(
                DeliveryErrorCode.NO_PROMISE, "The order has no delivery promise.", field="orderId"
            )
        if not promise.made_at.date() <= delivered_on <= today:
            raise DeliveryError(
                DeliveryErrorCode.INVALID_DATE,
                "The delivery day is between the order's day and today.",
                field="deliveredOn",
            )
        promise.delivered_on = delivered_on
        promise.delivery_kept = (
            delivered_on <= promise.delivery_latest if promise.delivery_latest else None
        )
        promise.save(update_fields=["delivered_on", "delivery_kept", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=promise.order,
            verb=DeliveryEvent.ORDER_DELIVERED,
            actor=actor,
            data={"delivered_on": delivered_on.isoformat(), "kept": promise.delivery_kept},
        )
    return promise
