"""A tenant's turn: a slice of its pending deliveries, in order, and never stuck behind one
that cannot be processed."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.webhooks import processing
from saleor_oms_plugin.webhooks.inbox import delivery_insert
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import deliveries_take_turn
from saleor_oms_plugin.webhooks.registry import HandlerResult
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


def _store(tenant_id: int, **payload) -> int:
    delivery_id = delivery_insert(
        tenant_id=tenant_id,
        event="WAREHOUSE_UPDATED",
        dedupe_key=json.dumps(payload),
        payload_json=json.dumps(payload),
        issued_at=None,
        received_at=timezone.now(),
    )
    assert delivery_id is not None
    return delivery_id


@pytest.fixture
def handler(monkeypatch):
    """Deliveries saying ``poison`` make the handler raise, as a bug would."""

    def handle(tenant_id, payload):
        if payload.get("poison"):
            raise RuntimeError("a bug in a handler")
        return HandlerResult(ApplyOutcome.UPDATED)

    monkeypatch.setattr(processing, "handlers_for", lambda event: [handle])


def _statuses(ids: list[int]) -> list[str]:
    by_id = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    return [by_id[pk] for pk in ids]


def test_a_turn_takes_a_slice_of_the_tenants_deliveries_oldest_first(handler):
    # given 5 pending deliveries of a tenant, and one of another tenant
    tenant, other = (
        make_capture_tenant(),
        make_capture_tenant(api_url="http://127.0.0.1:9/graphql/"),
    )
    mine = [_store(tenant.pk, n=n) for n in range(5)]
    theirs = _store(other.pk, n=0)
    # when the tenant takes a turn of 3
    turn = deliveries_take_turn(tenant_id=tenant.pk, size=3)
    # then its 3 oldest are done, and nothing else was touched
    assert (turn.processed, turn.failed) == (3, 0)
    assert _statuses(mine) == ["done"] * 3 + ["pending"] * 2
    assert _statuses([theirs]) == ["pending"]


def test_deliveries_that_fail_unexpectedly_do_not_hold_up_the_others(handler):
    # given a tenant whose two oldest deliveries make the handler raise, then three good ones
    tenant = make_capture_tenant()
    poison = [_store(tenant.pk, poison=True, n=n) for n in range(2)]
    good = [_store(tenant.pk, n=n) for n in range(3)]
    # when it takes two turns of 3
    first = deliveries_take_turn(tenant_id=tenant.pk, size=3)
    second = deliveries_take_turn(tenant_id=tenant.pk, size=3)
    # then the good ones are all done: the failed ones were tried once, then went behind them
    assert (first.processed, first.failed) == (1, 2)
    assert (second.processed, second.failed) == (2, 1)
    assert _statuses(good) == ["done"] * 3
    # and the failing ones stay pending, their attempts and error kept for inspection
    failing = Delivery.objects.filter(pk__in=poison).order_by("pk")
    assert [(d.status, d.attempts) for d in failing] == [("pending", 2), ("pending", 1)]
    assert all("RuntimeError: a bug in a handler" in d.last_error for d in failing)
