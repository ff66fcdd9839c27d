"""The order's story (federation ``Order.oms.timeline``): oldest first, ROUTED at decision time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.graphql.federation.timeline import order_timeline
from saleor_oms_plugin.orders.models import Fulfillment, Order
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, import_order, make_routing_tenant

PLACED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _order() -> Order:
    return Order(number="100", saleor_created_at=PLACED, saleor_updated_at=PLACED)


def _applied_plan(*, decided_at: datetime | None, applied_at: datetime) -> RoutingPlan:
    return RoutingPlan(
        state=RoutingPlan.State.APPLIED,
        decision={"shipments": [{}]},
        decided_at=decided_at,
        created_at=decided_at or applied_at,
        updated_at=applied_at,
    )


def _shipped(at: datetime) -> Fulfillment:
    return Fulfillment(status="FULFILLED", saleor_created_at=at, warehouse_name="OMS Los Angeles")


def test_routed_carries_the_decision_time_so_it_comes_before_shipped():
    # given a plan decided at 10:00 and applied (marked applied) at 10:30, after Saleor
    # created the fulfilment at 10:05
    decided = PLACED + timedelta(hours=1)
    plan = _applied_plan(decided_at=decided, applied_at=decided + timedelta(minutes=30))
    shipped = _shipped(decided + timedelta(minutes=5))

    # when the timeline is built
    events = order_timeline(_order(), fulfillments=[shipped], plans=[plan], returns=[])

    # then the story reads placed, routed (when decided), shipped
    assert [(e.kind.value, e.at) for e in events] == [
        ("PLACED", PLACED),
        ("ROUTED", decided),
        ("SHIPPED", decided + timedelta(minutes=5)),
    ]


def test_events_of_the_same_instant_keep_the_order_of_the_story():
    # given a fulfilment Saleor stamped the very instant the plan was decided
    plan = _applied_plan(decided_at=PLACED, applied_at=PLACED + timedelta(minutes=1))
    events = order_timeline(_order(), fulfillments=[_shipped(PLACED)], plans=[plan], returns=[])
    assert [e.kind.value for e in events] == ["PLACED", "ROUTED", "SHIPPED"]


@pytest.mark.django_db
def test_a_stored_plan_keeps_the_decision_time_of_the_engine(
    fake_saleor, django_capture_on_commit_callbacks
):
    # given an order routed with the engine's clock at MOMENT
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")
    order = import_order(tenant, stock.add_order({"OMS-SKU-001": 1}))
    with django_capture_on_commit_callbacks(execute=True):
        plan = order_route(
            tenant_id=tenant.pk,
            order_id=order.pk,
            trigger="manual",
            actor=Actor("staff", "VXNlcjox"),
            now=MOMENT,
        )
    # when it has been applied (which touches updated_at)
    plan.refresh_from_db()
    assert plan.state == "applied"
    # then its decision time is the engine's, not the time it was applied
    assert plan.decided_at == MOMENT
    assert plan.updated_at != MOMENT
    events = order_timeline(order, fulfillments=[], plans=[plan], returns=[])
    assert [(e.kind.value, e.at) for e in events if e.kind.value == "ROUTED"] == [
        ("ROUTED", MOMENT)
    ]
