"""Saleor's stock in the ledger: import, stock events re-read, reconciliation, write-back."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.models import (
    Channel,
    DirtyVariant,
    StockLevel,
    StockMovement,
    StockWriteBack,
)
from saleor_oms_plugin.inventory.reconcile import inventory_import_run, stock_reconcile
from saleor_oms_plugin.inventory.reservations import RequestedLine, reservation_create
from saleor_oms_plugin.inventory.services import stock_adjust
from saleor_oms_plugin.inventory.write_back import write_back_run
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.processing import delivery_process
from saleor_oms_plugin.webhooks.read_model_import import tenant_import_read_models_run
from tests.fixtures.contract import SHARED_SALEOR
from tests.fixtures.inventory import OPERATOR, SaleorStockBook
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(fake_saleor, settings):
    """A tenant of the fake Saleor with the scenario's stock imported into the ledger."""
    settings.INVENTORY_WRITE_BACK_ENABLED = False  # the tests call the sender themselves
    cache.clear()  # no debounce window left over from another test
    book = SaleorStockBook(fake_saleor)
    skus = book.seed_scenario()
    tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
    tenant_import_read_models_run(tenant_id=tenant.pk)
    inventory_import_run(tenant_id=tenant.pk)
    return tenant, book, skus


def _ledger(tenant):
    return {
        (s.variant_id, s.location.saleor_id): (s.on_hand, s.allocated)
        for s in StockLevel.objects.filter(tenant=tenant).select_related("location")
    }


def _saleor(book):
    return {key: (s["quantity"], s["allocated"]) for key, s in book.stocks.items()}


def _stock(tenant, book, variant_id, slug):
    return StockLevel.objects.get(
        tenant=tenant, variant_id=variant_id, location__saleor_id=book.warehouse_id(slug)
    )


def test_the_import_brings_every_stock_and_the_channels_warehouses_in_priority_order(store):
    tenant, book, _ = store
    assert _ledger(tenant) == _saleor(book) and len(book.stocks) == 57
    channel = Channel.objects.get(tenant=tenant)
    assert channel.slug == "oms-us" and channel.saleor_id
    assert [cl.location.slug for cl in channel.channel_locations.select_related("location")] == [
        "oms-nyc",
        "oms-chi",
        "oms-dal",
        "oms-lax",
        "oms-sea",
    ]
    assert AuditEvent.objects.filter(tenant=tenant, verb="inventory.imported").count() == 1


def test_a_stock_event_naming_the_wrong_warehouse_is_handled_by_re_reading(
    store, fake_saleor, django_capture_on_commit_callbacks
):
    # given Saleor sold out OMS-SKU-006 in Chicago, and its event names New York (captured)
    tenant, book, skus = store
    capture = json.loads(
        (SHARED_SALEOR / "captures" / "0018-product_variant_out_of_stock.json").read_text()
    )
    payload = json.loads(capture["body"])
    variant = skus["OMS-SKU-006"]
    assert payload["productVariant"]["id"] == variant
    assert payload["warehouse"]["id"] == book.warehouse_id("oms-nyc")
    book.stocks[(variant, book.warehouse_id("oms-chi"))]["quantity"] = 0
    before_nyc = _stock(tenant, book, variant, "oms-nyc").on_hand
    imported = StockMovement.objects.latest("pk").pk
    delivery = Delivery.objects.create(
        tenant=tenant,
        event="PRODUCT_VARIANT_OUT_OF_STOCK",
        dedupe_key="s" * 64,
        payload=payload,
        received_at=timezone.now(),
    )
    # when the delivery is processed (its re-read runs after commit)
    with django_capture_on_commit_callbacks(execute=True):
        status = delivery_process(delivery_id=delivery.pk)
    # then the delivery is done, not skipped, and the ledger holds Saleor's real change
    assert status == "done"
    assert _stock(tenant, book, variant, "oms-chi").on_hand == 0
    assert _stock(tenant, book, variant, "oms-nyc").on_hand == before_nyc
    assert _ledger(tenant) == _saleor(book)
    movement = StockMovement.objects.get(pk__gt=imported)
    assert movement.reason == "SALEOR_SYNC"
    assert (movement.stock.location.slug, movement.source) == ("oms-chi", "saleor")
    # and Saleor was asked about that variant only, and the mark is gone
    reads = fake_saleor.graphql_requests("OmsInventoryVariantStocks")
    assert reads[-1].variables["ids"] == [variant]
    assert not DirtyVariant.objects.exists()


