"""Actions run as tasks: flags, Saleor notes and metadata, staff tasks, email, routing slots."""

from __future__ import annotations

import pytest
from django.core import mail

from saleor_oms_plugin.rules.actions import action_type, provide_action
from saleor_oms_plugin.rules.engine import rules_evaluate_event
from saleor_oms_plugin.rules.models import ActionRun, OrderFlag, StaffTask
from tests.fixtures.rules import NOW, order_make, rule_make
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def saleor_tenant(db, fake_saleor):
    """A tenant installed on the fake Saleor (real HTTP)."""
    return make_capture_tenant(
        api_url=fake_saleor.url, token=fake_saleor.app_token, app_id=fake_saleor.app_id
    )


def _fire(tenant, on_commit, *actions, trigger="order.created", **order):
    rule_make(tenant, name="R", trigger=trigger, actions=list(actions))
    placed = order_make(tenant, **order)
    with on_commit(execute=True):
        rules_evaluate_event(tenant_id=tenant.pk, trigger=trigger, order_id=placed.pk, now=NOW)
    return placed, list(ActionRun.objects.order_by("position"))


def test_a_note_is_added_to_the_saleor_order(
    saleor_tenant, fake_saleor, django_capture_on_commit_callbacks
):
    # given Saleor accepting notes
    notes = []

    def note_add(fake, order, input):
        notes.append((order, input["message"]))
        return {
            "event": {"id": "T3JkZXJFdmVudDox", "type": "NOTE_ADDED", "message": input["message"]},
            "errors": [],
        }

    fake_saleor.add_mutation("orderNoteAdd", note_add)
    # when a rule with a templated note fires
    order, runs = _fire(
        saleor_tenant,
        django_capture_on_commit_callbacks,
        {"type": "note", "message": "Rule {{ rule }}: #{{ number }} is late"},
    )
    # then Saleor got the rendered note on that order, and the run records it
    assert notes == [(order.saleor_id, f"Rule R: #{order.number} is late")]
    assert runs[0].state == "succeeded"
    assert runs[0].outcome == {
        "event_id": "T3JkZXJFdmVudDox",
        "message": f"Rule R: #{order.number} is late",
    }


def test_a_note_refused_by_saleor_fails_with_its_code(
    saleor_tenant, fake_saleor, django_capture_on_commit_callbacks
):
    fake_saleor.add_mutation(
        "orderNoteAdd",
        lambda fake, order, input: {
            "event": None,
            "errors": [{"field": "message", "message": "no", "code": "REQUIRED"}],
        },
    )
    _, runs = _fire(
        saleor_tenant, django_capture_on_commit_callbacks, {"type": "note", "message": "hello"}
    )
    assert runs[0].state == "failed"
    assert runs[0].outcome == {"code": "SALEOR_REFUSED"}


def test_metadata_and_private_metadata_are_set_on_the_saleor_order(
    saleor_tenant, fake_saleor, django_capture_on_commit_callbacks
):
    calls = []

    def update(kind):
        def handle(fake, id, input):
            calls.append((kind, id, input))
            return {
                "item": {"__typename": "Order", "metadata": input, "privateMetadata": input},
                "errors": [],
            }

        return handle

    fake_saleor.add_mutation("updateMetadata", update("public"))
    fake_saleor.add_mutation("updatePrivateMetadata", update("private"))
    order, runs = _fire(
        saleor_tenant,
        django_capture_on_commit_callbacks,
        {"type": "set_metadata", "items": {"oms.sla": "late"}},
        {"type": "set_private_metadata", "items": {"oms.rule": "{{ rule }}"}},
    )
    assert calls == [
        ("public", order.saleor_id, [{"key": "oms.sla", "value": "late"}]),
        ("private", order.saleor_id, [{"key": "oms.rule", "value": "R"}]),
    ]
    assert [run.state for run in runs] == ["succeeded", "succeeded"]


def test_a_staff_task_is_created_once_due_relative_to_the_firing(
    capture_tenant, django_capture_on_commit_callbacks
):
    order, runs = _fire(
        capture_tenant,
        django_capture_on_commit_callbacks,
        {"type": "task", "title": "Pack #{{ number }}", "role": "packing", "due_in_hours": 24},
    )
    task = StaffTask.objects.get()
    assert (task.title, task.role, task.order_id, task.status) == (
        f"Pack #{order.number}",
        "packing",
        order.pk,
        "open",
    )
    assert task.due_at == runs[0].firing.fired_at + __import__("datetime").timedelta(hours=24)
    # and running the same action again (a redelivered task) creates no second task
    from saleor_oms_plugin.rules.execution import action_run_execute

    ActionRun.objects.filter(pk=runs[0].pk).update(state="pending")
    action_run_execute(action_run_id=runs[0].pk)
    assert StaffTask.objects.count() == 1


