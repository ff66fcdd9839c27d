"""Backorders: units routing could place nowhere wait, and are routed by themselves (oldest paid
first, as far as new stock covers) when stock arrives; the fake Saleor answers as Saleor 3.23."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core import events as core_events
from saleor_oms_plugin.core.events import Published, listen
from saleor_oms_plugin.fulfilment.backorder_routing import (
    backorders_route,
    backorders_wake,
    on_stock_changes,
)
from saleor_oms_plugin.fulfilment.models import Backorder, RoutingPlan
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.inventory.ledger import stock_ensure
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
ONE_SKU_SLUGS = ("oms-nyc", "oms-chi", "oms-dal", "oms-lax", "oms-sea")


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


@pytest.fixture
def published():
    heard: list[Published] = []
    listen(heard.append)
    yield heard
    core_events._listeners.remove(heard.append)


def _none_anywhere(stock, sku):
    for slug in ONE_SKU_SLUGS:
        stock.set_on_hand(sku, slug, 0)


def _order(stock, tenant, lines, *, number, paid_minutes=None):
    saleor_order = stock.add_order(lines, number=number)
    if paid_minutes is not None:
        saleor_order["updatedAt"] = (MOMENT + timedelta(minutes=paid_minutes)).isoformat()
    return saleor_order, import_order(tenant, saleor_order)


def _route(tenant, order, on_commit):
    with on_commit(execute=True):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    plan.refresh_from_db()
    return plan


def _stock_arrives(tenant, stock, sku, slug, units, on_commit):
    """Stock rises in Saleor and the ledger hears of it (the re-read a stock webhook starts)."""
    stock.set_on_hand(sku, slug, units)
    with on_commit(execute=True):
        backorders_wake(
            tenant_id=tenant.pk, variant_ids=[stock.variant_id(sku)], now=MOMENT + timedelta(days=1)
        )
        run = backorders_route(tenant_id=tenant.pk, now=MOMENT + timedelta(days=1))
    return run


def test_units_routing_cannot_place_wait_as_a_backorder_per_line_with_the_reason(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks, published
):
    # given an order of three units of a SKU only one location holds one of
    saleor_order, order = _order(stock, tenant, {"OMS-SKU-013": 3, "OMS-SKU-001": 1}, number=101)

    # when it is routed
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then what can ship ships, and the two missing units wait as one backorder of that line
    assert plan.state == "applied"
    row = Backorder.objects.get(order=order)
    line_id = saleor_order["lines"][0]["id"]
    assert (row.line_id, row.sku, row.quantity, row.state) == (line_id, "OMS-SKU-013", 2, "waiting")
    assert row.reason_code == "backordered"
    assert row.reason == "OMS-SKU-013: 2 units backordered, not in stock at any eligible location"
    assert row.plan_id == plan.pk
    # and Saleor was asked whether the variant is a pre-order (it is not)
    assert row.preorder_checked
    assert len(fake_saleor.graphql_requests("OmsVariantPreorders")) == 1
    # and rules hear of it, about the order
    waiting = [p for p in published if p.event.value == "backorder.waiting"]
    assert [(p.order_id, p.facts["units"]) for p in waiting] == [(order.pk, 2)]


def test_a_fully_stocked_order_records_no_backorder_and_asks_saleor_nothing_more(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    _, order = _order(stock, tenant, {"OMS-SKU-001": 1}, number=102)
    _route(tenant, order, django_capture_on_commit_callbacks)
    assert not Backorder.objects.exists()
    assert fake_saleor.graphql_requests("OmsVariantPreorders") == []


def test_stock_arriving_routes_the_backorder_alone_applies_it_in_saleor_and_promises_it(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks, published
):
    # given an order whose SKU is nowhere: its plan fails and everything waits
    _none_anywhere(stock, "OMS-SKU-013")
    saleor_order, order = _order(stock, tenant, {"OMS-SKU-013": 2}, number=103)
    first = _route(tenant, order, django_capture_on_commit_callbacks)
    assert (first.state, first.error_code) == ("failed", "NO_STOCK")
    assert Backorder.objects.get(order=order).quantity == 2

    # when two units arrive in Los Angeles
    run = _stock_arrives(
        tenant, stock, "OMS-SKU-013", "oms-lax", 2, django_capture_on_commit_callbacks
    )

    # then a plan of its own ships them from there, applied in Saleor like any plan
    plan = RoutingPlan.objects.get(pk=run.plans[0])
    assert (plan.trigger, plan.state) == ("backorder", "applied")
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-lax", {"OMS-SKU-013": 2})]
    row = Backorder.objects.get(order=order)
    assert (row.state, row.quantity, row.routed_units, row.routed_plan_id) == (
        "routed",
        0,
        2,
        plan.pk,
    )
    # and the customer's new promise is on the row and in the published event
    assert row.promised_ship_date is not None
    assert row.promised_ship_date >= date(2026, 11, 25)
    promised = [p for p in published if p.event.value == "backorder.promised"]
    assert len(promised) == 1
    assert promised[0].order_id == order.pk
    assert promised[0].facts["promised_ship_date"] == row.promised_ship_date.isoformat()
    assert promised[0].facts["routed_units"] == 2


def test_only_as_many_as_the_new_stock_covers_are_routed_oldest_paid_first(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given two orders waiting for the same SKU; the one recorded first was paid later
    _none_anywhere(stock, "OMS-SKU-013")
    later_paid, later = _order(stock, tenant, {"OMS-SKU-013": 2}, number=110, paid_minutes=50)
    earlier_paid, earlier = _order(stock, tenant, {"OMS-SKU-013": 2}, number=111, paid_minutes=5)
    _route(tenant, later, django_capture_on_commit_callbacks)
    _route(tenant, earlier, django_capture_on_commit_callbacks)
    assert earlier.paid_at < later.paid_at

    # when three units arrive: enough for one order and half of the other
    run = _stock_arrives(
        tenant, stock, "OMS-SKU-013", "oms-lax", 3, django_capture_on_commit_callbacks
    )

    # then the earlier paid order gets both its units, the other the one left, and no unit
    # more than Saleor has was sent
    assert len(run.plans) == 2
    assert stock.live_fulfilments(earlier_paid["id"]) == [("oms-lax", {"OMS-SKU-013": 2})]
    assert stock.live_fulfilments(later_paid["id"]) == [("oms-lax", {"OMS-SKU-013": 1})]
    assert stock.level("OMS-SKU-013", "oms-lax")["quantity"] == 0
    assert Backorder.objects.get(order=earlier).state == "routed"
    rest = Backorder.objects.get(order=later)
    assert (rest.state, rest.quantity, rest.routed_units) == ("waiting", 1, 1)


def test_stock_that_does_not_cover_a_backorder_leaves_it_waiting_unrouted(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    _none_anywhere(stock, "OMS-SKU-013")
    _, order = _order(stock, tenant, {"OMS-SKU-013": 2}, number=112)
    _route(tenant, order, django_capture_on_commit_callbacks)
    # another SKU's stock changes: nothing of this one arrived
    run = _stock_arrives(
        tenant, stock, "OMS-SKU-013", "oms-lax", 0, django_capture_on_commit_callbacks
    )
    assert run.plans == []
    assert fake_saleor.graphql_requests("OmsOrderFulfill") == []
    row = Backorder.objects.get(order=order)
    assert (row.state, row.quantity, row.woken_at) == ("waiting", 2, None)


def test_a_run_routes_nothing_that_no_stock_change_woke(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    _none_anywhere(stock, "OMS-SKU-013")
    _, order = _order(stock, tenant, {"OMS-SKU-013": 2}, number=113)
    _route(tenant, order, django_capture_on_commit_callbacks)
    stock.set_on_hand("OMS-SKU-013", "oms-lax", 2)
    run = backorders_route(tenant_id=tenant.pk)
    assert (run.claimed, run.plans) == (0, [])


def test_the_ledger_hearing_of_new_stock_wakes_and_routes_the_backorder(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a waiting backorder and the ledger's stock row of its variant in Los Angeles
    _none_anywhere(stock, "OMS-SKU-013")
    saleor_order, order = _order(stock, tenant, {"OMS-SKU-013": 1}, number=114)
    _route(tenant, order, django_capture_on_commit_callbacks)
    lax = Location.objects.get(tenant=tenant, name="OMS Los Angeles")
    level = stock_ensure(
        tenant_id=tenant.pk, location_id=lax.pk, variant_id=stock.variant_id("OMS-SKU-013")
    )
    stock.set_on_hand("OMS-SKU-013", "oms-lax", 1)

    # when the stock listener hears that this row changed (the debounced run is eager here)
    with django_capture_on_commit_callbacks(execute=True):
        on_stock_changes(tenant.pk, frozenset({level.pk}))

    # then the backorder was routed and applied
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-lax", {"OMS-SKU-013": 1})]
    assert Backorder.objects.get(order=order).state == "routed"


def test_a_cancelled_order_stops_waiting(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    _none_anywhere(stock, "OMS-SKU-013")
    saleor_order, order = _order(stock, tenant, {"OMS-SKU-013": 1}, number=115)
    _route(tenant, order, django_capture_on_commit_callbacks)
    saleor_order["status"] = "CANCELED"
    saleor_order["updatedAt"] = (MOMENT + timedelta(days=2)).isoformat()
    import_order(tenant, saleor_order)
    assert Backorder.objects.get(order=order).state == "cancelled"
    run = _stock_arrives(
        tenant, stock, "OMS-SKU-013", "oms-lax", 1, django_capture_on_commit_callbacks
    )
    assert run.plans == []


ORDER_BACKORDERS = """
query Order($id: ID!) {
  order(id: $id) {
    backorders {
      sku quantity routedUnits state reasonCode reason releaseAt promisedShipDate
      plan { state } routedPlan { trigger state }
    }
  }
}
"""


def test_the_order_shows_its_backorders_with_reason_and_promise(
    client, fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    from graphql_relay import to_global_id

    from tests.fixtures.graphql import gql, make_api_key

    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _none_anywhere(stock, "OMS-SKU-013")
    _, order = _order(stock, tenant, {"OMS-SKU-013": 2}, number=130)
    _route(tenant, order, django_capture_on_commit_callbacks)
    variables = {"id": to_global_id("OmsOrder", order.pk)}

    status, body = gql(client, ORDER_BACKORDERS, variables, api_key=key)
    assert status == 200, body
    assert body["data"]["order"]["backorders"] == [
        {
            "sku": "OMS-SKU-013",
            "quantity": 2,
            "routedUnits": 0,
            "state": "WAITING",
            "reasonCode": "backordered",
            "reason": "OMS-SKU-013: 2 units backordered, not in stock at any eligible location",
            "releaseAt": None,
            "promisedShipDate": None,
            "plan": {"state": "FAILED"},
            "routedPlan": None,
        }
    ]

    _stock_arrives(tenant, stock, "OMS-SKU-013", "oms-lax", 2, django_capture_on_commit_callbacks)
    _, body = gql(client, ORDER_BACKORDERS, variables, api_key=key)
    shown = body["data"]["order"]["backorders"][0]
    row = Backorder.objects.get(order=order)
    assert (shown["state"], shown["quantity"], shown["routedUnits"]) == ("ROUTED", 0, 2)
    assert shown["promisedShipDate"] == row.promised_ship_date.isoformat()
    assert shown["routedPlan"] == {"trigger": "backorder", "state": "APPLIED"}


def test_units_saleor_refuses_after_stock_arrived_wait_again_and_are_not_lost(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a waiting backorder, and stock in Los Angeles that is sold to someone else between
    # our reading and our orderFulfill
    _none_anywhere(stock, "OMS-SKU-013")
    saleor_order, order = _order(stock, tenant, {"OMS-SKU-013": 2}, number=131)
    _route(tenant, order, django_capture_on_commit_callbacks)
    stock.sold_elsewhere_before_fulfil("oms-lax", "OMS-SKU-013", left=0)

    # when the stock arrives and the backorder is routed
    run = _stock_arrives(
        tenant, stock, "OMS-SKU-013", "oms-lax", 2, django_capture_on_commit_callbacks
    )

    # then Saleor refused Los Angeles, the re-route found nothing elsewhere, and the two units
    # wait again (not lost, not counted twice)
    plan = RoutingPlan.objects.get(pk=run.plans[0])
    assert plan.state == "superseded"
    assert RoutingPlan.objects.get(parent=plan).error_code == "NO_STOCK"
    assert stock.live_fulfilments(saleor_order["id"]) == []
    # (the routed row stays as the history of the promise; a new row waits, as
    # backorder.waiting tells the rules again)
    rows = list(Backorder.objects.filter(order=order).order_by("pk"))
    assert [(r.state, r.quantity, r.routed_units) for r in rows] == [
        ("routed", 0, 2),
        ("waiting", 2, 0),
    ]
    assert rows[1].plan_id == RoutingPlan.objects.get(parent=plan).pk
