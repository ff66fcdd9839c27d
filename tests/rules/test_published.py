"""The rules hear what other domains publish (``core.events.publish``), never the reverse."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.replenishment.events import ReplenishmentEvent
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.rules.events import StockTrigger
from saleor_oms_plugin.rules.models import RuleFiring
from tests.fixtures.rules import order_make, rule_make

pytestmark = pytest.mark.django_db
FACTS = {"sku": "MUG-1", "warehouse": "LA", "quantity": 0}
TASK = [{"type": "task", "title": "Look at {{ sku }}"}]


def test_an_order_trigger_is_evaluated_after_commit(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on return.approved and an order
    rule = rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    # when the returns domain publishes the trigger about the order
    with django_capture_on_commit_callbacks(execute=True):
        publish(tenant_id=capture_tenant.pk, event=ReturnEvent.APPROVED, order_id=order.pk)
        assert not RuleFiring.objects.exists()
    # then it was evaluated once the change committed, and the rule fired on the order
    firing = RuleFiring.objects.get(rule=rule)
    assert (firing.order_id, firing.trigger) == (order.pk, "return.approved")


def test_an_event_that_is_no_trigger_queues_nothing(
    capture_tenant, django_capture_on_commit_callbacks
):
    order = order_make(capture_tenant)
    with django_capture_on_commit_callbacks() as queued:
        publish(tenant_id=capture_tenant.pk, event=ReturnEvent.SALEOR_SYNCED, order_id=order.pk)
    assert queued == []


def test_a_subject_trigger_waits_for_an_enabled_rule(
    capture_tenant, django_capture_on_commit_callbacks
):
    event = {"tenant_id": capture_tenant.pk, "subject_key": "stock:MUG-1@LA", "facts": FACTS}
    # no rule for stock.out: nothing is queued
    with django_capture_on_commit_callbacks() as queued:
        publish(event=StockTrigger.OUT, **event)
    assert queued == []
    # a rule for it: the event is evaluated after commit, and the rule fires on the subject
    rule = rule_make(capture_tenant, trigger="stock.out", actions=TASK)
    with django_capture_on_commit_callbacks(execute=True):
        publish(event=StockTrigger.OUT, **event)
        assert not RuleFiring.objects.exists()
    assert RuleFiring.objects.get(rule=rule).subject_key == "stock:MUG-1@LA"


def test_an_ended_event_closes_the_subjects_reentry_windows_at_once(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a reentry rule that fired on a stock subject
    rule = rule_make(capture_tenant, trigger="stock.run_out_risk", refire="reentry", actions=TASK)
    event = {"tenant_id": capture_tenant.pk, "event": ReplenishmentEvent.RUN_OUT_RISK}
    with django_capture_on_commit_callbacks(execute=True):
        publish(**event, subject_key="stock:MUG-1@LA", facts=FACTS)
    firing = RuleFiring.objects.get(rule=rule)
    assert firing.closed_at is None
    # when the state ends (another subject's end closes nothing of it)
    with django_capture_on_commit_callbacks() as queued:
        publish(**event, subject_key="stock:CUP-1@LA", ended=True)
        firing.refresh_from_db()
        assert firing.closed_at is None
        publish(**event, subject_key="stock:MUG-1@LA", ended=True)
    # then its window is closed in the publisher's transaction, with nothing queued
    firing.refresh_from_db()
    assert firing.closed_at is not None
    assert queued == []
