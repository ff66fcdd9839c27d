"""Inbound stock feeds: absolute and delta lines, idempotency, sequence order, bad lines."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.feeds import FeedLine, feed_source_save, feed_submit
from saleor_oms_plugin.inventory.models import FeedRun, StockLevel, StockMovement, StockWriteBack
from saleor_oms_plugin.inventory.services import MAX_QUANTITY
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, SaleorStockBook, make_outside_location, make_stock
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
CAP = "UHJvZHVjdFZhcmlhbnQ6NDAy"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    cache.clear()


@pytest.fixture
def shop(capture_tenant):
    """A store with mugs and caps known to the ledger, and a Saleor warehouse."""
    store = make_outside_location(capture_tenant, "soho")
    la = make_location(capture_tenant, "LA")
    la.slug = "la"
    la.save(update_fields=["slug"])
    make_stock(capture_tenant, store, MUG, on_hand=5)
    StockLevel.objects.filter(variant_id=MUG).update(sku="MUG")
    make_stock(capture_tenant, la, CAP, on_hand=2, saleor_quantity=2)
    StockLevel.objects.filter(variant_id=CAP).update(sku="CAP")
    feed_source_save(
        tenant_id=capture_tenant.pk, name="pos", actor=OPERATOR, default_location_id=store.pk
    )
    return capture_tenant, store, la


def _submit(tenant, key, sequence, lines, source="pos"):
    return feed_submit(
        tenant_id=tenant.pk,
        source_name=source,
        idempotency_key=key,
        sequence=sequence,
        lines=lines,
        actor=OPERATOR,
    )


def _on_hand(location, variant_id=MUG):
    return StockLevel.objects.get(location=location, variant_id=variant_id).on_hand


def test_absolute_and_delta_lines_move_on_hand_through_the_ledger(shop):
    tenant, store, la = shop
    # when the store reports 9 mugs, and the warehouse gets 3 caps more
    result = _submit(
        tenant, "k-1", 1, [FeedLine("MUG", 9), FeedLine("CAP", "3", location=la.slug, mode="delta")]
    )
    # then both applied as EXTERNAL_FEED movements of the source, referencing the run
    run = result.run
    assert (run.status, run.lines_applied, run.lines_failed) == ("APPLIED", 2, 0)
    assert (_on_hand(store), _on_hand(la, CAP)) == (9, 5)
    movements = StockMovement.objects.filter(reason="EXTERNAL_FEED").order_by("pk")
    assert [(m.on_hand_delta, m.source, m.reference) for m in movements] == [
        (4, "feed:pos", f"feed-run:{run.pk}"),
        (3, "feed:pos", f"feed-run:{run.pk}"),
    ]
    assert [line["delta"] for line in run.results] == [4, 3]
    # and only the Saleor warehouse's change is to be written back
    assert list(StockWriteBack.objects.values_list("stock__location__slug", flat=True)) == [la.slug]


def test_a_repeated_idempotency_key_returns_the_stored_run_and_changes_nothing(shop):
    tenant, store, _ = shop
    first = _submit(tenant, "k-1", 1, [FeedLine("MUG", 9)])
    # when the same key arrives again, even with other content and a newer sequence
    again = _submit(tenant, "k-1", 7, [FeedLine("MUG", 1)])
    # then it is answered with the first run, and on hand stays
    assert again.replayed and again.run.pk == first.run.pk
    assert _on_hand(store) == 9
    assert FeedRun.objects.count() == 1
    assert StockMovement.objects.filter(reason="EXTERNAL_FEED").count() == 1


def test_an_older_or_equal_sequence_is_stale_and_ignored(shop):
    tenant, store, _ = shop
    _submit(tenant, "k-5", 5, [FeedLine("MUG", 9)])
    # when runs numbered 4 (late) and 5 (again, another key) arrive
    late = _submit(tenant, "k-4", 4, [FeedLine("MUG", 1)])
    equal = _submit(tenant, "k-5b", 5, [FeedLine("MUG", 2)])
    # then both are recorded STALE and change nothing; a newer one applies
    assert (late.run.status, equal.run.status) == ("STALE", "STALE")
    assert {line["status"] for line in late.run.results} == {"IGNORED"}
    assert _on_hand(store) == 9
    newer = _submit(tenant, "k-6", 6, [FeedLine("MUG", 3)])
    assert newer.run.status == "APPLIED" and _on_hand(store) == 3


def test_bad_lines_are_reported_per_line_and_the_good_ones_apply(shop):
    tenant, store, _ = shop
    # when a feed mixes a good line with every kind of bad one
    result = _submit(
        tenant,
        "k-1",
        1,
        [
            FeedLine("MUG", 7),
            FeedLine("", 1),
            FeedLine("MUG", "seven", location="la"),
            FeedLine("MUG", -1),
            FeedLine("MUG", 2, location="nowhere"),
            FeedLine("MUG", 2, mode="REPLACE"),
            FeedLine("MUG", 8),
            FeedLine("MUG", -50, mode="DELTA", location="soho"),
        ],
    )
    # then the valid line applied and each bad one carries its exact code
    run = result.run
    assert run.status == "PARTIAL" and (run.lines_applied, run.lines_failed) == (1, 7)
    assert [(line["line"], line["status"], line["code"]) for line in run.results] == [
        (1, "APPLIED", ""),
        (2, "FAILED", "MISSING_SKU"),
        (3, "FAILED", "INVALID_QUANTITY"),
        (4, "FAILED", "INVALID_QUANTITY"),
        (5, "FAILED", "UNKNOWN_LOCATION"),
        (6, "FAILED", "INVALID_MODE"),
        (7, "FAILED", "DUPLICATE_LINE"),
        (8, "FAILED", "DUPLICATE_LINE"),
    ]
    assert _on_hand(store) == 7


def test_a_delta_below_zero_is_refused_for_that_line_only(shop):
    tenant, store, la = shop
    result = _submit(
        tenant,
        "k-1",
        1,
        [FeedLine("MUG", -9, mode="DELTA"), FeedLine("CAP", 1, location=la.slug, mode="DELTA")],
    )
    assert [line["code"] for line in result.run.results] == ["NEGATIVE_STOCK", ""]
    assert (_on_hand(store), _on_hand(la, CAP)) == (5, 3)
    assert result.run.status == "PARTIAL"


def test_a_feed_without_a_valid_line_is_rejected_and_changes_nothing(shop):
    tenant, store, _ = shop
    result = _submit(tenant, "k-1", 3, [FeedLine("MUG", "x"), FeedLine("", 1)])
    assert result.run.status == "REJECTED"
    assert _on_hand(store) == 5
    # and the sequence did not advance: a run numbered 2 still applies
    assert _submit(tenant, "k-2", 2, [FeedLine("MUG", 4)]).run.status == "APPLIED"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"idempotency_key": " "}, "INVALID_IDEMPOTENCY_KEY"),
        ({"sequence": -1}, "INVALID_SEQUENCE"),
        ({"source_name": "nope"}, "FEED_SOURCE_NOT_FOUND"),
        ({"lines": []}, "INVALID_FEED"),
    ],
)
def test_a_malformed_feed_is_refused_whole_and_not_stored(shop, kwargs, code):
    tenant, store, _ = shop
    arguments = {
        "tenant_id": tenant.pk,
        "source_name": "pos",
        "idempotency_key": "k-1",
        "sequence": 1,
        "lines": [FeedLine("MUG", 1)],
        "actor": OPERATOR,
        **kwargs,
    }
    with pytest.raises(InventoryError) as refused:
        feed_submit(**arguments)
    assert refused.value.code.value == code
    assert FeedRun.objects.count() == 0 and _on_hand(store) == 5


def test_unknown_skus_are_looked_up_in_saleor_once_then_cached(fake_saleor):
    # given Saleor knows a hat the ledger has never seen, and a store
    book = SaleorStockBook(fake_saleor)
    hat = "UHJvZHVjdFZhcmlhbnQ6NDk5"
    book.skus[hat] = "HAT"
    tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
    store = make_outside_location(tenant, "soho")
    feed_source_save(tenant_id=tenant.pk, name="pos", actor=OPERATOR, default_location_id=store.pk)
    # when two feeds name it, and a SKU nobody knows
    first = _submit(tenant, "k-1", 1, [FeedLine("HAT", 4), FeedLine("GHOST", 1)])
    _submit(tenant, "k-2", 2, [FeedLine("HAT", 6)])
    # then the hat was found in Saleor, the ghost is UNKNOWN_SKU, and Saleor was asked once
    assert [line["code"] for line in first.run.results] == ["", "UNKNOWN_SKU"]
    assert first.run.results[0]["variantId"] == hat
    assert _on_hand(store, hat) == 6
    assert len(fake_saleor.graphql_requests("OmsInventoryVariantsBySku")) == 1


def test_saleor_unreachable_for_unknown_skus_refuses_the_feed_for_a_retry(fake_saleor):
    SaleorStockBook(fake_saleor)
    tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
    store = make_outside_location(tenant, "soho")
    feed_source_save(tenant_id=tenant.pk, name="pos", actor=OPERATOR, default_location_id=store.pk)
    fake_saleor.fail_next(5, status=503)
    with pytest.raises(InventoryError) as refused:
        _submit(tenant, "k-1", 1, [FeedLine("HAT", 4)])
    assert refused.value.code.value == "SALEOR_UNAVAILABLE"
    assert FeedRun.objects.count() == 0


def test_isolated_per_tenant(shop):
    tenant, store, _ = shop
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    with pytest.raises(InventoryError) as refused:
        _submit(other, "k-1", 1, [FeedLine("MUG", 1)])
    assert refused.value.code.value == "FEED_SOURCE_NOT_FOUND"


@pytest.mark.parametrize("quantity", ["+-5", "--5", "-+5", "\u00b2", "\u0663", "5.0", "1e3", ""])
def test_a_quantity_that_is_not_a_whole_number_fails_its_line(shop, quantity):
    tenant, store, _ = shop
    result = _submit(
        tenant, "k-q", 1, [FeedLine("MUG", quantity), FeedLine("MUG", "+2", mode="DELTA")]
    )
    assert [line["code"] for line in result.run.results] == ["INVALID_QUANTITY", ""]
    assert _on_hand(store) == 7


def test_a_delta_past_the_largest_quantity_is_refused_for_that_line_only(shop):
    tenant, store, la = shop
    _submit(tenant, "k-1", 1, [FeedLine("MUG", MAX_QUANTITY)])
    # when a delta would take on hand past what the column holds
    result = _submit(
        tenant,
        "k-2",
        2,
        [FeedLine("MUG", 1, mode="DELTA"), FeedLine("CAP", 1, location=la.slug, mode="DELTA")],
    )
    assert [line["code"] for line in result.run.results] == ["INVALID_QUANTITY", ""]
    assert (result.run.status, _on_hand(store), _on_hand(la, CAP)) == ("PARTIAL", MAX_QUANTITY, 3)
    # and twice the largest delta in a row is no 500 either
    again = _submit(tenant, "k-3", 3, [FeedLine("MUG", MAX_QUANTITY, mode="DELTA")])
    assert again.run.results[0]["code"] == "INVALID_QUANTITY"
    assert _on_hand(store) == MAX_QUANTITY
