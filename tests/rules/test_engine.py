"""Event and time rules: firing exactly once per window under duplicates and repeated beats."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from freezegun import freeze_time

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules.engine import rules_evaluate_event, rules_evaluate_time
from saleor_oms_plugin.rules.models import ActionRun, OrderFlag, Rule, RuleFiring
from saleor_oms_plugin.saleor.subscriptions import WEBHOOK_GROUPS
from saleor_oms_plugin.webhooks.intake import delivery_receive
from tests.fixtures.contract import captures
from tests.fixtures.rules import NOW, order_make, rule_make

pytestmark = pytest.mark.django_db

SLA = {
    "all": [
        {"field": "hours_since_paid", "op": "gt", "value": 14 * 24},
        {"field": "status", "op": "in", "value": ["UNFULFILLED", "PARTIALLY_FULFILLED"]},
    ]
}
RED = [{"type": "flag", "colour": "red", "label": "SLA breach"}]


def test_an_event_rule_fires_once_however_often_the_event_comes(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on order.created for orders of 100 or more, and such an order
    rule = rule_make(
        capture_tenant,
        conditions={
            "all": [{"field": "total_gross", "op": "gte", "value": 100, "currency": "USD"}]
        },
        actions=RED,
    )
    order = order_make(capture_tenant, total="150")
    # when the event is evaluated three times (Saleor redelivers, a task is redelivered)
    with django_capture_on_commit_callbacks(execute=True):
        fired = [
            rules_evaluate_event(
                tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
            )
            for _ in range(3)
        ]
    # then it fired once, with its snapshot, and its action ran once
    assert [len(ids) for ids in fired] == [1, 0, 0]
    firing = RuleFiring.objects.get(rule=rule)
    assert firing.facts["total_gross"] == "150.0000" and firing.rule_version == 1
    assert firing.window_key == "once"
    assert list(ActionRun.objects.values_list("state", flat=True)) == ["succeeded"]
    assert list(OrderFlag.objects.values_list("label", "colour")) == [("SLA breach", "red")]


def test_an_event_rule_does_not_fire_when_its_condition_is_false(capture_tenant):
    rule_make(
        capture_tenant,
        conditions={
            "all": [{"field": "total_gross", "op": "gte", "value": 100, "currency": "USD"}]
        },
    )
    order = order_make(capture_tenant, total="99.99")
    assert (
        rules_evaluate_event(
            tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
        == []
    )
    assert not RuleFiring.objects.exists()


def test_disabled_rules_and_other_triggers_do_not_fire(capture_tenant):
    rule_make(capture_tenant, enabled=False)
    rule_make(capture_tenant, trigger="order.paid")
    order = order_make(capture_tenant)
    assert (
        rules_evaluate_event(
            tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
        == []
    )


def _group(event):
    return next(group for group in WEBHOOK_GROUPS if event in group.events)


def _receive(tenant, capture, on_commit):
    """Receive a delivery and run the after-commit work it causes, except other domains'
    (inventory resyncs, routing) which would call a Saleor this test does not have."""
    with on_commit(execute=False) as pending:
        delivery_receive(
            group=_group(capture.event),
            api_url=tenant.saleor_api_url,
            event=capture.event,
            signature=capture.headers["Saleor-Signature"],
            body=capture.body,
        )
    queue = list(pending)
    while queue:
        callback = queue.pop(0)
        if (
            "/inventory/" in callback.__code__.co_filename
            or "/fulfilment/" in callback.__code__.co_filename
        ):
            continue
        with on_commit(execute=False) as more:
            callback()
        queue.extend(more)


def test_saleor_deliveries_trigger_event_rules_end_to_end(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on order.created that fires for every order
    rule = rule_make(capture_tenant, trigger="order.created")
    created = [c for c in captures() if c.event == "ORDER_CREATED"][:2]
    # when Saleor's deliveries arrive, the second one twice
    for capture in [*created, created[1]]:
        _receive(capture_tenant, capture, django_capture_on_commit_callbacks)
    # then the rule fired once per order
    orders = Order.objects.filter(tenant=capture_tenant)
    assert orders.count() == 2
    assert sorted(
        RuleFiring.objects.filter(rule=rule).values_list("order_id", flat=True)
    ) == sorted(orders.values_list("pk", flat=True))


def test_a_time_rule_fires_when_the_deadline_passes_and_only_once(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given an SLA rule and an order paid 13 days before NOW, and a fulfilled one paid long ago
    rule = rule_make(capture_tenant, trigger="schedule", conditions=SLA, actions=RED)
    late = order_make(capture_tenant, paid_hours_ago=13 * 24, created_hours_ago=13 * 24 + 1)
    order_make(capture_tenant, status="FULFILLED", paid_hours_ago=30 * 24)
    with django_capture_on_commit_callbacks(execute=True):
        # when beat evaluates at NOW, nothing is due yet
        with freeze_time(NOW):
            assert rules_evaluate_time(tenant_id=capture_tenant.pk).fired == 0
        # when it evaluates after the deadline, three beats in a row
        with freeze_time(NOW + timedelta(days=1, minutes=1)):
            results = [rules_evaluate_time(tenant_id=capture_tenant.pk) for _ in range(3)]
    # then it fired for the late order on the first beat only
    assert [r.fired for r in results] == [1, 0, 0]
    assert list(RuleFiring.objects.filter(rule=rule).values_list("order_id", flat=True)) == [
        late.pk
    ]
    assert OrderFlag.objects.get().order_id == late.pk


def test_a_time_rule_exactly_at_the_deadline_waits(capture_tenant):
    # given an order paid exactly 14 days before the beat: "more than 14 days" is not yet true
    rule_make(capture_tenant, trigger="schedule", conditions=SLA)
    order_make(capture_tenant, paid_hours_ago=14 * 24)
    with freeze_time(NOW):
        assert rules_evaluate_time(tenant_id=capture_tenant.pk).fired == 0
    with freeze_time(NOW + timedelta(microseconds=1)):
        assert rules_evaluate_time(tenant_id=capture_tenant.pk).fired == 1


def test_a_rule_that_refires_every_24_hours_fires_once_per_window(capture_tenant):
    rule_make(capture_tenant, trigger="schedule", conditions=SLA, refire="every", refire_hours=24)
    order_make(capture_tenant, paid_hours_ago=20 * 24)
    fired = []
    for hours in (0, 1, 23, 25, 30, 49):
        with freeze_time(NOW.replace(hour=0) + timedelta(hours=hours)):
            fired.append(rules_evaluate_time(tenant_id=capture_tenant.pk).fired)
    assert fired == [1, 0, 0, 1, 0, 1]


def test_a_reentry_rule_fires_again_only_after_the_condition_stopped_holding(capture_tenant):
    # given a rule on order.updated for unpaid orders that refires on re-entry
    rule = rule_make(
        capture_tenant,
        trigger="order.updated",
        refire="reentry",
        conditions={"all": [{"field": "is_paid", "op": "eq", "value": False}]},
    )
    order = order_make(capture_tenant)

    def evaluate():
        return len(
            rules_evaluate_event(
                tenant_id=capture_tenant.pk, trigger="order.updated", order_id=order.pk, now=NOW
            )
        )

    # when it holds twice, stops, then holds again
    first, again = evaluate(), evaluate()
    Order.objects.filter(pk=order.pk).update(is_paid=True)
    stopped = evaluate()
    Order.objects.filter(pk=order.pk).update(is_paid=False)
    reentered = evaluate()
    # then it fired on entry and on re-entry only
    assert [first, again, stopped, reentered] == [1, 0, 0, 1]
    assert sorted(RuleFiring.objects.filter(rule=rule).values_list("window_key", flat=True)) == [
        "entry:0",
        "entry:1",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_workers_evaluating_the_same_event_at_once_fire_once(capture_tenant):
    # given a rule and an order, and two real database connections
    rule = rule_make(capture_tenant)
    order = order_make(capture_tenant)
    barrier, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            barrier.wait()
            results.append(
                rules_evaluate_event(
                    tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one of them fired, the other met the constraint and did nothing
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 1]
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert Rule.objects.count() == 1