def test_reconciliation_corrects_injected_drift_and_reports_it(store, fake_saleor):
    # given drift on both sides: a Saleor change we missed, a new allocation, a corrupt row
    tenant, book, skus = store
    mug, socks = skus["OMS-SKU-001"], skus["OMS-SKU-002"]
    book.stocks[(mug, book.warehouse_id("oms-nyc"))]["quantity"] = 47
    book.stocks[(socks, book.warehouse_id("oms-chi"))]["allocated"] = 2
    corrupt = _stock(tenant, book, mug, "oms-lax")
    StockLevel.objects.filter(pk=corrupt.pk).update(on_hand=999)
    imported = StockMovement.objects.latest("pk").pk
    # when the reconciliation runs
    report = stock_reconcile(tenant_id=tenant.pk)
    # then exactly those three rows were corrected, each with a SALEOR_SYNC movement
    assert (report.rows_checked, report.rows_corrected) == (57, 3)
    assert (report.on_hand_from_saleor, report.on_hand_ledger_drift, report.allocated_changed) == (
        1,
        1,
        1,
    )
    assert _ledger(tenant) == _saleor(book)
    assert StockMovement.objects.filter(pk__gt=imported, reason="SALEOR_SYNC").count() == 3
    event = AuditEvent.objects.filter(verb="inventory.reconciled").latest("pk")
    assert event.data["rows_corrected"] == 3 and len(event.data["samples"]) == 3
    # and a second run finds nothing
    assert stock_reconcile(tenant_id=tenant.pk).rows_corrected == 0
    assert StockMovement.objects.filter(pk__gt=imported).count() == 3


def test_a_local_change_is_written_back_merged_with_saleors_own_change_once(store, fake_saleor):
    # given 5 mugs restocked here while Saleor shipped 2 of its 50 in New York
    tenant, book, skus = store
    mug, nyc = skus["OMS-SKU-001"], book.warehouse_id("oms-nyc")
    location = _stock(tenant, book, mug, "oms-nyc").location
    stock_adjust(
        tenant_id=tenant.pk,
        location_id=location.pk,
        variant_id=mug,
        delta=5,
        actor=OPERATOR,
        reason=StockMovement.Reason.RETURN_RESTOCK,
    )
    book.stocks[(mug, nyc)]["quantity"] = 48
    # when the write-back runs, twice
    first = write_back_run(tenant_id=tenant.pk)
    second = write_back_run(tenant_id=tenant.pk)
    # then Saleor got 48 + 5 once, by a mutation its schema accepted
    sent = fake_saleor.graphql_requests("OmsInventoryStockBulkUpdate")
    assert len(sent) == 1 and (first.sent, second.sent) == (1, 0)
    assert sent[0].variables == {"stocks": [{"variantId": mug, "warehouseId": nyc, "quantity": 53}]}
    assert sent[0].response["data"]["stockBulkUpdate"]["results"][0]["errors"] == []
    assert book.quantity(mug, nyc) == 53
    stock = _stock(tenant, book, mug, "oms-nyc")
    assert (stock.on_hand, stock.saleor_quantity) == (53, 53)
    assert StockWriteBack.objects.get().state == "DONE"


def test_reserved_units_are_taken_out_of_what_saleor_may_sell(store, fake_saleor):
    tenant, book, skus = store
    mug = skus["OMS-SKU-001"]
    reservation_create(
        tenant_id=tenant.pk,
        channel_slug="oms-us",
        reference="AMZ-1",
        lines=[RequestedLine(mug, 3)],
        actor=OPERATOR,
    )
    write_back_run(tenant_id=tenant.pk)
    assert book.quantity(mug, book.warehouse_id("oms-nyc")) == 47  # NY comes first: 50 - 3
    assert _stock(tenant, book, mug, "oms-nyc").on_hand == 50
    # and a re-read of Saleor does not take the reservation for a change in Saleor
    assert stock_reconcile(tenant_id=tenant.pk).rows_corrected == 0


def test_a_write_back_whose_answer_was_lost_is_not_sent_again(store, fake_saleor, settings):
    # given a restock whose mutation runs in Saleor but answers after our read timeout
    tenant, book, skus = store
    mug, nyc = skus["OMS-SKU-001"], book.warehouse_id("oms-nyc")
    location = _stock(tenant, book, mug, "oms-nyc").location
    stock_adjust(
        tenant_id=tenant.pk, location_id=location.pk, variant_id=mug, delta=5, actor=OPERATOR
    )
    settings.SALEOR_READ_TIMEOUT = 0.5
    book.mutation_delay = 1.0
    with pytest.raises(SaleorTransportError):
        write_back_run(tenant_id=tenant.pk)
    intent = StockWriteBack.objects.get()
    assert (intent.state, intent.sent_quantity, book.quantity(mug, nyc)) == ("PENDING", 55, 55)
    # when the retry runs
    book.mutation_delay = 0.0
    retry = write_back_run(tenant_id=tenant.pk)
    # then Saleor is found holding the value: nothing is sent, nothing counted twice
    assert len(fake_saleor.graphql_requests("OmsInventoryStockBulkUpdate")) == 1
    assert (retry.sent, retry.already_in_sync) == (0, 1)
    stock = _stock(tenant, book, mug, "oms-nyc")
    assert (stock.on_hand, stock.saleor_quantity) == (55, 55)


