"""Suggestions become drafts (per supplier and location, rounded to packs); drafts are edited."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.models import PurchaseOrder
from saleor_oms_plugin.purchasing.ordering import (
    LineInput,
    order_quantity,
    purchase_order_update,
    purchase_orders_from_suggestions,
)
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from tests.fixtures.graphql import make_location
from tests.fixtures.purchasing import BUYER, make_draft, make_item, make_low_stock, make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.mark.parametrize(
    ("need", "pack", "minimum", "expected"),
    [(18, 1, 0, 18), (18, 12, 0, 24), (18, 12, 30, 36), (18, 1, 25, 25), (24, 12, 0, 24)],
)
def test_a_need_is_rounded_up_to_the_minimum_in_whole_packs(need, pack, minimum, expected):
    assert order_quantity(need, pack_size=pack, minimum=minimum) == expected


def _lines(order):
    return {line.sku: (line.quantity_ordered, line.unit_cost) for line in order.lines.all()}


def test_suggestions_become_one_draft_per_supplier_and_location(capture_tenant):
    # given two suppliers and low stock at two locations
    la, reno = make_location(capture_tenant, "LA"), make_location(capture_tenant, "Reno")
    acme = make_supplier(capture_tenant, "Acme", lead_time_days=10)
    bolt = make_supplier(capture_tenant, "Bolt", currency="USD", lead_time_days=0)
    make_item(acme, "MUG", unit_cost="2.50", pack_size=12, minimum=24)
    make_item(bolt, "CUP", unit_cost="1.10")
    make_low_stock(capture_tenant, la, "MUG")  # needs 18
    make_low_stock(capture_tenant, reno, "MUG", on_hand=0)  # needs 20
    make_low_stock(capture_tenant, la, "CUP", on_hand=5, lead_time_days=4)  # needs 15
    # PLATE has no supplier item, but its reorder setting names Acme
    make_low_stock(capture_tenant, la, "PLATE", supplier="acme")
    # BOWL is sold by nobody known
    make_low_stock(capture_tenant, la, "BOWL", supplier="Nobody")

    result = purchase_orders_from_suggestions(tenant=capture_tenant, actor=BUYER)

    orders = {(o.supplier.name, o.location.name): o for o in result.orders}
    assert set(orders) == {("Acme", "LA"), ("Acme", "Reno"), ("Bolt", "LA")}
    assert result.unassigned == ["BOWL"]
    assert _lines(orders["Acme", "LA"]) == {"MUG": (24, Decimal("2.5")), "PLATE": (18, 0)}
    assert _lines(orders["Acme", "Reno"]) == {"MUG": (24, Decimal("2.5"))}
    assert _lines(orders["Bolt", "LA"]) == {"CUP": (15, Decimal("1.1"))}
    today = timezone.now().date()
    # the supplier's lead time, else the longest of the reorder settings'
    assert orders["Acme", "LA"].expected_on == today + timedelta(days=10)
    assert orders["Bolt", "LA"].expected_on == today + timedelta(days=4)
    assert orders["Bolt", "LA"].currency == "USD"
    assert {o.state for o in result.orders} == {PurchaseOrder.State.DRAFT}
    assert sorted(o.number for o in result.orders) == ["PO-000001", "PO-000002", "PO-000003"]
    assert AuditEvent.objects.filter(verb="purchase_order.created").count() == 3


def test_nothing_to_order_is_an_error_and_creates_nothing(capture_tenant):
    la = make_location(capture_tenant, "LA")
    make_low_stock(capture_tenant, la, "BOWL", supplier="Nobody")
    with pytest.raises(PurchasingError) as error:
        purchase_orders_from_suggestions(tenant=capture_tenant, actor=BUYER)
    assert error.value.code == "NOTHING_TO_ORDER"
    assert "BOWL" in error.value.message
    assert not PurchaseOrder.objects.exists()


def test_a_draft_is_edited_until_it_is_sent(capture_tenant):
    la = make_location(capture_tenant, "LA")
    order = make_draft(capture_tenant, la, "MUG")
    make_low_stock(capture_tenant, la, "CUP", on_hand=50)
    # the lines are replaced; the supplier's price is the default cost
    purchase_order_update(
        tenant_id=capture_tenant.pk,
        pk=order.pk,
        actor=BUYER,
        lines=[LineInput("MUG", 30), LineInput("CUP", 5, Decimal("0.99"))],
        expected_on=None,
        notes="Ring the bell",
    )
    order.refresh_from_db()
    assert _lines(order) == {"MUG": (30, Decimal("2.5")), "CUP": (5, Decimal("0.99"))}
    assert (order.expected_on, order.notes) == (None, "Ring the bell")
    assert AuditEvent.objects.filter(verb="purchase_order.updated").count() == 1
    # bad lines are refused, changing nothing
    for lines, code in (
        ([LineInput("NOPE", 1)], "UNKNOWN_SKU"),
        ([LineInput("MUG", 0)], "INVALID_QUANTITY"),
        ([LineInput("MUG", 1), LineInput("MUG", 2)], "INVALID"),
        ([LineInput("MUG", 1, Decimal(-1))], "INVALID"),
        ([], "INVALID"),
    ):
        with pytest.raises(PurchasingError) as error:
            purchase_order_update(
                tenant_id=capture_tenant.pk, pk=order.pk, actor=BUYER, lines=lines
            )
        assert error.value.code == code
        assert _lines(order) == {"MUG": (30, Decimal("2.5")), "CUP": (5, Decimal("0.99"))}
    # once sent, it is the supplier's copy
    purchase_order_send(tenant_id=capture_tenant.pk, pk=order.pk, actor=BUYER, email=False)
    with pytest.raises(PurchasingError) as error:
        purchase_order_update(tenant_id=capture_tenant.pk, pk=order.pk, actor=BUYER, notes="x")
    assert error.value.code == "NOT_EDITABLE"


def test_another_tenants_order_is_not_found(capture_tenant):
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/", app_id="QXBwOjk=")
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"))
    with pytest.raises(PurchasingError) as error:
        purchase_order_update(tenant_id=other.pk, pk=order.pk, actor=BUYER, notes="mine")
    assert error.value.code == "NOT_FOUND"
    with pytest.raises(PurchasingError) as error:
        purchase_order_send(tenant_id=other.pk, pk=order.pk, actor=BUYER, email=False)
    assert error.value.code == "NOT_FOUND"
    order.refresh_from_db()
    assert (order.state, order.notes) == ("DRAFT", "")
