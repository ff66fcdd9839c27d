"""The stock ledger: atomic changes with movements, constraints, available-to-sell per channel."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement, StockWriteBack
from saleor_oms_plugin.inventory.selectors import buffered, channel_availability
from saleor_oms_plugin.inventory.services import channel_buffer_set, safety_stock_set, stock_adjust
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, make_channel, make_stock

pytestmark = pytest.mark.django_db
VARIANT = "UHJvZHVjdFZhcmlhbnQ6NDA3"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def test_an_adjustment_changes_on_hand_logs_a_movement_and_opens_one_write_back(capture_tenant):
    # given a location with 4 units of a variant
    la = make_location(capture_tenant, "LA")
    stock = make_stock(capture_tenant, la, VARIANT, on_hand=4, saleor_quantity=4)
    # when two restocks arrive
    stock_adjust(
        tenant_id=capture_tenant.pk,
        location_id=la.pk,
        variant_id=VARIANT,
        delta=3,
        actor=OPERATOR,
        reason=StockMovement.Reason.RETURN_RESTOCK,
        reference="RMA-1",
    )
    stock_adjust(
        tenant_id=capture_tenant.pk,
        location_id=la.pk,
        variant_id=VARIANT,
        delta=2,
        actor=OPERATOR,
        note="found in aisle 3",
    )
    # then on hand is 9, each change is a movement with its reason, source and result
    stock.refresh_from_db()
    assert (stock.on_hand, stock.version) == (9, 2)
    movements = list(StockMovement.objects.filter(stock=stock))
    assert [
        (m.reason, m.source, m.reference, m.on_hand_delta, m.on_hand_after) for m in movements
    ] == [
        ("RETURN_RESTOCK", "oms", "RMA-1", 3, 7),
        ("MANUAL_ADJUSTMENT", "oms", "", 2, 9),
    ]
    assert movements[0].actor_type == "operator" and movements[1].note == "found in aisle 3"
    # and one open write-back carries both changes to Saleor
    assert list(StockWriteBack.objects.values_list("stock_id", "state")) == [(stock.pk, "PENDING")]


def test_removing_more_than_is_on_hand_is_refused_and_changes_nothing(capture_tenant):
    # given 2 units on hand
    la = make_location(capture_tenant, "LA")
    stock = make_stock(capture_tenant, la, VARIANT, on_hand=2)
    # when 3 are removed
    with pytest.raises(InventoryError) as refused:
        stock_adjust(
            tenant_id=capture_tenant.pk,
            location_id=la.pk,
            variant_id=VARIANT,
            delta=-3,
            actor=OPERATOR,
        )
    # then the refusal is NEGATIVE_STOCK and nothing moved
    assert refused.value.code is InventoryErrorCode.NEGATIVE_STOCK
    stock.refresh_from_db()
    assert (stock.on_hand, stock.version) == (2, 0)
    assert not StockMovement.objects.exists() and not StockWriteBack.objects.exists()


@pytest.mark.parametrize("reason", ["SALEOR_SYNC", "RESERVATION", "FULFILMENT"])
def test_reasons_owned_by_other_services_are_not_adjustments(capture_tenant, reason):
    la = make_location(capture_tenant, "LA")
    with pytest.raises(InventoryError) as refused:
        stock_adjust(
            tenant_id=capture_tenant.pk,
            location_id=la.pk,
            variant_id=VARIANT,
            delta=1,
            actor=OPERATOR,
            reason=reason,
        )
    assert refused.value.code is InventoryErrorCode.INVALID_QUANTITY
    assert not StockLevel.objects.exists()


def test_an_adjustment_at_another_tenants_location_is_refused(capture_tenant):
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    theirs = make_location(other, "NY")
    with pytest.raises(InventoryError) as refused:
        stock_adjust(
            tenant_id=capture_tenant.pk,
            location_id=theirs.pk,
            variant_id=VARIANT,
            delta=1,
            actor=OPERATOR,
        )
    assert refused.value.code is InventoryErrorCode.LOCATION_NOT_FOUND
    assert not StockLevel.objects.exists()


@pytest.mark.parametrize("column", ["on_hand", "allocated", "reserved", "safety_stock"])
def test_the_database_refuses_negative_quantities(capture_tenant, column):
    stock = make_stock(capture_tenant, make_location(capture_tenant, "LA"), VARIANT, on_hand=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(pk=stock.pk).update(**{column: -1})


def test_movements_are_append_only_in_the_database(capture_tenant):
    la = make_location(capture_tenant, "LA")
    movement = stock_adjust(
        tenant_id=capture_tenant.pk, location_id=la.pk, variant_id=VARIANT, delta=1, actor=OPERATOR
    )
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(on_hand_delta=100)


def test_available_to_sell_sums_the_channels_locations_and_applies_its_buffer(capture_tenant):
    # given three locations, one over-allocated by Saleor, and one not serving the channel
    la, ny, sf = (make_location(capture_tenant, name) for name in ("LA", "NY", "SF"))
    make_stock(capture_tenant, la, VARIANT, on_hand=20, allocated=3, reserved=2, safety_stock=1)
    make_stock(capture_tenant, ny, VARIANT, on_hand=2, allocated=3)  # Saleor's over-allocation
    make_stock(capture_tenant, sf, VARIANT, on_hand=100)
    channel = make_channel(capture_tenant, "marketplace", [la, ny])
    # when the channel's availability is read without and with buffers
    plain = channel_availability(
        tenant_id=capture_tenant.pk, channel=channel, variant_ids=[VARIANT, "unknown"]
    )
    channel_buffer_set(
        tenant_id=capture_tenant.pk, slug="marketplace", kind="PERCENT", value=25, actor=OPERATOR
    )
    channel.refresh_from_db()
    percent = channel_availability(
        tenant_id=capture_tenant.pk, channel=channel, variant_ids=[VARIANT]
    )
    # then LA gives 14, NY nothing (not minus one), SF is not counted; 25 % off rounds down
    assert [(a.variant_id, a.on_hand, a.available, a.available_to_sell) for a in plain] == [
        (VARIANT, 22, 14, 14),
        ("unknown", 0, 0, 0),
    ]
    assert percent[0].available_to_sell == 10


@pytest.mark.parametrize(
    ("total", "kind", "value", "shown"),
    [
        (10, "NONE", 0, 10),
        (10, "FIXED", 3, 7),
        (2, "FIXED", 5, 0),
        (10, "PERCENT", 15, 8),
        (10, "PERCENT", 100, 0),
        (0, "PERCENT", 0, 0),
    ],
)
def test_buffers(total, kind, value, shown):
    assert buffered(total, kind=kind, value=value) == shown


def test_a_percentage_buffer_above_100_is_refused_and_nothing_changes(capture_tenant):
    make_channel(capture_tenant, "marketplace", [], buffer_kind="FIXED", buffer_value=2)
    with pytest.raises(InventoryError) as refused:
        channel_buffer_set(
            tenant_id=capture_tenant.pk,
            slug="marketplace",
            kind="PERCENT",
            value=101,
            actor=OPERATOR,
        )
    assert refused.value.code is InventoryErrorCode.INVALID_BUFFER
    from saleor_oms_plugin.inventory.models import Channel

    assert Channel.objects.values_list("buffer_kind", "buffer_value").get() == ("FIXED", 2)


def test_safety_stock_is_set_absolutely_and_logged(capture_tenant):
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, VARIANT, on_hand=10)
    safety_stock_set(
        tenant_id=capture_tenant.pk,
        location_id=la.pk,
        variant_id=VARIANT,
        quantity=4,
        actor=OPERATOR,
    )
    stock = safety_stock_set(
        tenant_id=capture_tenant.pk,
        location_id=la.pk,
        variant_id=VARIANT,
        quantity=1,
        actor=OPERATOR,
    )
    assert (stock.safety_stock, stock.available) == (1, 9)
    assert list(StockMovement.objects.values_list("reason", "safety_stock_delta")) == [
        ("SAFETY_STOCK", 4),
        ("SAFETY_STOCK", -3),
    ]
    # safety stock never reaches Saleor: it changes nothing Saleor holds
    assert not StockWriteBack.objects.exists()


def test_a_change_to_a_stock_level_that_does_not_exist_is_refused_by_name():
    origin = Origin(reason=StockMovement.Reason.MANUAL_ADJUSTMENT, source="oms", actor=OPERATOR)
    with pytest.raises(InventoryError) as refused:
        stock_change(stock_id=987654, change=Change(on_hand=1), origin=origin)
    assert (refused.value.code, refused.value.field) == (
        InventoryErrorCode.STOCK_NOT_FOUND,
        "stock",
    )
    assert not StockMovement.objects.exists()
