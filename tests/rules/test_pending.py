"""An evaluation is stored with its event, so a task lost on the way loses nothing.

Losing the task is simulated where it really happens: the process that committed the event
dies before it hands the task to Celery (the on-commit callback never runs), or the worker
dies halfway through the evaluation (its transaction rolls back).
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.core.metrics import exposition
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.rules import engine, execution, pending
from saleor_oms_plugin.rules.events import StockTrigger
from saleor_oms_plugin.rules.execution import action_runs_to_resend
from saleor_oms_plugin.rules.models import ActionRun, PendingEvaluation, RuleFiring
from saleor_oms_plugin.rules.pending import MAX_SENDS, evaluation_run, evaluations_to_resend
from saleor_oms_plugin.rules.tasks import sweep_rules
from tests.fixtures.rules import order_make, rule_make
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db
TASK = [{"type": "task", "title": "Look at #{{ number }}"}]


def _publish_and_lose_the_task(tenant, order, capture) -> None:
    """Publish ``return.approved`` about ``order``; the process dies after the commit, before
    it hands the evaluation to Celery."""
    with capture(execute=False):
        publish(tenant_id=tenant.pk, event=ReturnEvent.APPROVED, order_id=order.pk)


def _action_run_whose_task_is_lost(tenant, capture) -> ActionRun:
    """A rule on ``return.approved`` fired, and the task of its one action run was lost after
    the commit."""
    rule_make(tenant, trigger="return.approved", actions=TASK)
    order = order_make(tenant)
    _publish_and_lose_the_task(tenant, order, capture)
    with capture(execute=False):
        evaluation_run(pending_id=PendingEvaluation.objects.get().pk)
    return ActionRun.objects.get()


def _overdue() -> None:
    PendingEvaluation.objects.update(resend_at=timezone.now() - timedelta(seconds=1))


def test_an_evaluation_whose_task_was_lost_runs_once_from_the_sweep(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on return.approved, and the event's task lost after its commit
    rule = rule_make(capture_tenant, trigger="return.approved", actions=TASK)
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    assert not RuleFiring.objects.exists()
    # when the sweep runs before the evaluation is overdue, it leaves it to its task
    assert sweep_rules() == {"evaluations": 0, "action_runs": 0}
    # and once it is overdue, it sends it again
    _overdue()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_rules() == {"evaluations": 1, "action_runs": 0}
    # then the rule fired once and its action ran, and nothing is left to evaluate
    firing = RuleFiring.objects.get(rule=rule)
    assert firing.order_id == order.pk
    assert ActionRun.objects.get(firing=firing).state == ActionRun.State.SUCCEEDED
    assert not PendingEvaluation.objects.exists()
    # and a later sweep has nothing to send
    assert sweep_rules() == {"evaluations": 0, "action_runs": 0}


def test_a_worker_killed_mid_evaluation_leaves_it_to_run_again(
    capture_tenant, django_capture_on_commit_callbacks, monkeypatch
):
    rule = rule_make(capture_tenant, trigger="return.approved", actions=TASK)
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    stored = PendingEvaluation.objects.get()
    # when the worker dies after the firing is written, before its transaction commits
    real_fire = engine.rule_fire

    def fire_then_die(**kwargs):
        real_fire(**kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(engine, "rule_fire", fire_then_die)
    with pytest.raises(SystemExit):
        evaluation_run(pending_id=stored.pk)
    # then nothing of it stayed, and the evaluation still waits
    assert not RuleFiring.objects.exists()
    assert PendingEvaluation.objects.filter(pk=stored.pk).exists()
    # and its next run fires the rule once
    monkeypatch.setattr(engine, "rule_fire", real_fire)
    with django_capture_on_commit_callbacks(execute=True):
        fired = evaluation_run(pending_id=stored.pk)
    assert fired == [RuleFiring.objects.get(rule=rule).pk]
    assert not PendingEvaluation.objects.exists()


def test_a_second_task_for_one_evaluation_does_nothing(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given one stored evaluation and the event published once more (a redelivery)
    rule = rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    first, second = PendingEvaluation.objects.order_by("pk").values_list("pk", flat=True)
    # when each runs, and the first one's task comes twice
    with django_capture_on_commit_callbacks(execute=True):
        assert len(evaluation_run(pending_id=first)) == 1
        assert evaluation_run(pending_id=first) == []
        assert evaluation_run(pending_id=second) == []
    # then the rule fired once
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert not PendingEvaluation.objects.exists()


def test_a_subject_evaluation_keeps_its_facts_until_it_runs(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule = rule_make(capture_tenant, trigger="stock.out", actions=[{"type": "task", "title": "x"}])
    facts = {"sku": "MUG-1", "warehouse": "LA", "quantity": 0}
    with django_capture_on_commit_callbacks(execute=False):
        publish(
            tenant_id=capture_tenant.pk,
            event=StockTrigger.OUT,
            subject_key="stock:MUG-1@LA",
            facts=facts,
        )
    stored = PendingEvaluation.objects.get()
    assert (stored.order_id, stored.subject_key, stored.facts) == (None, "stock:MUG-1@LA", facts)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_run(pending_id=stored.pk)
    firing = RuleFiring.objects.get(rule=rule)
    assert (firing.subject_key, firing.facts["sku"]) == ("stock:MUG-1@LA", "MUG-1")


def test_nothing_is_stored_for_a_tenant_without_rules_for_the_event(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule_make(capture_tenant, trigger="order.paid")
    order = order_make(capture_tenant)
    with django_capture_on_commit_callbacks() as queued:
        publish(tenant_id=capture_tenant.pk, event=ReturnEvent.APPROVED, order_id=order.pk)
    assert queued == []
    assert not PendingEvaluation.objects.exists()


@override_settings(RULES_RESEND_AFTER_SECONDS=0)
def test_an_evaluation_that_always_fails_is_given_up_after_max_sends(
    capture_tenant, django_capture_on_commit_callbacks, monkeypatch
):
    rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)

    # given an evaluation whose every run fails (a poisoned row)
    def poisoned(**_):
        raise ValueError("poisoned")

    monkeypatch.setattr(pending, "rules_evaluate_event", poisoned)
    # when the sweep runs more often than it may send it
    failed_runs = 0
    for _ in range(MAX_SENDS + 3):
        try:
            sweep_rules()
        except ValueError:
            failed_runs += 1
    # then it was sent MAX_SENDS times in all (the first send included), and is kept
    assert failed_runs == MAX_SENDS - 1
    assert PendingEvaluation.objects.get().sends == MAX_SENDS
    metrics = exposition()[0].decode()
    assert "oms_rule_evaluations_pending 1.0" in metrics
    assert "oms_rule_evaluations_given_up 1.0" in metrics


def test_an_action_run_whose_task_was_lost_is_sent_again_without_time_rules(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a tenant with event rules only (no time rule, so no per-tenant beat pass), and an
    # action run whose task was lost after the commit
    run = _action_run_whose_task_is_lost(capture_tenant, django_capture_on_commit_callbacks)
    assert run.state == ActionRun.State.PENDING
    # then the sweep sends the action again once it is overdue
    ActionRun.objects.filter(pk=run.pk).update(resend_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_rules() == {"evaluations": 0, "action_runs": 1}
    run.refresh_from_db()
    assert run.state == ActionRun.State.SUCCEEDED


@override_settings(RULES_RESEND_AFTER_SECONDS=120)
def test_each_further_copy_of_an_overdue_evaluation_waits_twice_as_long(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given an evaluation whose task keeps not running (a long queue, or lost)
    rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    published_after = timezone.now()
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    assert PendingEvaluation.objects.get().resend_at >= published_after + timedelta(seconds=120)
    # when the sweep finds it overdue three times (at one fixed moment, so that a slow
    # machine does not move the deadlines)
    now = timezone.now()
    waits = []
    for _ in range(3):
        PendingEvaluation.objects.update(resend_at=now - timedelta(seconds=1))
        assert evaluations_to_resend(now=now) == [PendingEvaluation.objects.get().pk]
        waits.append((PendingEvaluation.objects.get().resend_at - now).total_seconds())
    # then each copy waited twice as long as the one before
    assert waits == [240, 480, 960]


@override_settings(RULES_RESEND_AFTER_SECONDS=120)
def test_each_further_copy_of_an_overdue_action_run_waits_twice_as_long(
    capture_tenant, django_capture_on_commit_callbacks
):
    run = _action_run_whose_task_is_lost(capture_tenant, django_capture_on_commit_callbacks)
    now = timezone.now()
    waits = []
    for _ in range(3):
        ActionRun.objects.filter(pk=run.pk).update(resend_at=now - timedelta(seconds=1))
        assert action_runs_to_resend(now=now) == [run.pk]
        run.refresh_from_db()
        waits.append((run.resend_at - now).total_seconds())
    assert waits == [240, 480, 960]
    assert run.resends == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_workers_running_one_evaluation_fire_once(capture_tenant):
    rule = rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    stored = PendingEvaluation.objects.create(
        tenant=capture_tenant, trigger="return.approved", order=order, resend_at=timezone.now()
    )
    run = partial(evaluation_run, pending_id=stored.pk)
    results = at_once([run, run])
    assert sorted(len(fired) for fired in results) == [0, 1]
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert not PendingEvaluation.objects.exists()


@override_settings(RULES_RESEND_AFTER_SECONDS=0)
def test_an_operator_lists_and_sends_again_what_was_given_up(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule = rule_make(capture_tenant, trigger="return.approved")
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    PendingEvaluation.objects.update(sends=MAX_SENDS)
    url = capture_tenant.saleor_api_url
    # the operator sees it among those given up on
    listed = StringIO()
    call_command("rules", "pending", "--given-up", "--api-url", url, stdout=listed)
    (line,) = listed.getvalue().splitlines()
    assert f"\treturn.approved\torder {order.pk}\t" in line and line.endswith(f"sent {MAX_SENDS}x")
    # and, the cause fixed, sends it again: the rule fires and nothing waits any more
    sent = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rules", "pending", "--send-again", stdout=sent)
    assert json.loads(sent.getvalue()) == {"sent_again": 1}
    assert RuleFiring.objects.filter(rule=rule, order=order).count() == 1
    assert not PendingEvaluation.objects.exists()


def test_each_copy_the_sweep_sends_waits_twice_as_long_as_the_last(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given an evaluation and an action run whose tasks are merely late (a long queue)
    rule_make(capture_tenant, trigger="return.approved", actions=TASK)
    order = order_make(capture_tenant)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    _publish_and_lose_the_task(capture_tenant, order, django_capture_on_commit_callbacks)
    first, late = PendingEvaluation.objects.order_by("pk")
    with django_capture_on_commit_callbacks(execute=False):
        evaluation_run(pending_id=first.pk)
    run = ActionRun.objects.get()
    start = timezone.now()

    def sent_at(seconds: float) -> tuple[list[int], list[int]]:
        now = start + timedelta(seconds=seconds)
        return evaluations_to_resend(now=now), action_runs_to_resend(now=now)

    # then each is sent again after 120 s, then 240 s later, then 480 s later…
    assert sent_at(100) == ([], [])
    assert sent_at(121) == ([late.pk], [run.pk])
    assert sent_at(121 + 200) == ([], [])
    assert sent_at(121 + 241) == ([late.pk], [run.pk])
    assert sent_at(121 + 241 + 470) == ([], [])
    assert sent_at(121 + 241 + 481) == ([late.pk], [run.pk])


def test_a_claimed_action_run_is_sent_again_only_once_its_claim_is_stale(
    capture_tenant, django_capture_on_commit_callbacks, monkeypatch
):
    run = _action_run_whose_task_is_lost(capture_tenant, django_capture_on_commit_callbacks)

    # when a worker claims it and is killed while running it
    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(execution, "_finish", killed)
    with pytest.raises(SystemExit):
        execution.action_run_execute(action_run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ActionRun.State.RUNNING
    # then the sweep leaves it to that worker for ten minutes, then sends it again
    claimed = run.claimed_at
    assert action_runs_to_resend(now=claimed + timedelta(minutes=9)) == []
    assert action_runs_to_resend(now=claimed + timedelta(minutes=10, seconds=1)) == [run.pk]
