"""Merging (tenant setting ``routing.merge_window_minutes``): a customer's open orders to one
address within the window are routed as one group, each order keeping its own fulfilments."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import (
    SAN_FRANCISCO,
    SaleorStock,
    import_order,
    make_routing_tenant,
)

pytestmark = pytest.mark.django_db
# Seattle alone holds the skillet; the torch is everywhere, nearest to San Francisco in LA.
SKILLET = {"OMS-SKU-005": 1}
TORCH = {"OMS-SKU-001": 1}
OTHER_STREET = {**SAN_FRANCISCO, "streetAddress1": "500 Howard St"}


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


def _tenant(fake_saleor, **routing):
    return make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="fully_paid", **routing)


def _paid_route(tenant, order, at, on_commit, *, execute=True):
    """The fully-paid trigger's route task, at the moment ``at``."""
    with on_commit(execute=execute) as callbacks:
        plan = order_route(
            tenant_id=tenant.pk,
            order_id=order.pk,
            trigger="fully_paid",
            actor=Actor.saleor(),
            now=at,
        )
    return plan, callbacks


def _created(saleor_order):
    return datetime.fromisoformat(saleor_order["created"])


def test_orders_within_the_window_wait_then_leave_together_each_with_its_fulfilment(
    fake_saleor, stock, django_capture_on_commit_callbacks
):
    tenant = _tenant(fake_saleor, merge_window_minutes=30)
    first_saleor = stock.add_order(SKILLET, number=100)
    second_saleor = stock.add_order(TORCH, number=110)  # ten minutes later, same customer
    first, second = import_order(tenant, first_saleor), import_order(tenant, second_saleor)
    opened = _created(first_saleor)

    # when the first order is paid five minutes in, routing waits for the window to close
    plan, callbacks = _paid_route(
        tenant,
        first,
        opened + timedelta(minutes=5),
        django_capture_on_commit_callbacks,
        execute=False,
    )
    assert plan is None
    assert len(callbacks) == 1  # its route task, queued for the window's close
    assert not RoutingPlan.objects.exists()
    waiting = AuditEvent.objects.get(tenant=tenant, verb="routing.merge_waiting")
    assert waiting.data["orders"] == [first_saleor["id"], second_saleor["id"]]
    assert waiting.data["closes_at"] == (opened + timedelta(minutes=30)).isoformat()

    # when the window has closed, one route routes both orders as one group
    plan, _ = _paid_route(
        tenant, second, opened + timedelta(minutes=31), django_capture_on_commit_callbacks
    )
    plans = {p.order_id: p for p in RoutingPlan.objects.all()}
    assert set(plans) == {first.pk, second.pk}
    assert plan.pk == plans[second.pk].pk
    # then both leave from Seattle (the torch alone would have gone from Los Angeles), each
    # Saleor order with its own fulfilment
    assert stock.live_fulfilments(first_saleor["id"]) == [("oms-sea", SKILLET)]
    assert stock.live_fulfilments(second_saleor["id"]) == [("oms-sea", TORCH)]
    assert {p.state for p in plans.values()} == {"applied"}
    for each in plans.values():
        assert "Routed together with orders #100, #110 of the same customer and address" in [
            r["message"] for r in each.reasons
        ]
    # and the first order's own task, run later, finds it routed
    again, _ = _paid_route(
        tenant, first, opened + timedelta(minutes=32), django_capture_on_commit_callbacks
    )
    assert again is None
    assert RoutingPlan.objects.count() == 2


def _routed_from(stock, saleor_order):
    return [slug for slug, _ in stock.live_fulfilments(saleor_order["id"])]


def test_an_order_after_the_window_is_routed_separately(
    fake_saleor, stock, django_capture_on_commit_callbacks
):
    tenant = _tenant(fake_saleor, merge_window_minutes=30)
    first_saleor = stock.add_order(SKILLET, number=100)
    late_saleor = stock.add_order(TORCH, number=140)  # forty minutes later
    first, late = import_order(tenant, first_saleor), import_order(tenant, late_saleor)
    opened = _created(first_saleor)

    _paid_route(tenant, first, opened + timedelta(minutes=31), django_capture_on_commit_callbacks)
    assert _routed_from(stock, first_saleor) == ["oms-sea"]
    assert not RoutingPlan.objects.filter(order=late).exists()
    # the late order opened a window of its own
    plan, _ = _paid_route(
        tenant,
        late,
        opened + timedelta(minutes=45),
        django_capture_on_commit_callbacks,
        execute=False,
    )
    assert plan is None
    _paid_route(tenant, late, opened + timedelta(minutes=71), django_capture_on_commit_callbacks)
    assert _routed_from(stock, late_saleor) == ["oms-lax"]


def test_an_order_to_another_address_is_routed_separately(
    fake_saleor, stock, django_capture_on_commit_callbacks
):
    tenant = _tenant(fake_saleor, merge_window_minutes=30)
    first_saleor = stock.add_order(SKILLET, number=100)
    elsewhere_saleor = stock.add_order(TORCH, number=110, address=OTHER_STREET)
    first = import_order(tenant, first_saleor)
    elsewhere = import_order(tenant, elsewhere_saleor)
    opened = _created(first_saleor)

    _paid_route(tenant, first, opened + timedelta(minutes=31), django_capture_on_commit_callbacks)
    _paid_route(
        tenant, elsewhere, opened + timedelta(minutes=41), django_capture_on_commit_callbacks
    )
    assert _routed_from(stock, first_saleor) == ["oms-sea"]
    assert _routed_from(stock, elsewhere_saleor) == ["oms-lax"]
    for plan in RoutingPlan.objects.all():
        assert "merged" not in [r["code"] for r in plan.reasons]


def test_with_the_setting_off_each_paid_order_is_routed_at_once_and_alone(
    fake_saleor, stock, django_capture_on_commit_callbacks
):
    tenant = _tenant(fake_saleor)  # merge_window_minutes defaults to 0: off
    first_saleor = stock.add_order(SKILLET, number=100)
    second_saleor = stock.add_order(TORCH, number=110)
    first, second = import_order(tenant, first_saleor), import_order(tenant, second_saleor)
    opened = _created(first_saleor)

    one, _ = _paid_route(
        tenant, first, opened + timedelta(minutes=1), django_capture_on_commit_callbacks
    )
    two, _ = _paid_route(
        tenant, second, opened + timedelta(minutes=11), django_capture_on_commit_callbacks
    )
    assert one is not None and two is not None
    assert _routed_from(stock, first_saleor) == ["oms-sea"]
    assert _routed_from(stock, second_saleor) == ["oms-lax"]
    assert not AuditEvent.objects.filter(tenant=tenant, verb="routing.merge_waiting").exists()
