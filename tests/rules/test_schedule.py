"""One django-celery-beat periodic evaluation per tenant with time rules."""

from __future__ import annotations

import json

import pytest
from django_celery_beat.models import PeriodicTask

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.rules.services import rule_set_enabled
from tests.fixtures.rules import rule_make

pytestmark = pytest.mark.django_db

SLA = {"all": [{"field": "hours_since_paid", "op": "gt", "value": 48}]}


def test_a_time_rule_schedules_its_tenant_and_the_last_one_unschedules_it(capture_tenant):
    # given a tenant evaluating every two minutes, and an event rule: nothing scheduled
    capture_tenant.settings = {"rules": {"interval_seconds": 120}}
    capture_tenant.save()
    rule_make(capture_tenant)
    assert not PeriodicTask.objects.filter(name__startswith="oms-rules-").exists()
    # when it gets a time rule
    rule = rule_make(capture_tenant, trigger="schedule", conditions=SLA)
    # then beat has one task for it, with its interval
    task = PeriodicTask.objects.get(name=f"oms-rules-tenant-{capture_tenant.pk}")
    assert task.task == "saleor_oms_plugin.rules.tasks.evaluate_time_rules"
    assert json.loads(task.args) == [capture_tenant.pk]
    assert (task.interval.every, task.interval.period) == (120, "seconds")
    # when the time rule is disabled, the task goes
    rule_set_enabled(
        tenant_id=capture_tenant.pk, rule_id=rule.pk, enabled=False, actor=Actor.operator("tests")
    )
    assert not PeriodicTask.objects.filter(name__startswith="oms-rules-").exists()


def test_the_interval_has_a_floor(capture_tenant):
    capture_tenant.settings = {"rules": {"interval_seconds": 1}}
    capture_tenant.save()
    rule_make(capture_tenant, trigger="schedule", conditions=SLA)
    assert PeriodicTask.objects.get().interval.every == 30
