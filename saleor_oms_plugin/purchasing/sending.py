"""Sending a purchase order: the state changes in one transaction; the e-mail with the PDF and
the CSV goes out after commit, from a task, at most once per order once it succeeds."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.purchasing.documents import (
    CONTENT_TYPES,
    DocumentKind,
    filename,
    purchase_order_csv,
    purchase_order_pdf,
)
from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode as Code
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.events import PurchasingEvent
from saleor_oms_plugin.purchasing.locks import lock_purchase_order
from saleor_oms_plugin.purchasing.models import PurchaseOrder
from saleor_oms_plugin.purchasing.scheduling import purchase_order_email_after_commit
from saleor_oms_plugin.purchasing.selectors import total_value_of
from saleor_oms_plugin.purchasing.transitions import purchase_order_transition

S = PurchaseOrder.State


def purchase_order_send(
    *, tenant_id: int, pk: int, actor: Actor, email: bool = True
) -> PurchaseOrder:
    """The order goes to the supplier: from now on its units count as inbound. With ``email``
    (the default) the supplier is e-mailed the PDF and the CSV after commit; without, staff
    send the documents themselves (their links are on the order)."""
    with transaction.atomic():
        order = lock_purchase_order(tenant_id, pk)
        if order.state == S.DRAFT and not order.lines.exists():
            raise PurchasingError(Code.NOTHING_TO_ORDER, "The order has no lines.", field="lines")
        if email and order.state == S.DRAFT and not order.supplier.email:
            raise PurchasingError(
                Code.NO_SUPPLIER_EMAIL,
                f"{order.supplier.name} has no e-mail address.",
                field="email",
            )
        purchase_order_transition(order, S.SENT, actor=actor, data={"email": email})
        if email:
            purchase_order_email_after_commit(tenant_id=tenant_id, order_id=order.pk)
    return order


def purchase_order_email(*, tenant_id: int, pk: int) -> bool:
    """E-mail a sent order to its supplier (the task's work); whether a mail went out now.

    Marked after the backend took the mail: a crash in between sends it again, never not at
    all. An order cancelled before the task ran is not sent.
    """
    order = (
        PurchaseOrder.objects.select_related("supplier", "location")
        .filter(tenant_id=tenant_id, pk=pk, emailed_at__isnull=True)
        .exclude(state__in=[S.DRAFT, S.CANCELLED])
        .first()
    )
    if order is None or not order.supplier.email:
        return False
    lines = list(order.lines.order_by("pk"))
    total = total_value_of(lines).quantize(Decimal("0.01"))
    expected = order.expected_on.isoformat() if order.expected_on else "as soon as possible"
    message = EmailMessage(
        subject=f"Purchase order {order.number}",
        body=(
            f"Hello {order.supplier.name},\n\n"
            f"please find our purchase order {order.number} attached (PDF and CSV): "
            f"{len(lines)} lines, {total} {order.currency}, to be delivered to "
            f"{order.location.name} by {expected}.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.supplier.email],
    )
    message.attach(
        filename(order, DocumentKind.PDF),
        purchase_order_pdf(order, lines),
        CONTENT_TYPES[DocumentKind.PDF],
    )
    message.attach(
        filename(order, DocumentKind.CSV),
        purchase_order_csv(order, lines),
        CONTENT_TYPES[DocumentKind.CSV],
    )
    message.send()
    with transaction.atomic():
        marked = PurchaseOrder.objects.filter(pk=order.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if marked:
            audit_record(
                tenant_id=tenant_id,
                subject=order,
                verb=PurchasingEvent.EMAILED,
                actor=Actor.system(),
                data={"to": order.supplier.email},
            )
    return True
