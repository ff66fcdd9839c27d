"""Every move of a return is a trigger the rules can use (``return.<status>`` on the order)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.returns.completion import return_request_complete
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.inspection import LineInspection, return_request_inspect
from saleor_oms_plugin.returns.receipt import return_request_mark_received
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from saleor_oms_plugin.returns.review import return_request_approve, return_request_reject
from saleor_oms_plugin.returns.tasks import sync_return_to_saleor
from saleor_oms_plugin.rules.models import ActionRun, OrderFlag, RuleFiring
from saleor_oms_plugin.rules.triggers import trigger_names
from tests.fixtures.graphql import make_location
from tests.fixtures.returns import SHIPPED, STAFF, make_policy, make_shipped_order
from tests.fixtures.rules import rule_make

pytestmark = pytest.mark.django_db
NOW = SHIPPED + timedelta(days=3)
LIFECYCLE = ["requested", "approved", "received", "inspected", "completed"]


@pytest.fixture
def shop(capture_tenant, settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    make_policy(capture_tenant, window_days=3650)
    return capture_tenant


def _request(tenant, number):
    order = make_shipped_order(tenant, number)
    return return_request_create(
        tenant_id=tenant.pk,
        order_id=order.pk,
        lines=[LineRequest(order.lines.get(sku="OMS-SKU-001").saleor_id, 1, "damaged")],
        resolution="refund",
        actor=STAFF,
        now=NOW,
    )


def test_every_return_status_is_a_registered_trigger():
    statuses = ["requested", "approved", "rejected", "in_transit", "received", "inspected"]
    statuses += ["completed", "cancelled"]
    assert {f"return.{status}" for status in statuses} <= set(trigger_names())


def test_a_rule_on_return_approved_fires_once(shop, django_capture_on_commit_callbacks):
    # given a rule that flags orders whose return is approved
    rule = rule_make(
        shop,
        trigger="return.approved",
        actions=[{"type": "flag", "colour": "orange", "label": "Return approved"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = _request(shop, 901)
        # when staff approve it (and the same event is published again, as a redelivery)
        return_request_approve(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
        publish(tenant_id=shop.pk, event=ReturnEvent.APPROVED, order_id=request.order_id)
    # then the rule fired once for the order, and its action ran once
    firing = RuleFiring.objects.get(rule=rule)
    assert (firing.order_id, firing.trigger) == (request.order_id, "return.approved")
    assert list(ActionRun.objects.values_list("state", flat=True)) == ["succeeded"]
    assert list(OrderFlag.objects.values_list("label", flat=True)) == ["Return approved"]


def test_each_lifecycle_move_publishes_its_trigger(
    shop, django_capture_on_commit_callbacks, monkeypatch
):
    # (recording the completed return in Saleor is tested in test_returns_saleor)
    monkeypatch.setattr(sync_return_to_saleor, "delay", lambda *args: None)
    # given a rule per return trigger
    rules = {
        status: rule_make(shop, trigger=f"return.{status}")
        for status in [*LIFECYCLE, "rejected", "cancelled", "in_transit"]
    }
    ids = {"tenant_id": shop.pk, "actor": STAFF}
    with django_capture_on_commit_callbacks(execute=True):
        # when one return goes all the way, and another is rejected
        request = _request(shop, 902)
        ids["request_id"] = request.pk
        return_request_approve(**ids)
        return_request_mark_received(**ids, location_id=make_location(shop, "Dallas").pk)
        line = request.lines.get()
        return_request_inspect(**ids, inspections=[LineInspection(line.pk, 1, 0, 0)])
        return_request_complete(**ids)
        rejected = _request(shop, 903)
        return_request_reject(tenant_id=shop.pk, request_id=rejected.pk, reason="worn", actor=STAFF)
    # then each move fired its rule on the right order; nothing else fired
    fired = {
        status: sorted(RuleFiring.objects.filter(rule=rule).values_list("order_id", flat=True))
        for status, rule in rules.items()
    }
    # (completing waits for Saleor: ``return.completed`` fires once Saleor accepted the
    # return, see test_returns_saleor)
    assert fired == {
        **{status: [request.order_id] for status in LIFECYCLE if status != "completed"},
        "completed": [],
        "requested": sorted([request.order_id, rejected.order_id]),
        "rejected": [rejected.order_id],
        "cancelled": [],
        "in_transit": [],
    }