def test_an_email_is_sent_from_a_library_template(
    capture_tenant, django_capture_on_commit_callbacks
):
    order, runs = _fire(
        capture_tenant,
        django_capture_on_commit_callbacks,
        {"type": "email", "to": "customer", "template": "sla_breach"},
        email="Grace@Example.com",
    )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["grace@example.com"]
    assert sent.subject == f"Order #{order.number}: R"
    assert "has not shipped in time" in sent.body
    assert sent.extra_headers["X-OMS-Idempotency-Key"] == runs[0].idempotency_key


def test_an_inline_email_to_staff(capture_tenant, django_capture_on_commit_callbacks):
    _fire(
        capture_tenant,
        django_capture_on_commit_callbacks,
        {
            "type": "email",
            "to": "ops@example.com",
            "subject": "Big {{ number }}",
            "body": "Total {{ total_gross }}",
        },
        total="999.50",
    )
    assert mail.outbox[0].to == ["ops@example.com"]
    assert mail.outbox[0].body == "Total 999.5000\n"


def test_routing_actions_wait_for_their_provider(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given an action nobody provides (routing provides hold_routing; take it away here)
    spec = action_type("hold_routing")
    previous, spec.runner = spec.runner, None
    try:
        _, runs = _fire(
            capture_tenant,
            django_capture_on_commit_callbacks,
            {"type": "hold_routing", "reason": "review"},
        )
    finally:
        spec.runner = previous
    # then the run is recorded as unavailable, nothing else happens
    assert runs[0].state == "unavailable"
    assert runs[0].outcome == {"code": "ACTION_UNAVAILABLE"}


def test_a_domain_can_provide_a_declared_action(capture_tenant, django_capture_on_commit_callbacks):
    # given routing providing route_now
    seen = []
    spec = action_type("route_now")
    previous = spec.runner
    provide_action("route_now", lambda context: seen.append(context.order_id) or {"ok": True})
    try:
        order, runs = _fire(
            capture_tenant, django_capture_on_commit_callbacks, {"type": "route_now"}
        )
    finally:
        spec.runner = previous
    assert seen == [order.pk]
    assert (runs[0].state, runs[0].outcome) == ("succeeded", {"ok": True})


def test_flagging_twice_with_the_same_label_keeps_one_active_flag(
    capture_tenant, django_capture_on_commit_callbacks
):
    order = order_make(capture_tenant)
    for name in ("A", "B"):
        rule_make(
            capture_tenant,
            name=name,
            actions=[{"type": "flag", "colour": "red", "label": "SLA breach"}],
        )
    with django_capture_on_commit_callbacks(execute=True):
        rules_evaluate_event(
            tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
    assert OrderFlag.objects.filter(order=order).count() == 1
    outcomes = sorted(run.outcome["created"] for run in ActionRun.objects.all())
    assert outcomes == [False, True]


def test_actions_beyond_the_tenant_rate_limit_are_postponed(capture_tenant):
    # given a tenant allowed one action a minute and two pending runs
    from django.core.cache import cache

    from saleor_oms_plugin.rules.execution import action_run_execute

    cache.clear()
    capture_tenant.settings = {"rules": {"actions_per_minute": 1}}
    capture_tenant.save()
    rule_make(capture_tenant, actions=[{"type": "flag", "colour": "red", "label": "a"}])
    first, second = order_make(capture_tenant), order_make(capture_tenant)
    for order in (first, second):
        rules_evaluate_event(
            tenant_id=capture_tenant.pk, trigger="order.created", order_id=order.pk, now=NOW
        )
    runs = list(ActionRun.objects.order_by("pk"))
    # when both run in the same minute
    results = [action_run_execute(action_run_id=run.pk) for run in runs]
    # then the second waits for the next minute, untouched
    assert results[0].state == "succeeded" and results[0].retry_in is None
    assert results[1].state == "pending" and 0 < results[1].retry_in <= 61
    assert ActionRun.objects.get(pk=runs[1].pk).attempts == 0
