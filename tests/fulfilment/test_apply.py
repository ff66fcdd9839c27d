"""Applying routing plans against Saleor's side of the wire (the fake Saleor over real HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment import saleor_apply
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.leases import plan_claim_apply, plans_to_apply_again
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.selectors import LONGEST_STALL, plan_stall_after
from saleor_oms_plugin.fulfilment.services import order_route, plan_approve
from saleor_oms_plugin.fulfilment.tasks import apply_routing_plan, requeue_stalled_plans
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
SF_LINES = {"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}
STAFF = Actor("staff", "VXNlcjox")


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


def _route(tenant, order, on_commit, **kwargs):
    with on_commit(execute=True):
        plan = order_route(
            tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF, **kwargs
        )
    plan.refresh_from_db()
    return plan


def _fulfil_requests(fake):
    return fake.graphql_requests("OmsOrderFulfill")


def _warehouses_sent(fake, stock):
    slugs = {wid: slug for slug, wid in stock.warehouse_ids.items()}
    return [
        {slugs[s["warehouse"]] for line in r.variables["input"]["lines"] for s in line["stocks"]}
        for r in _fulfil_requests(fake)
    ]


def _verbs(tenant):
    return list(
        AuditEvent.objects.filter(
            tenant=tenant, verb__regex=r"^(routing_plan|plan_shipment)\."
        ).values_list("verb", flat=True)
    )


def test_the_san_francisco_order_ships_from_los_angeles(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given an order to San Francisco that Saleor allocated in New York
    saleor_order = stock.add_order(SF_LINES)
    assert {
        a["warehouse"]["name"] for line in saleor_order["lines"] for a in line["allocations"]
    } == {"OMS New York"}
    order = import_order(tenant, saleor_order)

    # when the order is routed and the plan applied
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then one fulfilment leaves Los Angeles with every line, and Saleor is fully fulfilled
    assert plan.state == "applied"
    assert plan.ruleset_name == "built-in default"
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-lax", SF_LINES)]
    assert stock.order(saleor_order["id"])["status"] == "FULFILLED"
    shipment = plan.shipments.get()
    assert (shipment.state, shipment.location.name, shipment.attempts) == (
        "applied",
        "OMS Los Angeles",
        1,
    )
    assert (
        shipment.saleor_fulfillment_id == stock.order(saleor_order["id"])["fulfillments"][0]["id"]
    )
    # and Saleor took the stock in Los Angeles and released New York's allocations
    assert stock.level("OMS-SKU-016", "oms-lax") == {"quantity": 6, "allocated": 0}
    assert stock.level("OMS-SKU-016", "oms-nyc") == {"quantity": 8, "allocated": 0}
    # and the reasons say why
    assert "OMS Los Angeles: nearest location with all 3 lines in stock, 559 km" in [
        r["message"] for r in plan.reasons
    ]
    assert _verbs(tenant) == [
        "routing_plan.applying",
        "plan_shipment.applied",
        "routing_plan.applied",
    ]
    # and Saleor's fulfilments were read before anything was sent
    operations = [r.operation_name for r in fake_saleor.graphql_requests()]
    assert operations == ["OmsVariantStocks", "OmsOrderFulfillments", "OmsOrderFulfill"]


def test_a_refusal_at_one_location_reroutes_the_remainder_elsewhere(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given Los Angeles sells its headphones to someone else just before we fulfil there
    saleor_order = stock.add_order(SF_LINES)
    order = import_order(tenant, saleor_order)
    stock.sold_elsewhere_before_fulfil("oms-lax", "OMS-SKU-016", left=0)

    # when the order is routed
    first = _route(tenant, order, django_capture_on_commit_callbacks)

    # then Saleor refused Los Angeles, and the remainder went to Chicago (nearest of the rest)
    assert first.state == "superseded"
    refused = first.shipments.get()
    assert (refused.state, refused.error_code, refused.location.name) == (
        "failed",
        "INSUFFICIENT_STOCK",
        "OMS Los Angeles",
    )
    second = RoutingPlan.objects.get(parent=first)
    assert (second.state, second.attempt, second.trigger) == ("applied", 2, "reroute")
    assert second.excluded_location_ids == [stock.warehouse_ids["oms-lax"]]
    assert _warehouses_sent(fake_saleor, stock) == [{"oms-lax"}, {"oms-chi"}]
    assert stock.live_fulfilments(saleor_order["id"]) == [("oms-chi", SF_LINES)]
    # and every step is in the audit log, in order
    assert _verbs(tenant) == [
        "routing_plan.applying",
        "plan_shipment.failed",
        "routing_plan.superseded",
        "routing_plan.applying",
        "plan_shipment.applied",
        "routing_plan.applied",
    ]


def test_rerouting_stops_after_the_configured_number_of_attempts(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given two attempts at most, and both Los Angeles and Chicago losing their headphones
    tenant.settings = {"routing": {"max_attempts": 2}}
    tenant.save()
    order = import_order(tenant, stock.add_order(SF_LINES))
    stock.sold_elsewhere_before_fulfil("oms-lax", "OMS-SKU-016", left=0)
    stock.before_fulfil["oms-chi"] = lambda s: s.set_on_hand("OMS-SKU-016", "oms-chi", 1)

    # when the order is routed
    first = _route(tenant, order, django_capture_on_commit_callbacks)

    # then the second plan fails for good, with nothing fulfilled in Saleor
    second = RoutingPlan.objects.get(parent=first)
    assert (second.state, second.error_code) == ("failed", "ATTEMPTS_EXHAUSTED")
    assert not RoutingPlan.objects.filter(parent=second).exists()
    assert _warehouses_sent(fake_saleor, stock) == [{"oms-lax"}, {"oms-chi"}]
    assert stock.live_fulfilments(order.saleor_id) == []
    assert _verbs(tenant)[-2:] == ["plan_shipment.failed", "routing_plan.failed"]


def test_a_retry_after_a_crash_between_saleors_success_and_our_commit_does_not_fulfil_twice(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks, monkeypatch
):
    # given a plan being applied whose worker dies right after Saleor created the fulfilment
    order = import_order(tenant, stock.add_order(SF_LINES))
    real_mark = saleor_apply.shipment_mark_applied

    def crash(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(saleor_apply, "shipment_mark_applied", crash)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    assert len(callbacks) == 1
    with pytest.raises(OperationalError):
        saleor_apply.plan_apply(tenant_id=tenant.pk, plan_id=plan.pk)
    shipment = plan.shipments.get()
    assert (shipment.state, shipment.attempts) == ("pending", 1)
    assert len(stock.live_fulfilments(order.saleor_id)) == 1

    # when the task runs again (Celery redelivers it: acks_late)
    monkeypatch.setattr(saleor_apply, "shipment_mark_applied", real_mark)
    assert apply_routing_plan.apply(args=(tenant.pk, plan.pk)).get() == "applied"

    # then it found Saleor's fulfilment and recorded it instead of fulfilling again
    shipment.refresh_from_db()
    assert shipment.state == "applied"
    assert shipment.saleor_fulfillment_id == stock.order(order.saleor_id)["fulfillments"][0]["id"]
    assert len(_fulfil_requests(fake_saleor)) == 1
    assert len(stock.live_fulfilments(order.saleor_id)) == 1
    recovered = AuditEvent.objects.get(verb="plan_shipment.applied", tenant=tenant)
    assert recovered.data["recovered"] is True
    # and the task is one a killed worker cannot lose, retried only on passing errors
    assert apply_routing_plan.acks_late is True
    assert OperationalError in apply_routing_plan.autoretry_for


def test_a_transient_saleor_failure_leaves_the_plan_applying_for_the_retry(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a plan whose orderFulfill meets a Saleor down for longer than the client retries
    order = import_order(tenant, stock.add_order(SF_LINES))
    with django_capture_on_commit_callbacks(execute=False):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    client = saleor_apply.tenant_saleor_client(tenant=tenant)
    client.max_retries = 0
    fake_saleor.fail_next(1, status=503)
    # when it is applied
    with pytest.raises(saleor_apply.SaleorError) as failure:
        saleor_apply.plan_apply(tenant_id=tenant.pk, plan_id=plan.pk, client=client)
    # then the error is one the task retries, and nothing changed
    assert failure.value.transient is True
    plan.refresh_from_db()
    assert plan.state == "applying"
    assert plan.shipments.get().state == "pending"
    # and the retry applies it once
    assert saleor_apply.plan_apply(tenant_id=tenant.pk, plan_id=plan.pk) == "applied"
    assert len(stock.live_fulfilments(order.saleor_id)) == 1


def test_plans_wait_for_approval_when_the_tenant_asks(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given a tenant that approves plans before they are applied
    tenant.settings = {"routing": {"require_approval": True}}
    tenant.save()
    order = import_order(tenant, stock.add_order(SF_LINES))

    # when the order is routed
    plan = _route(tenant, order, django_capture_on_commit_callbacks)

    # then the plan waits and nothing is sent to Saleor
    assert plan.state == "proposed"
    assert _fulfil_requests(fake_saleor) == []

    # when staff approve it
    with django_capture_on_commit_callbacks(execute=True):
        plan_approve(tenant_id=tenant.pk, plan_id=plan.pk, actor=STAFF)

    # then it is applied, and the approval is on record
    plan.refresh_from_db()
    assert (plan.state, plan.approved_by) == ("applied", "VXNlcjox")
    assert stock.live_fulfilments(order.saleor_id) == [("oms-lax", SF_LINES)]
    approved = AuditEvent.objects.get(verb="routing_plan.applying", tenant=tenant)
    assert (approved.actor_type, approved.data["approved"]) == ("staff", True)


def test_approving_twice_is_refused_and_changes_nothing(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    # given an applied plan
    order = import_order(tenant, stock.add_order(SF_LINES))
    plan = _route(tenant, order, django_capture_on_commit_callbacks)
    events = AuditEvent.objects.count()

    # when staff approve it (again)
    with pytest.raises(FulfilmentError) as refused:
        plan_approve(tenant_id=tenant.pk, plan_id=plan.pk, actor=STAFF)

    # then the refusal is typed and nothing changed
    assert refused.value.code.value == "ILLEGAL_TRANSITION"
    assert refused.value.message == "The routing plan is applied; it cannot become applying."
    plan.refresh_from_db()
    assert (plan.state, plan.approved_by) == ("applied", "")
    assert AuditEvent.objects.count() == events
    assert len(_fulfil_requests(fake_saleor)) == 1


def test_routing_again_while_a_plan_is_applying_is_refused(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    order = import_order(tenant, stock.add_order(SF_LINES))
    with django_capture_on_commit_callbacks(execute=False):
        plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    with pytest.raises(FulfilmentError) as refused:
        order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    assert refused.value.code.value == "PLAN_IN_PROGRESS"
    assert list(RoutingPlan.objects.values_list("pk", "state")) == [(plan.pk, "applying")]
    assert PlanShipment.objects.count() == 1


def _stored_unapplied_plan(tenant, order):
    # The task that would apply it after commit never runs (a lost message).
    plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    plan.refresh_from_db()
    assert plan.state == "applying"
    return plan


def test_a_plan_another_worker_is_applying_is_left_to_it(fake_saleor, stock, tenant):
    # given a plan whose apply lease another worker holds
    order = import_order(tenant, stock.add_order(SF_LINES))
    plan = _stored_unapplied_plan(tenant, order)
    assert plan_claim_apply(plan_id=plan.pk)
    # when a second apply task runs
    result = apply_routing_plan.apply(args=[tenant.pk, plan.pk]).get()
    # then it sends nothing and leaves the plan as it was
    assert result == "busy"
    assert _fulfil_requests(fake_saleor) == []
    plan.refresh_from_db()
    assert plan.state == "applying"


def test_a_stalled_plan_is_applied_by_the_sweep_once(fake_saleor, stock, tenant, settings):
    # given a plan left `applying` long ago, its worker's lease run out
    order = import_order(tenant, stock.add_order(SF_LINES))
    plan = _stored_unapplied_plan(tenant, order)
    long_ago = timezone.now() - timedelta(seconds=settings.ROUTING_STALLED_AFTER_SECONDS + 1)
    RoutingPlan.objects.filter(pk=plan.pk).update(updated_at=long_ago, apply_lease_until=long_ago)
    # when the sweep runs twice
    first = requeue_stalled_plans.apply().get()
    second = requeue_stalled_plans.apply().get()
    # then the plan was applied by the first, with one fulfilment in Saleor
    assert (first, second) == (1, 0)
    plan.refresh_from_db()
    assert plan.state == "applied"
    assert len(_fulfil_requests(fake_saleor)) == 1
    assert plan.apply_lease_until is None


def test_a_plan_sent_again_waits_twice_as_long_before_each_further_copy(
    fake_saleor, stock, tenant, settings
):
    # given a plan left `applying` one stall ago, its worker's lease run out
    order = import_order(tenant, stock.add_order(SF_LINES))
    plan = _stored_unapplied_plan(tenant, order)
    stall = settings.ROUTING_STALLED_AFTER_SECONDS

    def idle_for(seconds: int) -> None:
        since = timezone.now() - timedelta(seconds=seconds)
        RoutingPlan.objects.filter(pk=plan.pk).update(updated_at=since, apply_lease_until=since)

    idle_for(stall + 1)
    # when the sweep sends it again and that task waits in a long queue
    assert plans_to_apply_again() == [(tenant.pk, plan.pk)]
    # then the following sweeps send no copy at once
    assert plans_to_apply_again() == []
    # nor after one more stall, but after two (the wait doubles)
    idle_for(stall + 1)
    assert plans_to_apply_again() == []
    idle_for(2 * stall + 1)
    assert plans_to_apply_again() == [(tenant.pk, plan.pk)]
    # and the next copy waits four stalls
    idle_for(2 * stall + 1)
    assert plans_to_apply_again() == []
    idle_for(4 * stall + 1)
    assert plans_to_apply_again() == [(tenant.pk, plan.pk)]
    plan.refresh_from_db()
    assert plan.resends == 3


def test_the_wait_between_copies_of_a_plan_doubles_up_to_an_hour(settings):
    settings.ROUTING_STALLED_AFTER_SECONDS = 600
    assert [plan_stall_after(n).total_seconds() for n in (0, 1, 2, 3, 9)] == [
        600,
        1200,
        2400,
        3600,
        3600,
    ]
    # a stall configured longer than an hour is kept as it is
    settings.ROUTING_STALLED_AFTER_SECONDS = 7200
    assert plan_stall_after(4).total_seconds() == 7200


def test_a_plan_sent_again_many_times_is_still_sent_after_the_longest_wait(
    fake_saleor, stock, tenant, settings
):
    order = import_order(tenant, stock.add_order(SF_LINES))
    plan = _stored_unapplied_plan(tenant, order)
    since = timezone.now() - LONGEST_STALL - timedelta(seconds=1)
    RoutingPlan.objects.filter(pk=plan.pk).update(
        updated_at=since, apply_lease_until=since, resends=50
    )
    assert plans_to_apply_again() == [(tenant.pk, plan.pk)]
