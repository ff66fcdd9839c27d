"""Processing stored deliveries: arrival order never matters, each applies once."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.orders.models import Fulfillment, Order
from saleor_oms_plugin.saleor.subscriptions import WEBHOOK_GROUPS
from saleor_oms_plugin.webhooks.intake import delivery_receive
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import delivery_process
from saleor_oms_plugin.webhooks.tasks import prune_deliveries, requeue_stalled_deliveries
from tests.fixtures.contract import captures
from tests.fixtures.deliveries import read_model_snapshot
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


def _group(event):
    return next(group for group in WEBHOOK_GROUPS if event in group.events)


def _receive(tenant, capture, on_commit):
    with on_commit(execute=True):
        return delivery_receive(
            group=_group(capture.event),
            api_url=tenant.saleor_api_url,
            event=capture.event,
            signature=capture.headers["Saleor-Signature"],
            body=capture.body,
        )


def _replay(api_url, ordered, on_commit):
    tenant = make_capture_tenant(api_url=api_url)
    for capture in ordered:
        _receive(tenant, capture, on_commit)
    return tenant


# The read models after the captures replayed in arrival order. They hold no row ids nor times
# of the run, so they are the same for every arrival order tried: the replay (seconds of
# processing) runs once per test process, in the first test that asks for it.
_in_order_snapshot: dict = {}


def _replayed_in_order(on_commit) -> dict:
    if not _in_order_snapshot:
        tenant = _replay("http://127.0.0.1:8000/graphql/", captures(), on_commit)
        _in_order_snapshot.update(read_model_snapshot(tenant.pk))
    return _in_order_snapshot


@pytest.mark.parametrize("seed", [1, 2, 3, "reversed"])
def test_any_arrival_order_ends_in_the_state_of_in_order_replay(
    seed, django_capture_on_commit_callbacks
):
    # given the read models of the captures replayed in arrival order for one tenant
    expected = _replayed_in_order(django_capture_on_commit_callbacks)
    # and the same captures shuffled for another
    shuffled = list(captures())
    if seed == "reversed":
        shuffled.reverse()
    else:
        random.Random(seed).shuffle(shuffled)
    other = _replay("http://127.0.0.1:8001/graphql/", shuffled, django_capture_on_commit_callbacks)
    # then both read models are identical, and nothing is left waiting
    assert expected["orders"], "the captures must produce orders"
    assert read_model_snapshot(other.pk) == expected
    assert not Delivery.objects.filter(status=Delivery.Status.DEFERRED).exists()


def test_a_fulfilment_arriving_before_its_order_waits_and_is_applied_when_the_order_comes(
    django_capture_on_commit_callbacks,
):
    # given a fulfilment event whose order we have not seen yet
    tenant = make_capture_tenant()
    fulfilment = next(c for c in captures() if c.event == "FULFILLMENT_CREATED")
    payload = json.loads(fulfilment.body)
    order_id = payload["order"]["id"]
    _receive(tenant, fulfilment, django_capture_on_commit_callbacks)
    waiting = Delivery.objects.get()
    assert (waiting.status, waiting.waiting_for) == ("deferred", f"order:{order_id}")
    assert not Fulfillment.objects.exists()
    # when the order's first payload arrives
    order_capture = next(
        c for c in captures() if c.event.startswith("ORDER_") and order_id.encode() in c.body
    )
    _receive(tenant, order_capture, django_capture_on_commit_callbacks)
    # then the waiting fulfilment is applied too
    waiting.refresh_from_db()
    assert waiting.status == "done"
    assert Fulfillment.objects.filter(
        saleor_id=payload["fulfillment"]["id"], order__saleor_id=order_id
    ).exists()


def test_an_older_payload_never_overwrites_a_newer_one(django_capture_on_commit_callbacks):
    # given the newest payload of an order already applied
    tenant = make_capture_tenant()
    order_events = [c for c in captures() if c.event.startswith("ORDER_")]
    order_id = json.loads(order_events[-1].body)["order"]["id"]
    of_order = [c for c in order_events if json.loads(c.body)["order"]["id"] == order_id]
    newest = max(of_order, key=lambda c: json.loads(c.body)["order"]["updatedAt"])
    _receive(tenant, newest, django_capture_on_commit_callbacks)
    state = read_model_snapshot(tenant.pk)
    # when every older payload of it arrives late
    for capture in of_order:
        if capture is not newest:
            _receive(tenant, capture, django_capture_on_commit_callbacks)
    # then the order still shows the newest state
    assert read_model_snapshot(tenant.pk)["orders"][order_id]["fields"] == {
        **state["orders"][order_id]["fields"],
        "paid_at": Order.objects.get(saleor_id=order_id).paid_at,
    }
    assert (
        Order.objects.get(saleor_id=order_id).status == json.loads(newest.body)["order"]["status"]
    )


def test_processing_the_same_delivery_again_does_nothing(django_capture_on_commit_callbacks):
    # given a processed delivery
    tenant = make_capture_tenant()
    received = _receive(tenant, captures()[0], django_capture_on_commit_callbacks)
    before = read_model_snapshot(tenant.pk)
    # when its task runs again (redelivered by the broker, or queued again by the sweep)
    result = delivery_process(delivery_id=received.delivery_id)
    # then nothing happens
    assert result is None
    assert read_model_snapshot(tenant.pk) == before


def test_a_delivery_whose_task_was_lost_is_processed_by_the_sweep(settings):
    # given a delivery stored while the broker was down (its task never ran)
    tenant = make_capture_tenant()
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    received = delivery_receive(
        group=_group(capture.event),
        api_url=tenant.saleor_api_url,
        event=capture.event,
        signature=capture.headers["Saleor-Signature"],
        body=capture.body,
    )
    Delivery.objects.filter(pk=received.delivery_id).update(
        received_at=timezone.now() - timedelta(seconds=settings.INBOX_STALLED_AFTER_SECONDS + 1)
    )
    # when the periodic sweep runs
    queued = requeue_stalled_deliveries.apply().get()
    # then it is processed
    assert queued == 1
    assert Delivery.objects.get(pk=received.delivery_id).status == "done"
    assert Order.objects.filter(tenant=tenant).count() == 1


def test_a_fresh_pending_delivery_is_left_to_its_own_task():
    tenant = make_capture_tenant()
    capture = captures()[0]
    delivery_receive(
        group=_group(capture.event),
        api_url=tenant.saleor_api_url,
        event=capture.event,
        signature=capture.headers["Saleor-Signature"],
        body=capture.body,
    )
    assert requeue_stalled_deliveries.apply().get() == 0


def test_a_payload_that_cannot_be_applied_fails_without_partial_writes():
    # given a stored delivery whose order lacks required fields
    tenant = make_capture_tenant()
    delivery = Delivery.objects.create(
        tenant=tenant,
        event="ORDER_CREATED",
        dedupe_key="x" * 64,
        payload={
            "__typename": "OrderCreated",
            "issuedAt": "2026-11-23T08:00:00+00:00",
            "order": {"id": "T3JkZXI6MQ==", "number": "1"},
        },
        received_at=timezone.now(),
    )
    # when processed
    status = delivery_process(delivery_id=delivery.pk)
    # then it is marked failed with the reason, and no order exists
    delivery.refresh_from_db()
    assert status == "failed"
    assert "status" in delivery.last_error
    assert not Order.objects.exists()


def test_pruning_deletes_only_finished_deliveries_past_retention(settings):
    # given deliveries of every status, old and new
    tenant = make_capture_tenant()
    old = timezone.now() - timedelta(days=settings.INBOX_RETENTION_DAYS + 1)
    for status in ["done", "skipped", "failed", "deferred", "pending"]:
        for age, received_at in (("old", old), ("new", timezone.now())):
            Delivery.objects.create(
                tenant=tenant,
                event="ORDER_UPDATED",
                dedupe_key=f"{status}-{age}".ljust(64, "0"),
                payload={},
                received_at=received_at,
                status=status,
            )
    # when the hourly prune runs
    deleted = prune_deliveries.apply().get()
    # then only the old finished ones are gone
    assert deleted == 2
    remaining = set(Delivery.objects.values_list("dedupe_key", flat=True))
    assert not any(key.startswith(("done-old", "skipped-old")) for key in remaining)
    assert len(remaining) == 8
