"""Receiving a delivery against a purchase order: units per line into stock, through the ledger.

One transaction: the order is locked, the quantities checked (a partial delivery is fine, more
than is still open is refused), the lines and the stock levels at the order's location updated
(one ledger movement per line, written back to Saleor) and the receipt stored under the
caller's key, so a repeated call with the same key changes nothing again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.inventory.models import StockMovement
from saleor_oms_plugin.inventory.services import stock_adjust
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode as Code
from saleor_oms_plugin.purchasing.errors import IllegalTransition, PurchasingError
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.locks import lock_purchase_order
from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt
from saleor_oms_plugin.purchasing.ordering import subject_key
from saleor_oms_plugin.purchasing.selectors import open_value_of
from saleor_oms_plugin.purchasing.transitions import purchase_order_transition

S = PurchaseOrder.State
RECEIVABLE = (S.SENT, S.PARTIALLY_RECEIVED)
# The ledger has no reason of its own for purchase receipts yet: units from outside the shop,
# told apart by the movement's source.
RECEIPT_REASON = StockMovement.Reason.EXTERNAL_FEED
RECEIPT_SOURCE = "purchasing"


@dataclass(frozen=True)
class Received:
    order: PurchaseOrder
    receipt: PurchaseReceipt
    # False: the key was used before; nothing changed this time.
    created: bool


def _checked(
    order: PurchaseOrder, quantities: Mapping[int, int]
) -> list[tuple[PurchaseOrderLine, int]]:
    lines = {line.pk: line for line in order.lines.order_by("pk")}
    taken: list[tuple[PurchaseOrderLine, int]] = []
    for pk, units in sorted(quantities.items()):
        line = lines.get(pk)
        if line is None:
            raise PurchasingError(Code.INVALID, f"The order has no line {pk}.", field="lines")
        if not isinstance(units, int) or units < 0:
            raise PurchasingError(
                Code.INVALID_QUANTITY, f"{line.sku}: 0 or more units.", field="lines"
            )
        if units > line.quantity_open:
            raise PurchasingError(
                Code.OVER_RECEIPT,
                f"{line.sku}: {units} received but only {line.quantity_open} of "
                f"{line.quantity_ordered} still open.",
                field="lines",
            )
        if units:
            taken.append((line, units))
    if not taken:
        raise PurchasingError(Code.INVALID_QUANTITY, "Nothing received.", field="lines")
    return taken


def purchase_order_receive(
    *, tenant_id: int, pk: int, key: str, quantities: Mapping[int, int], actor: Actor
) -> Received:
    """Receive ``quantities`` (line id → units) of the order under ``key``."""
    key = key.strip()
    if not key or len(key) > 255:
        raise PurchasingError(Code.INVALID, "A receipt key of 1 to 255 characters.", field="key")
    with transaction.atomic():
        order = lock_purchase_order(tenant_id, pk)
        earlier = PurchaseReceipt.objects.filter(order=order, key=key).first()
        if earlier is not None:
            return Received(order, earlier, created=False)
        if order.state not in RECEIVABLE:
            raise IllegalTransition(str(order.state), str(S.RECEIVED))
        taken = _checked(order, quantities)
        if not Location.objects.filter(
            tenant_id=tenant_id, pk=order.location_id, is_deleted=False
        ).exists():
            raise PurchasingError(
                Code.LOCATION_NOT_FOUND, "The order's location was deleted.", field="location"
            )
        for line, units in taken:
            PurchaseOrderLine.objects.filter(pk=line.pk).update(
                quantity_received=F("quantity_received") + units
            )
            stock_adjust(
                tenant_id=tenant_id,
                location_id=order.location_id,
                variant_id=line.variant_id,
                delta=units,
                actor=actor,
                reason=RECEIPT_REASON,
                source=RECEIPT_SOURCE,
                reference=f"{order.number}/{key}",
                sku=line.sku,
            )
        receipt = PurchaseReceipt.objects.create(
            tenant_id=tenant_id,
            order=order,
            key=key,
            quantities={str(line.pk): units for line, units in taken},
            actor_type=actor.type,
            actor_id=actor.id,
            created_at=timezone.now(),
        )
        audit_record(
            tenant_id=tenant_id,
            subject=order,
            verb=PurchasingEvent.RECEIPT_RECORDED,
            actor=actor,
            data={"key": key, "units": {line.sku: units for line, units in taken}},
        )
        lines = list(order.lines.order_by("pk"))
        complete = all(line.quantity_open == 0 for line in lines)
        purchase_order_transition(
            order, S.RECEIVED if complete else S.PARTIALLY_RECEIVED, actor=actor
        )
        if complete:
            publish(
                tenant_id=tenant_id,
                event=PurchasingEvent.RECEIVED,
                subject_key=subject_key(order),
                facts=purchase_order_facts(order, lines),
            )
            if order.late_at is not None:
                publish(
                    tenant_id=tenant_id,
                    event=PurchasingEvent.LATE,
                    subject_key=subject_key(order),
                    ended=True,
                )
    return Received(order, receipt, created=True)


def purchase_order_facts(
    order: PurchaseOrder, lines: list[PurchaseOrderLine], days_late: int = 0
) -> dict[str, object]:
    """What a rule about the order may compare (see rules.fields, purchase order subject)."""
    return {
        "number": order.number,
        "purchase_order_id": order.pk,
        "supplier": order.supplier.name,
        "location": order.location.name,
        "currency": order.currency,
        "days_late": days_late,
        "open_units": sum(line.quantity_open for line in lines),
        "open_value": float(open_value_of(lines)),
    }
