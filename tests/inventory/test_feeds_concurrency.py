"""Feeds and transfers under real concurrency: several PostgreSQL connections at once."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.feeds import FeedLine, feed_source_save, feed_submit
from saleor_oms_plugin.inventory.models import (
    FeedRun,
    FeedSource,
    StockLevel,
    StockMovement,
    Transfer,
)
from saleor_oms_plugin.inventory.transfers import (
    TransferLineRequest,
    transfer_cancel,
    transfer_dispatch,
    transfer_request,
)
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, make_outside_location, make_stock
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _in_threads(functions):
    return at_once(functions, returning=(InventoryError,))


@pytest.fixture
def store():
    tenant = make_capture_tenant()
    location = make_outside_location(tenant, "soho")
    stock = make_stock(tenant, location, MUG, on_hand=5)
    StockLevel.objects.filter(pk=stock.pk).update(sku="MUG")
    for name in ("pos", *(f"pos-{i}" for i in range(20))):
        feed_source_save(
            tenant_id=tenant.pk, name=name, actor=OPERATOR, default_location_id=location.pk
        )
    return tenant, stock


def _feed(tenant, key, sequence, quantity, *, source="pos", mode=""):
    return lambda: feed_submit(
        tenant_id=tenant.pk,
        source_name=source,
        idempotency_key=key,
        sequence=sequence,
        lines=[FeedLine("MUG", quantity, mode=mode)],
        actor=OPERATOR,
    )


def test_concurrent_snapshots_of_one_source_apply_in_sequence_order_only(store):
    # given 12 absolute snapshots of one source, numbered 1..12, arriving at the same moment
    tenant, stock = store
    results = _in_threads([_feed(tenant, f"k-{n}", n, n * 10) for n in range(1, 13)])
    # then each is applied or stale, the newest always wins, and what applied did so in order
    statuses = {r.run.sequence: r.run.status for r in results}
    assert set(statuses.values()) <= {"APPLIED", "STALE"}
    assert statuses[12] == "APPLIED"
    stock.refresh_from_db()
    assert stock.on_hand == 120
    assert FeedSource.objects.get(name="pos").last_sequence == 12
    runs = dict(FeedRun.objects.values_list("pk", "sequence"))
    applied_order = [
        runs[int(m.reference.split(":")[1])]
        for m in StockMovement.objects.filter(reason="EXTERNAL_FEED").order_by("pk")
    ]
    assert applied_order == sorted(applied_order)


def test_concurrent_delta_feeds_of_many_sources_lose_no_update_and_never_go_negative(store):
    # given 5 mugs; 10 sources take one each and 10 others add two, all at once
    tenant, stock = store
    takes = [_feed(tenant, f"t-{i}", 1, -1, source=f"pos-{i}", mode="DELTA") for i in range(10)]
    adds = [_feed(tenant, f"a-{i}", 1, 2, source=f"pos-{10 + i}", mode="DELTA") for i in range(10)]
    results = _in_threads(takes + adds)
    # then every addition applied, each removal applied or was refused for that line, and
    # on hand equals the start plus exactly what applied
    applied = [r for r in results if r.run.status == "APPLIED"]
    rejected = [r for r in results if r.run.status == "REJECTED"]
    assert len(applied) + len(rejected) == 20
    assert {r.run.results[0]["code"] for r in rejected} <= {"NEGATIVE_STOCK"}
    stock.refresh_from_db()
    assert stock.on_hand == 5 + sum(r.run.results[0]["delta"] for r in applied) >= 0
    assert stock.on_hand == 5 + 20 - sum(1 for r in applied if r.run.results[0]["delta"] == -1)


def test_the_same_key_submitted_concurrently_applies_once(store):
    tenant, stock = store
    results = _in_threads([_feed(tenant, "same", 1, 9, mode="DELTA") for _ in range(6)])
    assert len({r.run.pk for r in results}) == 1
    assert sum(1 for r in results if not r.replayed) == 1
    stock.refresh_from_db()
    assert stock.on_hand == 14
    assert StockMovement.objects.filter(reason="EXTERNAL_FEED").count() == 1


def test_concurrent_transfer_requests_never_reserve_more_than_available():
    # given 10 mugs at LA; 12 transfers of 2 requested at once, then raced to dispatch/cancel
    tenant = make_capture_tenant()
    la, store = make_location(tenant, "LA"), make_outside_location(tenant, "soho")
    stock = make_stock(tenant, la, MUG, on_hand=10)

    def request(i):
        return lambda: transfer_request(
            tenant_id=tenant.pk,
            from_location_id=la.pk,
            to_location_id=store.pk,
            lines=[TransferLineRequest(MUG, 2)],
            actor=OPERATOR,
            reference=f"T-{i}",
        )

    results = _in_threads([request(i) for i in range(12)])
    made = [r for r in results if isinstance(r, Transfer)]
    assert len(made) == 5
    assert {r.code.value for r in results if isinstance(r, InventoryError)} == {
        "INSUFFICIENT_STOCK"
    }
    stock.refresh_from_db()
    assert (stock.on_hand, stock.reserved) == (10, 10)
    # when one transfer is dispatched and cancelled at the same moment, 3 times each
    target = made[0].pk
    moves = [
        lambda: transfer_dispatch(tenant_id=tenant.pk, transfer_id=target, actor=OPERATOR),
        lambda: transfer_cancel(tenant_id=tenant.pk, transfer_id=target, actor=OPERATOR),
    ] * 3
    outcomes = _in_threads(moves)
    # then whichever came first, a cancel ends it (before dispatch, or bringing the goods back
    # after it): the source holds its 10 again, 8 of them still reserved by the other four,
    # and every other move was refused as illegal without changing anything
    refused = [o for o in outcomes if isinstance(o, InventoryError)]
    assert {e.code.value for e in refused} == {"ILLEGAL_TRANSITION"}
    assert len(refused) in (4, 5)  # 4: dispatched, then cancelled in transit
    assert Transfer.objects.get(pk=target).state == "CANCELLED"
    stock.refresh_from_db()
    assert (stock.on_hand, stock.reserved) == (10, 8)
