"""Sending (PDF and CSV by e-mail), receiving into the ledger, cancelling, the transition table."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.core import mail

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseReceipt
from saleor_oms_plugin.purchasing.ordering import purchase_order_cancel
from saleor_oms_plugin.purchasing.receiving import purchase_order_receive
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from saleor_oms_plugin.purchasing.transitions import (
    PURCHASE_ORDER_TRANSITIONS,
    purchase_order_check_transition,
)
from tests.fixtures.graphql import make_location
from tests.fixtures.purchasing import BUYER, make_draft

pytestmark = pytest.mark.django_db
S = PurchaseOrder.State


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def draft(capture_tenant):
    return make_draft(capture_tenant, make_location(capture_tenant, "LA"), "MUG")  # 18 MUG


def _verbs(order):
    return list(
        AuditEvent.objects.filter(
            subject_id=str(order.pk), subject_type="oms_purchasing.purchaseorder"
        )
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_sending_emails_the_supplier_the_pdf_and_the_csv_after_commit(
    capture_tenant, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER)
        assert mail.outbox == []  # nothing leaves before the commit
    [message] = mail.outbox
    assert message.to == ["orders@acme.example"]
    assert message.subject == "Purchase order PO-000001"
    assert "45.00 EUR" in message.body  # 18 x 2.50
    (pdf_name, pdf, pdf_type), (csv_name, text, csv_type) = message.attachments
    assert (pdf_name, pdf_type, pdf[:5]) == ("PO-000001.pdf", "application/pdf", b"%PDF-")
    assert b"PO-000001" in pdf
    assert (csv_name, csv_type) == ("PO-000001.csv", "text/csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["sku"], r["supplier_sku"], r["quantity"], r["line_total"]) for r in rows] == [
        ("MUG", "S-MUG", "18", "45.00")
    ]
    draft.refresh_from_db()
    assert draft.state == S.SENT and draft.sent_at and draft.emailed_at
    assert _verbs(draft) == [
        "purchase_order.created",
        "purchase_order.sent",
        "purchase_order.emailed",
    ]


def test_a_supplier_without_email_is_refused_unless_sent_by_hand(capture_tenant, draft):
    draft.supplier.email = ""
    draft.supplier.save()
    with pytest.raises(PurchasingError) as error:
        purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER)
    assert error.value.code == "NO_SUPPLIER_EMAIL"
    draft.refresh_from_db()
    assert draft.state == S.DRAFT
    purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER, email=False)
    draft.refresh_from_db()
    assert (draft.state, draft.emailed_at, mail.outbox) == (S.SENT, None, [])


def _receive(tenant, order, key, units):
    [line] = order.lines.all()
    return purchase_order_receive(
        tenant_id=tenant.pk, pk=order.pk, key=key, quantities={line.pk: units}, actor=BUYER
    )


def _on_hand(order):
    return StockLevel.objects.get(location=order.location, variant_id="V-MUG").on_hand


def test_receiving_adds_stock_through_the_ledger_partially_then_fully(capture_tenant, draft):
    purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER, email=False)
    # a first delivery of 10 of 18
    received = _receive(capture_tenant, draft, "delivery-1", 10)
    assert received.created and received.order.state == S.PARTIALLY_RECEIVED
    assert _on_hand(draft) == 12
    movement = StockMovement.objects.get(stock__variant_id="V-MUG")
    assert (movement.on_hand_delta, movement.source, movement.reference) == (
        10,
        "purchasing",
        "PO-000001/delivery-1",
    )
    assert (movement.actor_type, movement.actor_id) == ("operator", "buyer")
    # the same delivery again (a retry) changes nothing
    again = _receive(capture_tenant, draft, "delivery-1", 10)
    assert not again.created and again.receipt == received.receipt
    assert _on_hand(draft) == 12
    # more than is open is refused, changing nothing
    with pytest.raises(PurchasingError) as error:
        _receive(capture_tenant, draft, "delivery-2", 9)
    assert error.value.code == "OVER_RECEIPT"
    assert "only 8 of 18" in error.value.message
    assert _on_hand(draft) == 12
    assert PurchaseReceipt.objects.count() == 1
    # the rest arrives
    done = _receive(capture_tenant, draft, "delivery-2", 8)
    assert done.order.state == S.RECEIVED and done.order.received_at
    [line] = draft.lines.all()
    assert (line.quantity_received, line.quantity_open) == (18, 0)
    assert _on_hand(draft) == 20
    assert _verbs(draft) == [
        "purchase_order.created",
        "purchase_order.sent",
        "purchase_order.receipt_recorded",
        "purchase_order.partially_received",
        "purchase_order.receipt_recorded",
        "purchase_order.received",
    ]


def test_receiving_bad_quantities_or_an_unsent_order_is_refused(capture_tenant, draft):
    with pytest.raises(PurchasingError) as error:
        _receive(capture_tenant, draft, "early", 1)
    assert error.value.code == "ILLEGAL_TRANSITION"
    purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER, email=False)
    for key, quantities, code in (
        ("a", {999999: 1}, "INVALID"),
        ("b", {draft.lines.get().pk: -1}, "INVALID_QUANTITY"),
        ("c", {draft.lines.get().pk: 0}, "INVALID_QUANTITY"),
        (" ", {draft.lines.get().pk: 1}, "INVALID"),
    ):
        with pytest.raises(PurchasingError) as error:
            purchase_order_receive(
                tenant_id=capture_tenant.pk,
                pk=draft.pk,
                key=key,
                quantities=quantities,
                actor=BUYER,
            )
        assert error.value.code == code
    assert _on_hand(draft) == 2
    assert not PurchaseReceipt.objects.exists()


def test_cancelling_a_draft_or_an_undelivered_order_but_not_a_delivered_one(capture_tenant, draft):
    cancelled = purchase_order_cancel(
        tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER, reason="too dear"
    )
    assert cancelled.state == S.CANCELLED and cancelled.cancelled_at
    with pytest.raises(PurchasingError) as error:
        purchase_order_send(tenant_id=capture_tenant.pk, pk=draft.pk, actor=BUYER, email=False)
    assert error.value.code == "ILLEGAL_TRANSITION"
    # a second order: sent, partly delivered, then no longer cancellable
    other = make_draft(capture_tenant, draft.location, "CUP")
    purchase_order_send(tenant_id=capture_tenant.pk, pk=other.pk, actor=BUYER, email=False)
    [line] = other.lines.all()
    purchase_order_receive(
        tenant_id=capture_tenant.pk, pk=other.pk, key="d", quantities={line.pk: 1}, actor=BUYER
    )
    with pytest.raises(PurchasingError) as error:
        purchase_order_cancel(tenant_id=capture_tenant.pk, pk=other.pk, actor=BUYER)
    assert error.value.code == "ILLEGAL_TRANSITION"
    assert error.value.message == (
        "The purchase order is PARTIALLY_RECEIVED; it cannot become CANCELLED."
    )


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_the_transition_table(current, target):
    allowed = {
        (S.DRAFT, S.SENT),
        (S.DRAFT, S.CANCELLED),
        (S.SENT, S.PARTIALLY_RECEIVED),
        (S.SENT, S.RECEIVED),
        (S.SENT, S.CANCELLED),
        (S.PARTIALLY_RECEIVED, S.PARTIALLY_RECEIVED),
        (S.PARTIALLY_RECEIVED, S.RECEIVED),
    }
    assert (target in PURCHASE_ORDER_TRANSITIONS[current]) == ((current, target) in allowed)
    order = PurchaseOrder(state=current)
    if (current, target) in allowed:
        purchase_order_check_transition(order, target)
    else:
        with pytest.raises(PurchasingError) as error:
            purchase_order_check_transition(order, target)
        assert error.value.code == "ILLEGAL_TRANSITION"
