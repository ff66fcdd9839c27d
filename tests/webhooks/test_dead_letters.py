"""Dead letters: failed deliveries listed and processed again by the operator's command."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import delivery_process
from tests.fixtures.contract import captures

pytestmark = pytest.mark.django_db


def _order_created_capture():
    return next(capture for capture in captures() if capture.event == "ORDER_CREATED")


def test_a_failed_delivery_is_listed_and_processed_again_once_fixed(
    capture_tenant, capsys, django_capture_on_commit_callbacks
):
    # given an ORDER_CREATED delivery that failed (its payload was broken when it came)
    capture = _order_created_capture()
    good = json.loads(capture.body)
    delivery = Delivery.objects.create(
        tenant=capture_tenant,
        event="ORDER_CREATED",
        dedupe_key="k",
        payload={"broken": True},
        received_at=timezone.now(),
    )
    assert delivery_process(delivery_id=delivery.pk) == Delivery.Status.FAILED
    # when the operator lists the dead letters
    call_command("deliveries", "list")
    listed = capsys.readouterr().out
    # then it is there, with its event and error
    assert f"{delivery.pk}\ttenant={capture_tenant.pk}\tORDER_CREATED\tfailed" in listed
    # and when its cause is fixed and it is retried
    Delivery.objects.filter(pk=delivery.pk).update(payload=good)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("deliveries", "retry", str(delivery.pk))
    assert "queued 1 failed deliveries again" in capsys.readouterr().out
    # then it was processed (eagerly here) and its order exists
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE
    assert delivery.attempts == 2
    assert Order.objects.filter(tenant=capture_tenant).exists()


def test_retry_leaves_deliveries_that_did_not_fail_alone(capture_tenant, capsys):
    done = Delivery.objects.create(
        tenant=capture_tenant,
        event="ORDER_CREATED",
        dedupe_key="d",
        payload={},
        received_at=timezone.now(),
        status=Delivery.Status.DONE,
    )
    call_command("deliveries", "retry", "--all-failed")
    assert "queued 0 failed deliveries again" in capsys.readouterr().out
    call_command("deliveries", "retry", str(done.pk))
    done.refresh_from_db()
    assert done.status == Delivery.Status.DONE
    with pytest.raises(CommandError, match="name delivery ids"):
        call_command("deliveries", "retry")
