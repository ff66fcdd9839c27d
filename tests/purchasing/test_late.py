"""Late purchase orders raise ``purchase_order.late`` once; receiving raises ``.received``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.purchasing.models import PurchaseOrder
from saleor_oms_plugin.purchasing.ordering import purchase_order_cancel
from saleor_oms_plugin.purchasing.receiving import purchase_order_receive
from saleor_oms_plugin.purchasing.sending import purchase_order_send
from saleor_oms_plugin.purchasing.tasks import purchasing_late_sweep
from saleor_oms_plugin.rules.errors import RuleValidationError
from saleor_oms_plugin.rules.library import template_definition
from saleor_oms_plugin.rules.models import RuleFiring, StaffTask
from saleor_oms_plugin.rules.triggers import trigger_subject
from tests.fixtures.graphql import make_location
from tests.fixtures.purchasing import BUYER, make_draft
from tests.fixtures.rules import rule_make

pytestmark = pytest.mark.django_db
TASK = [{"type": "task", "title": "Chase {{ supplier }} about {{ number }}"}]


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _sent(tenant, location, sku, days_ago):
    order = make_draft(tenant, location, sku)
    PurchaseOrder.objects.filter(pk=order.pk).update(
        expected_on=timezone.now().date() - timedelta(days=days_ago)
    )
    purchase_order_send(tenant_id=tenant.pk, pk=order.pk, actor=BUYER, email=False)
    order.refresh_from_db()
    return order


def _sweep(capture):
    with capture(execute=True):
        purchasing_late_sweep.delay()


def test_the_triggers_are_about_purchase_orders():
    assert trigger_subject("purchase_order.late") == "purchase_order"
    assert trigger_subject("purchase_order.received") == "purchase_order"


def test_a_late_order_fires_its_rule_once_until_it_is_received(
    capture_tenant, django_capture_on_commit_callbacks
):
    # given a rule on orders three days late or more, and the rules' default refire
    rule = rule_make(
        capture_tenant,
        trigger="purchase_order.late",
        conditions={"all": [{"field": "days_late", "op": "gte", "value": 3}]},
        actions=TASK,
    )
    assert rule.refire == "reentry"
    received_rule = rule_make(capture_tenant, trigger="purchase_order.received", actions=TASK)
    la = make_location(capture_tenant, "LA")
    late = _sent(capture_tenant, la, "MUG", days_ago=3)
    _sent(capture_tenant, la, "CUP", days_ago=2)  # late, but not late enough for the rule
    _sent(capture_tenant, la, "PLATE", days_ago=0)  # due today: not late
    # when beat looks for late orders
    _sweep(django_capture_on_commit_callbacks)
    # then the rule fired once, on the order three days late, with its facts
    [firing] = RuleFiring.objects.filter(rule=rule)
    assert firing.subject_key == "purchase_order:PO-000001"
    assert firing.facts["supplier"] == "Acme"
    assert firing.facts["days_late"] == 3
    assert (firing.facts["open_value"], firing.facts["currency"]) == (45.0, "EUR")
    assert firing.facts["open_units"] == 18
    late_flags = PurchaseOrder.objects.filter(late_at__isnull=False)
    assert sorted(late_flags.values_list("number", flat=True)) == ["PO-000001", "PO-000002"]
    assert AuditEvent.objects.filter(verb="purchase_order.late").count() == 2
    # beat again, a day later: every late order was announced already
    _sweep(django_capture_on_commit_callbacks)
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert AuditEvent.objects.filter(verb="purchase_order.late").count() == 2
    # when the order arrives in full, .received fires and the late window closes
    [line] = late.lines.all()
    with django_capture_on_commit_callbacks(execute=True):
        purchase_order_receive(
            tenant_id=capture_tenant.pk,
            pk=late.pk,
            key="d1",
            quantities={line.pk: line.quantity_ordered},
            actor=BUYER,
        )
    firing.refresh_from_db()
    assert firing.closed_at is not None
    [received] = RuleFiring.objects.filter(rule=received_rule)
    assert received.subject_key == "purchase_order:PO-000001"
    assert received.facts["open_units"] == 0


def test_cancelling_a_late_order_closes_its_window(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule = rule_make(capture_tenant, trigger="purchase_order.late", actions=TASK)
    late = _sent(capture_tenant, make_location(capture_tenant, "LA"), "MUG", days_ago=5)
    _sweep(django_capture_on_commit_callbacks)
    firing = RuleFiring.objects.get(rule=rule)
    purchase_order_cancel(tenant_id=capture_tenant.pk, pk=late.pk, actor=BUYER)
    firing.refresh_from_db()
    assert firing.closed_at is not None
    _sweep(django_capture_on_commit_callbacks)
    assert RuleFiring.objects.filter(rule=rule).count() == 1


def test_a_purchase_order_rule_takes_only_its_own_facts_and_actions(capture_tenant):
    # an order's field is not a purchase order's
    with pytest.raises(RuleValidationError) as error:
        rule_make(
            capture_tenant,
            trigger="purchase_order.late",
            conditions={
                "all": [{"field": "total_gross", "op": "gt", "value": 1, "currency": "USD"}]
            },
            actions=TASK,
        )
    assert [issue.path for issue in error.value.issues] == ["conditions.all[0].field"]
    # nor is flagging an order something a purchase order can have done
    with pytest.raises(RuleValidationError) as error:
        rule_make(capture_tenant, trigger="purchase_order.late")
    assert [issue.path for issue in error.value.issues] == ["actions[0].type"]
    # its own facts are
    rule = rule_make(
        capture_tenant,
        trigger="purchase_order.late",
        conditions={
            "all": [
                {"field": "supplier", "op": "eq", "value": "Acme"},
                {"field": "currency", "op": "eq", "value": "EUR"},
                {"field": "open_value", "op": "gte", "value": 100, "currency": "USD"},
            ]
        },
        actions=TASK,
    )
    assert rule.pk


def test_the_template_gives_purchasing_a_task_to_chase_the_supplier(
    capture_tenant, django_capture_on_commit_callbacks
):
    rule_make(capture_tenant, **template_definition("late-purchase-order-task"))
    _sent(capture_tenant, make_location(capture_tenant, "LA"), "MUG", days_ago=4)
    _sweep(django_capture_on_commit_callbacks)
    [task] = StaffTask.objects.all()
    assert (task.title, task.role) == ("Chase Acme: PO-000001 is 4 days late", "purchasing")
