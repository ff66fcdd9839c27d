"""Two imports of one reference at the same moment, each on its own connection: one order is
stored, the other import answers DUPLICATE. Two corrections of one refused order: one is
sent, the other is refused (the order is no longer REFUSED)."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.corrections import captured_order_resubmit
from saleor_oms_plugin.capture.errors import CaptureError
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.services import capture_source_create, orders_capture
from saleor_oms_plugin.core import scheduling
from tests.capture.test_import import _snake, outside_order
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
STAFF = Actor("staff", "VXNlcjox")


def test_two_concurrent_imports_of_one_reference_store_one_order(monkeypatch):
    queued: list[str] = []
    monkeypatch.setattr(scheduling, "enqueue", lambda name, *args, **kwargs: queued.append(name))
    tenant = make_capture_tenant()
    source, _ = capture_source_create(
        tenant_id=tenant.pk,
        code="phone",
        name="Phone",
        channel_slug="default-channel",
        warehouse_id="W",
        shipping_method_id="S",
        tax_class_id="T",
        actor=STAFF,
    )
    order = _snake(outside_order("PH-1"))

    def capture():
        [answer] = orders_capture(source=source, orders=[order], door="API", actor=STAFF)
        return answer.outcome

    outcomes = at_once([capture, capture, capture])

    assert sorted(outcomes) == ["ACCEPTED", "DUPLICATE", "DUPLICATE"]
    assert CapturedOrder.objects.filter(tenant=tenant).count() == 1
    # the one accepted import queued the batch task
    assert queued == ["saleor_oms_plugin.capture.tasks.send_captured_orders"]


def test_two_concurrent_corrections_of_a_refused_order_send_it_once(monkeypatch):
    queued: list[str] = []
    monkeypatch.setattr(scheduling, "enqueue", lambda name, *args, **kwargs: queued.append(name))
    tenant = make_capture_tenant()
    source, _ = capture_source_create(
        tenant_id=tenant.pk,
        code="phone",
        name="Phone",
        channel_slug="default-channel",
        warehouse_id="W",
        shipping_method_id="S",
        tax_class_id="T",
        actor=STAFF,
    )
    [answer] = orders_capture(
        source=source,
        orders=[_snake(outside_order("PH-3", sku="NO-SUCH"))],
        door="API",
        actor=STAFF,
    )
    assert answer.captured is not None
    CapturedOrder.objects.filter(pk=answer.captured.pk).update(state="REFUSED")
    queued.clear()
    corrected = _snake(outside_order("PH-3"))

    def correct():
        return captured_order_resubmit(
            tenant_id=tenant.pk, captured_order_id=answer.captured.pk, data=corrected, actor=STAFF
        ).state

    outcomes = at_once([correct, correct], returning=(CaptureError,))

    states = [o for o in outcomes if isinstance(o, str)]
    refusals = [o.code for o in outcomes if isinstance(o, CaptureError)]
    assert (states, refusals) == (["RECEIVED"], ["ILLEGAL_STATE"])
    assert CapturedOrder.objects.get().state == "RECEIVED"
    assert queued == ["saleor_oms_plugin.capture.tasks.send_captured_orders"]
