"""Locks under real concurrency: several PostgreSQL connections at once."""

from __future__ import annotations

import json
import threading

import pytest
from django.utils import timezone

from saleor_oms_plugin.core.payload import parse_datetime
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.orders.payload import parse_order
from saleor_oms_plugin.orders.services import order_apply_payload
from saleor_oms_plugin.webhooks import processing
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import delivery_process
from tests.fixtures.contract import captures
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(functions):
    return at_once(functions)


def _payloads_of_one_order():
    by_order: dict[str, list[dict]] = {}
    for capture in captures():
        if capture.event.startswith("ORDER_"):
            payload = json.loads(capture.body)
            by_order.setdefault(payload["order"]["id"], []).append(payload)
    return max(by_order.values(), key=len)


def test_concurrent_payloads_of_a_new_order_make_one_row_holding_the_newest_state():
    # given several payloads of one order, none applied yet
    tenant = make_capture_tenant()
    payloads = _payloads_of_one_order()
    newest = max(payloads, key=lambda p: (p["order"]["updatedAt"], p["issuedAt"]))
    # when all of them are applied at the same moment on separate connections
    outcomes = _in_threads(
        [
            lambda p=payload: order_apply_payload(
                tenant_id=tenant.pk,
                data=parse_order(p["order"]),
                issued_at=parse_datetime(p["issuedAt"], field="issuedAt"),
            )
            for payload in payloads
        ]
    )
    # then exactly one created the row, and it holds the newest payload's state
    assert [o.value for o in outcomes].count("created") == 1
    order = Order.objects.get(tenant=tenant)
    assert order.saleor_updated_at == parse_datetime(newest["order"]["updatedAt"], field="u")
    assert order.status == newest["order"]["status"]
    assert OrderLine.objects.filter(order=order).count() == len(newest["order"]["lines"])


def test_a_delivery_processed_by_two_workers_at_once_takes_effect_once():
    # given a stored, unprocessed delivery
    tenant = make_capture_tenant()
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    delivery = Delivery.objects.create(
        tenant=tenant,
        event=capture.event,
        dedupe_key="k" * 64,
        payload=json.loads(capture.body),
        received_at=timezone.now(),
    )
    # when two workers run its task at the same moment
    results = _in_threads([lambda: delivery_process(delivery_id=delivery.pk)] * 2)
    # then one applied it and the other found it done
    assert sorted(str(result) for result in results) == ["None", "done"]
    assert Order.objects.filter(tenant=tenant).count() == 1


def _store(tenant, capture, key: str) -> Delivery:
    return Delivery.objects.create(
        tenant=tenant,
        event=capture.event,
        dedupe_key=key * 64,
        payload=json.loads(capture.body),
        received_at=timezone.now(),
    )


def test_a_delivery_deciding_to_wait_while_its_order_is_created_is_not_left_waiting(
    monkeypatch,
):
    # given a fulfilment delivery and its order's creation, both stored and unprocessed
    tenant = make_capture_tenant()
    fulfilment = next(c for c in captures() if c.event == "FULFILLMENT_CREATED")
    order_id = json.loads(fulfilment.body)["order"]["id"]
    creation = next(
        c
        for c in captures()
        if c.event == "ORDER_CREATED" and json.loads(c.body)["order"]["id"] == order_id
    )
    waiting = _store(tenant, fulfilment, "f")
    creating = _store(tenant, creation, "c")
    # and a worker that, having found the order missing, is held until the order's creation
    # (on another worker) has committed: the race of two workers, made certain
    found_missing, created = threading.Event(), threading.Event()
    real_handlers_for = processing.handlers_for

    def held_after_first_look(event):
        handlers = real_handlers_for(event)
        if event != fulfilment.event:
            return handlers
        first = handlers[0]

        def held(tenant_id, payload):
            result = first(tenant_id, payload)
            if not found_missing.is_set():
                found_missing.set()
                assert created.wait(60), "the order's creation did not commit"
            return result

        return [held, *handlers[1:]]

    monkeypatch.setattr(processing, "handlers_for", held_after_first_look)

    def create_once_the_other_looked():
        assert found_missing.wait(60), "the fulfilment was not looked at"
        try:
            return delivery_process(delivery_id=creating.pk)
        finally:
            created.set()

    # when both are processed at once
    _in_threads([lambda: delivery_process(delivery_id=waiting.pk), create_once_the_other_looked])
    # then the fulfilment is applied, not left waiting for an order that exists
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.DONE
    assert Order.objects.get(tenant=tenant, saleor_id=order_id).fulfillments.count() == 1
