"""A real Celery worker on Redis runs event and time rules end to end, exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.rules.models import (
    ActionRun,
    OrderFlag,
    PendingEvaluation,
    RuleFiring,
    StaffTask,
)
from saleor_oms_plugin.rules.pending import evaluation_request
from saleor_oms_plugin.rules.tasks import evaluate_time_rules
from tests.fixtures.processes import wait_for
from tests.fixtures.rules import order_make, rule_make
from tests.fixtures.tenants import make_capture_tenant

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _output(process) -> str:
    process.terminate()
    return process.communicate(timeout=20)[0].decode(errors="replace")[-3000:]


def test_a_worker_fires_event_and_time_rules_once(worker):  # noqa: F811 - fixture
    # given a tenant with an event rule and a time rule, and orders both hold for
    tenant = make_capture_tenant()
    now = timezone.now()
    rule_make(
        tenant,
        name="Big",
        trigger="order.created",
        conditions={
            "all": [{"field": "total_gross", "op": "gte", "value": 100, "currency": "USD"}]
        },
        actions=[
            {"type": "flag", "colour": "orange", "label": "Big"},
            {"type": "task", "title": "Check #{{ number }}"},
        ],
    )
    rule_make(
        tenant,
        name="SLA",
        trigger="schedule",
        conditions={"all": [{"field": "hours_since_paid", "op": "gt", "value": 14 * 24}]},
        actions=[{"type": "flag", "colour": "red", "label": "SLA breach"}],
    )
    big = order_make(tenant, total="150", now=now)
    late = order_make(tenant, total="10", paid_hours_ago=15 * 24, now=now)
    # when the event is stored twice (each evaluation sent on commit) and beat sends two
    # passes, all through Redis
    for _ in range(2):
        evaluation_request(tenant_id=tenant.pk, trigger="order.created", order_id=big.pk)
        evaluate_time_rules.delay(tenant.pk)
    # then the worker fired each rule once and ran every action
    done = wait_for(lambda: ActionRun.objects.filter(state="succeeded").count() == 3, timeout=240)
    assert done, _output(worker)
    assert sorted(RuleFiring.objects.values_list("rule__name", "order_id")) == [
        ("Big", big.pk),
        ("SLA", late.pk),
    ]
    assert sorted(OrderFlag.objects.values_list("label", "order_id")) == [
        ("Big", big.pk),
        ("SLA breach", late.pk),
    ]
    assert StaffTask.objects.get().title == f"Check #{big.number}"
    assert wait_for(lambda: not PendingEvaluation.objects.exists(), timeout=60)
    # and the time rule's deadline really is behind the order
    assert late.paid_at < now - timedelta(days=14)
