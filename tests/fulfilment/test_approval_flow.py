"""Saleor's approval flow (shop setting fulfillmentAutoApprove off), as the live Saleor 3.23.28
ran it (docs/WAREHOUSE.md): fulfilment approves at once where no warehouse ships the location
itself, and leaves the fulfilment waiting where warehouse execution is on."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment import saleor_apply
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.warehouse.models import LocationExecution, Release
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
SF_LINES = {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}
STAFF = Actor("staff", "VXNlcjox")


@pytest.fixture
def stock(fake_saleor):
    fake_saleor.shop["fulfillmentAutoApprove"] = False
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


def _route(tenant, order, on_commit):
    with on_commit(execute=True):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    plan.refresh_from_db()
    return plan


def _execution_on(tenant, name):
    location = Location.objects.get(tenant=tenant, name=name)
    LocationExecution.objects.create(tenant=tenant, location=location, enabled=True)
    return location


def _operations(fake):
    return [r.operation_name for r in fake.graphql_requests()]


def test_a_location_without_warehouse_execution_ships_at_once(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a shop that holds fulfilments for approval, and an order to San Francisco
    saleor_order = stock.add_order(SF_LINES)
    order = import_order(tenant, saleor_order)

    # when the order is routed (Los Angeles, no warehouse execution there)
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then the fulfilment Saleor held was approved, so the order shipped as it did before
    assert plan.state == "applied"
    fulfilment = stock.order(saleor_order["id"])["fulfillments"][0]
    assert fulfilment["status"] == "FULFILLED"
    assert stock.order(saleor_order["id"])["status"] == "FULFILLED"
    assert _operations(fake_saleor)[-2:] == ["OmsOrderFulfill", "OmsFulfillmentApprove"]
    approve = fake_saleor.graphql_requests("OmsFulfillmentApprove")[0]
    assert approve.variables == {"id": fulfilment["id"], "notifyCustomer": True}
    # and Saleor took the units from Los Angeles only then
    assert stock.level("OMS-SKU-016", "oms-lax") == {"quantity": 6, "allocated": 0}


def test_a_location_with_warehouse_execution_keeps_the_fulfilment_waiting(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given warehouse execution on in Los Angeles
    _execution_on(tenant, "OMS Los Angeles")
    saleor_order = stock.add_order(SF_LINES)
    order = import_order(tenant, saleor_order)

    # when the order is routed there
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then Saleor holds the fulfilment, nothing approved it, the customer was not told yet
    assert plan.state == "applied"
    fulfilment = stock.order(saleor_order["id"])["fulfillments"][0]
    assert fulfilment["status"] == "WAITING_FOR_APPROVAL"
    assert "OmsFulfillmentApprove" not in _operations(fake_saleor)
    sent = fake_saleor.graphql_requests("OmsOrderFulfill")[0]
    assert sent.variables["input"]["notifyCustomer"] is False
    # and Saleor's stock is untouched while the warehouse picks (seen on the live Saleor)
    assert stock.level("OMS-SKU-016", "oms-lax")["quantity"] == 8
    # and the warehouse has it to pick
    release = Release.objects.get(tenant=tenant)
    assert release.saleor_fulfillment_id == fulfilment["id"]


def test_a_retry_after_a_crash_before_the_approval_approves_once(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks, monkeypatch
):
    # given a worker that dies after the fulfilment was recorded, before approving it
    order = import_order(tenant, stock.add_order(SF_LINES))
    real_approve = saleor_apply._approve_held

    def crash(*args, **kwargs):
        raise ConnectionError("worker killed")

    monkeypatch.setattr(saleor_apply, "_approve_held", crash)
    with django_capture_on_commit_callbacks(execute=False):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    with pytest.raises(ConnectionError):
        saleor_apply.plan_apply(tenant_id=tenant.pk, plan_id=plan.pk)
    assert plan.shipments.get().state == "applied"
    assert stock.order(order.saleor_id)["fulfillments"][0]["status"] == "WAITING_FOR_APPROVAL"

    # when the task runs again
    monkeypatch.setattr(saleor_apply, "_approve_held", real_approve)
    assert saleor_apply.plan_apply(tenant_id=tenant.pk, plan_id=plan.pk) == "applied"

    # then the held fulfilment was approved, once, and nothing was fulfilled twice
    assert stock.order(order.saleor_id)["fulfillments"][0]["status"] == "FULFILLED"
    assert len(fake_saleor.graphql_requests("OmsOrderFulfill")) == 1
    assert len(fake_saleor.graphql_requests("OmsFulfillmentApprove")) == 1


def test_a_refused_approval_leaves_the_fulfilment_waiting_for_staff(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks, caplog
):
    # given an unpaid order in a shop that does not approve unpaid fulfilments
    saleor_order = stock.add_order(SF_LINES)
    saleor_order["isPaid"] = False
    order = import_order(tenant, saleor_order)

    # when it is routed
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then the plan is applied, the fulfilment waits in Saleor for staff, and the log says why
    assert plan.state == "applied"
    assert stock.order(saleor_order["id"])["fulfillments"][0]["status"] == "WAITING_FOR_APPROVAL"
    assert "CANNOT_FULFILL_UNPAID_ORDER" in caplog.text


def test_with_automatic_approval_nothing_is_approved_by_us(
    fake_saleor, tenant, django_capture_on_commit_callbacks
):
    # given a shop that approves fulfilments itself (Saleor's default)
    stock = SaleorStock(fake_saleor)
    order = import_order(tenant, stock.add_order(SF_LINES))
    # when the order is routed
    _route(tenant, order, django_capture_on_commit_callbacks)
    # then no approval is sent
    assert "OmsFulfillmentApprove" not in _operations(fake_saleor)
