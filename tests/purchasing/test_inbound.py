"""Open quantities of sent purchase orders count as inbound: suggestions shrink by them."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.purchasing.ordering import LineInput, purchase_order_update
from saleor_oms_plugin.purchasing.receiving import purchase_order_receive
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from saleor_oms_plugin.replenishment.selectors import purchase_suggestions
from tests.fixtures.graphql import make_location
from tests.fixtures.purchasing import BUYER, make_draft
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _suggested(tenant):
    return {s.stock.sku: (s.quantity, s.inbound) for s in purchase_suggestions(tenant=tenant)}


def test_a_suggestion_shrinks_once_its_purchase_order_is_sent(capture_tenant):
    # given MUG at 2 (reorder at 10, up to 20), and a draft for 10 of it
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"), "MUG", reorder_point=10)
    purchase_order_update(
        tenant_id=capture_tenant.pk, pk=order.pk, actor=BUYER, lines=[LineInput("MUG", 10)]
    )
    # a draft is nothing on its way yet
    assert _suggested(capture_tenant) == {"MUG": (18, 0)}
    # when it is sent, its 10 units are inbound
    purchase_order_send(tenant_id=capture_tenant.pk, pk=order.pk, actor=BUYER, email=False)
    assert _suggested(capture_tenant) == {"MUG": (8, 10)}
    # receiving 4 moves them from inbound to stock: still 8 short
    [line] = order.lines.all()
    purchase_order_receive(
        tenant_id=capture_tenant.pk, pk=order.pk, key="d1", quantities={line.pk: 4}, actor=BUYER
    )
    assert _suggested(capture_tenant) == {"MUG": (8, 6)}


def test_another_tenants_orders_are_not_inbound(capture_tenant):
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/", app_id="QXBwOjk=")
    mine = make_draft(capture_tenant, make_location(capture_tenant, "LA"), "MUG")
    theirs = make_draft(other, make_location(other, "LA"), "MUG")
    purchase_order_send(tenant_id=other.pk, pk=theirs.pk, actor=BUYER, email=False)
    assert _suggested(capture_tenant) == {"MUG": (18, 0)}
    assert _suggested(other) == {}
    assert mine.state == "DRAFT"
