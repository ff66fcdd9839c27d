"""What the purchasing domain records and publishes.

Rule triggers are about ``purchase_order:<number>`` with facts (supplier, location, currency,
days late, open value), not about an order: ``purchase_order.late`` once an order sent to a
supplier is past its expected date and not fully received (published once per order, and
ended when it is received or cancelled, which closes the rules' re-entry windows), and
``purchase_order.received`` when the last unit arrives.
"""

from __future__ import annotations

from saleor_oms_plugin.core.events import DomainEvent


class PurchasingEvent(DomainEvent):
    SUPPLIER_CREATED = "supplier.created"
    SUPPLIER_UPDATED = "supplier.updated"
    SUPPLIER_ITEM_SET = "supplier.item_set"
    SUPPLIER_ITEM_DELETED = "supplier.item_deleted"
    CREATED = "purchase_order.created"
    UPDATED = "purchase_order.updated"
    SENT = "purchase_order.sent"
    EMAILED = "purchase_order.emailed"
    RECEIPT_RECORDED = "purchase_order.receipt_recorded"
    PARTIALLY_RECEIVED = "purchase_order.partially_received"
    # Rule triggers as well as audit verbs.
    RECEIVED = "purchase_order.received"
    CANCELLED = "purchase_order.cancelled"
    LATE = "purchase_order.late"


PURCHASING_TRIGGERS: dict[PurchasingEvent, str] = {
    PurchasingEvent.LATE: "A purchase order sent to a supplier is past its expected date and "
    "not fully received.",
    PurchasingEvent.RECEIVED: "Every unit of a purchase order was received.",
}
