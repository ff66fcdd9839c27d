"""Saleor pre-order variants: held, not routed, until the pre-order ends; then routed by the
scheduled release, oldest paid first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.backorder_routing import (
    backorders_route,
    backorders_wake,
    preorders_release,
)
from saleor_oms_plugin.fulfilment.models import Backorder, RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.fulfilment.tasks import release_preorders
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
SKU = "OMS-SKU-013"


@pytest.fixture
def stock(fake_saleor):
    stock = SaleorStock(fake_saleor)
    for slug in ("oms-nyc", "oms-chi", "oms-dal", "oms-lax", "oms-sea"):
        stock.set_on_hand(SKU, slug, 0)
    return stock


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


def _order(stock, tenant, *, number, paid_minutes, units=1):
    saleor_order = stock.add_order({SKU: units}, number=number)
    saleor_order["updatedAt"] = (MOMENT + timedelta(minutes=paid_minutes)).isoformat()
    return saleor_order, import_order(tenant, saleor_order)


def _route(tenant, order, on_commit):
    with on_commit(execute=True):
        order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)


def test_a_preorder_line_is_held_until_the_preorder_ends(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a pre-order variant ending in three days
    end = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    stock.preorder_until(SKU, end)
    _, order = _order(stock, tenant, number=120, paid_minutes=1)

    # when its order is routed, the line is held as a pre-order until that day
    _route(tenant, order, django_capture_on_commit_callbacks)
    row = Backorder.objects.get(order=order)
    assert (row.state, row.release_at, row.quantity) == ("preorder", end, 1)

    # and stock arriving before the end routes nothing
    stock.set_on_hand(SKU, "oms-lax", 5)
    assert (
        backorders_wake(tenant_id=tenant.pk, variant_ids=[row.variant_id], now=timezone.now()) == 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = backorders_route(tenant_id=tenant.pk)
    assert run.plans == []
    assert fake_saleor.graphql_requests("OmsOrderFulfill") == []
    # and a release before the end date releases nothing
    assert preorders_release(now=end - timedelta(minutes=1)) == []
    assert Backorder.objects.get(order=order).state == "preorder"


def test_at_release_held_preorders_are_routed_oldest_paid_first(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given two held pre-orders, the later-routed one paid first, and stock for one of them
    end = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    stock.preorder_until(SKU, end)
    later_paid, later = _order(stock, tenant, number=121, paid_minutes=40)
    first_paid, first = _order(stock, tenant, number=122, paid_minutes=2)
    _route(tenant, later, django_capture_on_commit_callbacks)
    _route(tenant, first, django_capture_on_commit_callbacks)
    assert set(Backorder.objects.values_list("state", flat=True)) == {"preorder"}
    stock.set_on_hand(SKU, "oms-lax", 1)

    # when the pre-order ends in Saleor and the scheduled release runs after its end date
    stock.preorder_ended(SKU)
    assert preorders_release(now=end + timedelta(minutes=1)) == [tenant.pk]
    with django_capture_on_commit_callbacks(execute=True):
        run = backorders_route(tenant_id=tenant.pk, now=end + timedelta(minutes=1))

    # then the order paid first ships, the other keeps waiting for stock
    assert len(run.plans) == 1
    assert RoutingPlan.objects.get(pk=run.plans[0]).order_id == first.pk
    assert stock.live_fulfilments(first_paid["id"]) == [("oms-lax", {SKU: 1})]
    assert stock.live_fulfilments(later_paid["id"]) == []
    assert Backorder.objects.get(order=first).state == "routed"
    assert Backorder.objects.get(order=later).state == "waiting"


def test_a_preorder_whose_end_saleor_moved_later_is_held_again(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    end = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    stock.preorder_until(SKU, end)
    _, order = _order(stock, tenant, number=123, paid_minutes=1)
    _route(tenant, order, django_capture_on_commit_callbacks)
    stock.set_on_hand(SKU, "oms-lax", 1)
    moved = end + timedelta(days=7)
    stock.preorder_until(SKU, moved)
    preorders_release(now=end + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        run = backorders_route(tenant_id=tenant.pk, now=end + timedelta(minutes=1))
    assert (run.plans, run.held) == ([], 1)
    row = Backorder.objects.get(order=order)
    assert (row.state, row.release_at) == ("preorder", moved)


def test_the_beat_task_releases_due_preorders_and_routes_them(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a pre-order whose end date Saleor reports as already past... the row was held
    # earlier with an end date now gone by
    end = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    stock.preorder_until(SKU, end)
    saleor_order, order = _order(stock, tenant, number=124, paid_minutes=1)
    _route(tenant, order, django_capture_on_commit_callbacks)
    Backorder.objects.filter(order=order).update(release_at=timezone.now() - timedelta(minutes=1))
    stock.preorder_ended(SKU)
    stock.set_on_hand(SKU, "oms-lax", 1)

    # when beat runs the release task (tasks are eager here)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_preorders.apply().get() == 1

    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-lax", {SKU: 1})]
    assert Backorder.objects.get(order=order).state == "routed"
