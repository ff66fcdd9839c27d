"""Writes to the order read model. Every write is versioned by the payload that carries it.

An order row is replaced only by a payload with a newer ``(updatedAt, issuedAt)``; a
fulfilment row only by a payload issued later than the one that last wrote it. So deliveries
applied in any order end in the same state as deliveries applied in the order Saleor issued them.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.orders.changes import order_changed
from saleor_oms_plugin.orders.events import OrderEvent
from saleor_oms_plugin.orders.locks import lock_or_create_order, lock_order_by_saleor_id
from saleor_oms_plugin.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine
from saleor_oms_plugin.orders.payload import FulfillmentData, LineData, OrderData

_ORDER_FIELDS = [
    f.name for f in fields(OrderData) if f.name not in {"saleor_id", "lines", "fulfillments"}
]
_LINE_FIELDS = [f.name for f in fields(LineData) if f.name != "saleor_id"]


def _order_values(data: OrderData) -> dict:
    """The fields a payload sets; an origin it does not carry keeps the stored one."""
    values = {name: getattr(data, name) for name in _ORDER_FIELDS}
    if values.get("origin") is None:
        values.pop("origin", None)
    return values


def order_apply_payload(*, tenant_id: int, data: OrderData, issued_at: datetime) -> ApplyOutcome:
    """Create or update an order from a Saleor payload unless we already hold newer state."""
    with transaction.atomic():
        order, created = lock_or_create_order(
            tenant_id,
            data.saleor_id,
            create={
                "source_issued_at": issued_at,
                "paid_at": data.saleor_updated_at if data.is_paid else None,
                **_order_values(data),
            },
        )
        if created:
            _sync_lines(order, data)
            _sync_fulfillments(order, data, issued_at)
            audit_record(
                tenant_id=tenant_id,
                subject=order,
                verb=OrderEvent.RECEIVED,
                actor=Actor.saleor(),
                data={"number": data.number, "status": data.status},
            )
            order_changed(tenant_id=tenant_id, order_id=order.pk)
            return ApplyOutcome.CREATED
        if (data.saleor_updated_at, issued_at) <= (order.saleor_updated_at, order.source_issued_at):
            if _note_earlier_payment(order, data):
                # paid_at moved: a write the listeners (insights' cycle times) must hear of
                order_changed(tenant_id=tenant_id, order_id=order.pk)
            _note_origin(order, data)
            return ApplyOutcome.STALE
        previous_status, was_paid = order.status, order.is_paid
        for name, value in _order_values(data).items():
            setattr(order, name, value)
        order.source_issued_at = issued_at
        if data.is_paid and (order.paid_at is None or data.saleor_updated_at < order.paid_at):
            order.paid_at = data.saleor_updated_at
        order.save()
        _sync_lines(order, data)
        _sync_fulfillments(order, data, issued_at)
        if previous_status != data.status:
            audit_record(
                tenant_id=tenant_id,
                subject=order,
                verb=OrderEvent.STATUS_CHANGED,
                actor=Actor.saleor(),
                data={"from": previous_status, "to": data.status},
            )
        if data.is_paid and not was_paid:
            audit_record(
                tenant_id=tenant_id, subject=order, verb=OrderEvent.PAID, actor=Actor.saleor()
            )
        order_changed(tenant_id=tenant_id, order_id=order.pk)
        return ApplyOutcome.UPDATED


def _note_earlier_payment(order: Order, data: OrderData) -> bool:
    """``paid_at`` is the earliest state seen paid, whatever order the payloads came in;
    whether it moved."""
    if data.is_paid and (order.paid_at is None or data.saleor_updated_at < order.paid_at):
        order.paid_at = data.saleor_updated_at
        order.save(update_fields=["paid_at", "synced_at"])
        return True
    return False


def _note_origin(order: Order, data: OrderData) -> None:
    """An order never changes its origin: an older payload that carries it (ORDER_CREATED
    delivered after ORDER_UPDATED) still tells what the newer ones could not."""
    if data.origin and not order.origin:
        order.origin = data.origin
        order.save(update_fields=["origin", "synced_at"])


def _sync_lines(order: Order, data: OrderData) -> None:
    existing = {line.saleor_id: line for line in order.lines.all()}
    to_create, to_update = [], []
    for position, line_data in enumerate(data.lines):
        values = asdict(line_data)
        values.pop("saleor_id")
        line = existing.pop(line_data.saleor_id, None)
        if line is None:
            to_create.append(
                OrderLine(order=order, saleor_id=line_data.saleor_id, position=position, **values)
            )
            continue
        for name, value in values.items():
            setattr(line, name, value)
        line.position = position
        to_update.append(line)
    if existing:
        OrderLine.objects.filter(pk__in=[line.pk for line in existing.values()]).delete()
    if to_update:
        OrderLine.objects.bulk_update(to_update, [*_LINE_FIELDS, "position"])
    if to_create:
        OrderLine.objects.bulk_create(to_create)


def _sync_fulfillments(order: Order, data: OrderData, issued_at: datetime) -> None:
    if data.fulfillments is None:
        return
    order.fulfillments_synced_at = issued_at
    order.save(update_fields=["fulfillments_synced_at"])
    present = {f.saleor_id for f in data.fulfillments}
    for fulfillment_data in data.fulfillments:
        _fulfillment_write(order, fulfillment_data, issued_at)
    # A fulfilment missing from a newer payload was deleted in Saleor (Saleor deletes, for
    # example, fulfilments waiting for approval when they are cancelled).
    order.fulfillments.exclude(saleor_id__in=present).filter(
        source_issued_at__lt=issued_at
    ).delete()


def _fulfillment_write(order: Order, data: FulfillmentData, issued_at: datetime) -> ApplyOutcome:
    fulfillment = order.fulfillments.filter(saleor_id=data.saleor_id).first()
    if fulfillment is not None and issued_at <= fulfillment.source_issued_at:
        _fill_immutable(fulfillment, data)
        return ApplyOutcome.STALE
    outcome = ApplyOutcome.UPDATED
    if fulfillment is None:
        fulfillment = Fulfillment(order=order, saleor_id=data.saleor_id)
        outcome = ApplyOutcome.CREATED
    previous_status = fulfillment.status
    fulfillment.status = data.status
    fulfillment.tracking_number = data.tracking_number
    fulfillment.warehouse_id = data.warehouse_id
    fulfillment.warehouse_name = data.warehouse_name
    fulfillment.saleor_created_at = data.saleor_created_at or fulfillment.saleor_created_at
    fulfillment.fulfillment_order = data.fulfillment_order or fulfillment.fulfillment_order
    fulfillment.source_issued_at = issued_at
    fulfillment.save()
    fulfillment.lines.all().delete()
    FulfillmentLine.objects.bulk_create(
        FulfillmentLine(
            fulfillment=fulfillment,
            saleor_id=line.saleor_id,
            order_line_saleor_id=line.order_line_saleor_id,
            quantity=line.quantity,
        )
        for line in data.lines
    )
    if previous_status != data.status:
        audit_record(
            tenant_id=order.tenant_id,
            subject=fulfillment,
            verb=OrderEvent.FULFILLMENT_STATUS_CHANGED,
            actor=Actor.saleor(),
            data={
                "order": order.saleor_id,
                "from": previous_status or None,
                "to": data.status,
                "warehouse": data.warehouse_id,
            },
        )
    return outcome


def _fill_immutable(fulfillment: Fulfillment, data: FulfillmentData) -> None:
    """Facts that never change are taken from any payload, stale or not: some payload shapes
    (Saleor's order payload of older subscriptions) leave them out."""
    changed = []
    if fulfillment.saleor_created_at is None and data.saleor_created_at is not None:
        fulfillment.saleor_created_at = data.saleor_created_at
        changed.append("saleor_created_at")
    if fulfillment.fulfillment_order is None and data.fulfillment_order is not None:
        fulfillment.fulfillment_order = data.fulfillment_order
        changed.append("fulfillment_order")
    if changed:
        fulfillment.save(update_fields=changed)


def fulfillment_apply_payload(
    *, tenant_id: int, order_saleor_id: str, data: FulfillmentData, issued_at: datetime
) -> ApplyOutcome:
    """Apply a fulfilment event; DEFERRED when its order has not reached us yet."""
    with transaction.atomic():
        # Locking the order serialises this with order payloads that carry its fulfilments.
        order = lock_order_by_saleor_id(tenant_id, order_saleor_id)
        if order is None:
            return ApplyOutcome.DEFERRED
        deleted_since = order.fulfillments_synced_at is not None and (
            issued_at < order.fulfillments_synced_at
            and not order.fulfillments.filter(saleor_id=data.saleor_id).exists()
        )
        if deleted_since:
            return ApplyOutcome.STALE
        outcome = _fulfillment_write(order, data, issued_at)
        if outcome is not ApplyOutcome.STALE:
            order_changed(tenant_id=tenant_id, order_id=order.pk)
        return outcome