def test_a_stock_saleor_does_not_have_is_created_with_the_variants_stock_mutation(
    fake_saleor, settings
):
    # given a variant without stock in Seattle, in Saleor and in the ledger
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    cache.clear()
    book = SaleorStockBook(fake_saleor)
    skus = book.seed_scenario()
    socks, sea = skus["OMS-SKU-002"], book.warehouse_id("oms-sea")
    del book.stocks[(socks, sea)]
    tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
    tenant_import_read_models_run(tenant_id=tenant.pk)
    inventory_import_run(tenant_id=tenant.pk)
    location = Location.objects.get(tenant=tenant, saleor_id=sea)
    # when 4 pairs arrive there and are written back
    stock_adjust(
        tenant_id=tenant.pk, location_id=location.pk, variant_id=socks, delta=4, actor=OPERATOR
    )
    write_back_run(tenant_id=tenant.pk)
    # then Saleor has the new stock row
    created = fake_saleor.graphql_requests("OmsInventoryVariantStocksUpdate")
    assert created[0].variables == {
        "variantId": socks,
        "stocks": [{"warehouse": sea, "quantity": 4}],
    }
    assert book.quantity(socks, sea) == 4


def test_an_order_event_re_reads_its_variants_allocations(
    store, fake_saleor, django_capture_on_commit_callbacks
):
    # given Saleor allocated two mugs in New York to a new order (orders fire no stock event)
    tenant, book, skus = store
    capture = next(
        json.loads(path.read_text())
        for path in sorted((SHARED_SALEOR / "captures").glob("*-order_created.json"))
    )
    payload = json.loads(capture["body"])
    variants = {line["variant"]["id"] for line in payload["order"]["lines"]}
    mug = next(iter(sorted(variants)))
    nyc = book.warehouse_id("oms-nyc")
    book.stocks.setdefault((mug, nyc), {"quantity": 5, "allocated": 0})["allocated"] = 2
    delivery = Delivery.objects.create(
        tenant=tenant,
        event="ORDER_CREATED",
        dedupe_key="o" * 64,
        payload=payload,
        received_at=timezone.now(),
    )
    # when the order delivery is processed
    with django_capture_on_commit_callbacks(execute=True):
        delivery_process(delivery_id=delivery.pk)
    # then the order's variants were re-read, and the allocation is in the ledger
    assert set(fake_saleor.graphql_requests("OmsInventoryVariantStocks")[-1].variables["ids"]) == (
        variants
    )
    assert _stock(tenant, book, mug, "oms-nyc").allocated == 2
    assert _ledger(tenant) == _saleor(book)


def test_a_row_saleor_refuses_is_marked_failed_and_not_retried_blindly(store, fake_saleor):
    # given a restock at a stock Saleor deleted meanwhile (stockBulkUpdate answers NOT_FOUND)
    tenant, book, skus = store
    mug, nyc = skus["OMS-SKU-001"], book.warehouse_id("oms-nyc")
    stock = _stock(tenant, book, mug, "oms-nyc")
    stock_adjust(
        tenant_id=tenant.pk, location_id=stock.location_id, variant_id=mug, delta=1, actor=OPERATOR
    )
    real = book._stock_bulk_update

    def deleted_meanwhile(fake, stocks, **kwargs):
        book.stocks.pop((mug, nyc), None)
        return real(fake, stocks, **kwargs)

    fake_saleor.add_mutation("stockBulkUpdate", deleted_meanwhile, permissions=("MANAGE_PRODUCTS",))
    # when the write-back runs
    report = write_back_run(tenant_id=tenant.pk)
    # then the intent failed with Saleor's code and nothing pretends Saleor has the value
    intent = StockWriteBack.objects.get()
    assert (report.failed, intent.state) == (1, "FAILED")
    assert "NOT_FOUND" in intent.last_error
    assert _stock(tenant, book, mug, "oms-nyc").saleor_quantity == 50
