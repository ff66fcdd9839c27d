"""The layout: zones, bins, slotting (one at a time and by CSV), boxes, variant dimensions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.layout import (
    BinInput,
    BoxTypeInput,
    DimensionsInput,
    bin_save,
    box_type_save,
    dimensions_set,
    zone_delete,
)
from saleor_oms_plugin.warehouse.models import Bin, BoxType, Slot, Zone
from saleor_oms_plugin.warehouse.selectors import variant_profiles, variant_weights_from_orders
from saleor_oms_plugin.warehouse.slotting_csv import SlottingCsvInvalid, slotting_import
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import STAFF, aisle

pytestmark = pytest.mark.django_db


@pytest.fixture
def location(capture_tenant):
    location = make_location(capture_tenant, "LA")
    aisle(capture_tenant, location)
    return location


def test_a_walking_sequence_number_belongs_to_one_bin(capture_tenant, location):
    with pytest.raises(WarehouseError) as refused:
        bin_save(
            tenant_id=capture_tenant.pk,
            data=BinInput(location.pk, "A-9", "A", sequence=1),
            actor=STAFF,
        )

    assert refused.value.code is WarehouseErrorCode.DUPLICATE
    assert not Bin.objects.filter(code="A-9").exists()


def test_a_bin_moves_to_another_zone_and_place(capture_tenant, location):
    moved = bin_save(
        tenant_id=capture_tenant.pk,
        data=BinInput(location.pk, "A-1", "B", sequence=99, x=4.0, y=7.5),
        actor=STAFF,
    )

    assert (moved.zone.code, moved.sequence, moved.x, moved.y) == ("B", 99, 4.0, 7.5)
    assert Bin.objects.filter(location=location).count() == 5


def test_a_zone_with_bins_is_not_deleted(capture_tenant, location):
    zone = Zone.objects.get(location=location, code="A")

    with pytest.raises(WarehouseError) as refused:
        zone_delete(tenant_id=capture_tenant.pk, zone_id=zone.pk, actor=STAFF)

    assert refused.value.code is WarehouseErrorCode.IN_USE


def test_a_slotting_csv_moves_and_adds_skus(capture_tenant, location):
    result = slotting_import(
        tenant_id=capture_tenant.pk,
        location_id=location.pk,
        csv_text="SKU,Bin\nSKU-0,B-2\nNEW,A-2\nSKU-1,A-2\n",
        actor=STAFF,
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    slotting = dict(Slot.objects.filter(location=location).values_list("sku", "bin__code"))
    assert slotting["SKU-0"] == "B-2" and slotting["NEW"] == "A-2"
    assert AuditEvent.objects.filter(verb="warehouse_slotting.imported").count() == 1


def test_a_csv_with_any_bad_row_changes_nothing_and_names_every_bad_row(capture_tenant, location):
    before = list(Slot.objects.order_by("pk").values_list("sku", "bin_id"))

    with pytest.raises(SlottingCsvInvalid) as refused:
        slotting_import(
            tenant_id=capture_tenant.pk,
            location_id=location.pk,
            csv_text="sku,bin\nSKU-0,B-2\nSKU-1,Z-9\n,A-1\nSKU-0,A-3\n",
            actor=STAFF,
        )

    assert [(row.line, row.message) for row in refused.value.rows] == [
        (3, "no bin Z-9 at this location"),
        (4, "the SKU is empty"),
        (5, "SKU-0 is on line 2 already"),
    ]
    assert list(Slot.objects.order_by("pk").values_list("sku", "bin_id")) == before


def test_a_csv_without_the_columns_is_refused(capture_tenant, location):
    with pytest.raises(SlottingCsvInvalid) as refused:
        slotting_import(
            tenant_id=capture_tenant.pk, location_id=location.pk, csv_text="a,b\n1,2\n", actor=STAFF
        )

    assert refused.value.rows[0].line == 1


def test_another_tenants_bins_are_not_slotting_targets(capture_tenant, location):
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")

    with pytest.raises(WarehouseError) as refused:
        slotting_import(
            tenant_id=other.pk, location_id=location.pk, csv_text="sku,bin\nX,A-1\n", actor=STAFF
        )

    assert refused.value.code is WarehouseErrorCode.LOCATION_NOT_FOUND


def test_box_types_check_their_sizes_and_currency(capture_tenant, location):
    box = box_type_save(
        tenant_id=capture_tenant.pk,
        data=BoxTypeInput(location.pk, "S", 200, 100, 150, 5000, cost="0.45", currency="usd"),
        actor=STAFF,
    )
    assert (box.cost, box.currency) == (Decimal("0.45"), "USD")

    for bad, field in (
        (BoxTypeInput(location.pk, "M", 0, 100, 150, 5000), "inner_width_mm"),
        (BoxTypeInput(location.pk, "M", 10, 100, 150, 0), "max_weight_g"),
        (BoxTypeInput(location.pk, "M", 10, 10, 10, 10, cost="1.00"), "currency"),
        (BoxTypeInput(location.pk, "M", 10, 10, 10, 10, cost="x"), "cost"),
    ):
        with pytest.raises(WarehouseError) as refused:
            box_type_save(tenant_id=capture_tenant.pk, data=bad, actor=STAFF)
        assert refused.value.field == field
    assert list(BoxType.objects.values_list("code", flat=True)) == ["S"]


def test_dimensions_are_all_three_sides_or_none(capture_tenant):
    with pytest.raises(WarehouseError) as refused:
        dimensions_set(
            tenant_id=capture_tenant.pk,
            data=DimensionsInput("variant-1", width_mm=10, height_mm=10),
            actor=STAFF,
        )
    assert refused.value.field == "width_mm"

    saved = dimensions_set(
        tenant_id=capture_tenant.pk,
        data=DimensionsInput("variant-1", sku="MUG", width_mm=90, height_mm=100, depth_mm=90),
        actor=STAFF,
    )
    assert (saved.width_mm, saved.weight_g) == (90, None)


def test_weights_default_to_what_saleor_sent_on_order_lines(capture_tenant):
    order = make_order(capture_tenant, 1, lines=1)
    OrderLine.objects.filter(order=order).update(
        variant_id="variant-1", unit_weight_kg=Decimal("0.3500")
    )

    weights = variant_weights_from_orders(
        tenant_id=capture_tenant.pk, variant_ids=["variant-1", "variant-2"]
    )

    assert weights == {"variant-1": 350}


def test_a_variant_profile_takes_what_is_entered_else_saleors_weight(capture_tenant):
    order = make_order(capture_tenant, 1, lines=2)
    lines = list(OrderLine.objects.filter(order=order).order_by("position"))
    for line, variant in zip(lines, ("variant-1", "variant-2"), strict=True):
        line.variant_id, line.unit_weight_kg = variant, Decimal("1.2")
        line.save()
    dimensions_set(
        tenant_id=capture_tenant.pk,
        data=DimensionsInput(
            "variant-1", width_mm=10, height_mm=20, depth_mm=30, weight_g=250, keep_upright=True
        ),
        actor=STAFF,
    )

    profiles = variant_profiles(
        tenant_id=capture_tenant.pk, variant_ids=["variant-1", "variant-2", "variant-3"]
    )

    assert [(p.sides_mm, p.weight_g, p.keep_upright) for p in profiles.values()] == [
        ((10, 20, 30), 250, True),
        (None, 1200, False),
        (None, None, False),
    ]
