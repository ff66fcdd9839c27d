"""The routing actions that trigger rules take: hold, release, route now, approve."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.models import RoutingHold, RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.rules.actions import ActionContext, PermanentActionError, action_type
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
LINES = {"OMS-SKU-001": 1, "OMS-SKU-016": 2}


def _context(tenant, order, **params) -> ActionContext:
    return ActionContext(
        tenant_id=tenant.pk,
        action_run_id=1,
        idempotency_key="k",
        attempt=1,
        rule_id=7,
        rule_name="high value",
        order_id=order.pk,
        fired_at=datetime(2026, 11, 23, 12, tzinfo=UTC),
        facts={},
        params=params,
    )


def _run(name: str, context: ActionContext, on_commit):
    runner = action_type(name).runner
    assert runner is not None, f"{name} has no runner"
    with on_commit(execute=True):
        return runner(context)


def test_a_held_order_is_not_routed_automatically_until_released(
    fake_saleor, django_capture_on_commit_callbacks
):
    # given a tenant routing on payment, and an order a rule held
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="fully_paid")
    order = import_order(tenant, stock.add_order(LINES))
    assert _run(
        "hold_routing", _context(tenant, order, reason="review"), django_capture_on_commit_callbacks
    ) == {"held": True}
    # when its payment triggers routing
    plan = order_route(
        tenant_id=tenant.pk, order_id=order.pk, trigger="fully_paid", actor=Actor.saleor()
    )
    # then nothing is routed
    assert plan is None
    assert not RoutingPlan.objects.filter(order=order).exists()
    # and once released, the order is routed and applied
    result = _run("release_routing", _context(tenant, order), django_capture_on_commit_callbacks)
    assert result == {"released": True}
    assert not RoutingHold.objects.exists()
    assert RoutingPlan.objects.get(order=order).state == "applied"


def test_route_now_routes_and_approve_fulfilment_approves(
    fake_saleor, django_capture_on_commit_callbacks
):
    # given a tenant that holds plans for approval, and an order
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), require_approval=True)
    order = import_order(tenant, stock.add_order(LINES))
    # when a rule routes it now, then approves the plan
    routed = _run("route_now", _context(tenant, order), django_capture_on_commit_callbacks)
    plan = RoutingPlan.objects.get(pk=routed["plan_id"])
    assert plan.state == "proposed"
    approved = _run(
        "approve_fulfilment", _context(tenant, order), django_capture_on_commit_callbacks
    )
    # then the plan was applied in Saleor
    assert approved == {"plan_id": plan.pk}
    plan.refresh_from_db()
    assert plan.state == "applied"
    # and approving again has nothing to approve
    with pytest.raises(PermanentActionError) as refused:
        _run("approve_fulfilment", _context(tenant, order), django_capture_on_commit_callbacks)
    assert refused.value.code == "NO_PLAN_TO_APPROVE"
