"""Picks by scan: wrong bin, item or count refused with nothing written; short picks reach
fulfilment's short-pick path through the published ``pick.short``."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.fulfilment import published as fulfilment_published
from saleor_oms_plugin.fulfilment import services as fulfilment_services
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.layout import DimensionsInput, dimensions_set
from saleor_oms_plugin.warehouse.models import PickList, PickListLine, PickSplit, Wave
from saleor_oms_plugin.warehouse.picking import missing_per_line, pick_scan, pick_short
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave(capture_tenant):
    """One release of two SKU-0 and three SKU-3, in a discrete wave."""
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location, strategy="discrete")
    aisle(capture_tenant, location)
    shipment = apply_shipment(
        make_order(capture_tenant, 1, lines=1), location, lines=[("SKU-0", 2), ("SKU-3", 3)]
    )
    wave = wave_create(tenant_id=capture_tenant.pk, location_id=location.pk, actor=STAFF)
    wave_release(tenant_id=capture_tenant.pk, wave_id=wave.pk, actor=STAFF)
    return wave, shipment


def _line(sku):
    return PickListLine.objects.get(sku=sku)


def _scan(tenant, line, bin_code, item, quantity, **extra):
    return pick_scan(
        tenant_id=tenant.pk,
        line_id=line.pk,
        bin_code=bin_code,
        item_code=item,
        quantity=quantity,
        actor=STAFF,
        **extra,
    )


@pytest.mark.parametrize(
    ("bin_code", "item", "quantity", "code"),
    [
        ("A-2", "SKU-0", 1, WarehouseErrorCode.WRONG_BIN),
        ("A-1", "SKU-3", 1, WarehouseErrorCode.WRONG_ITEM),
        ("A-1", "SKU-0", 3, WarehouseErrorCode.OVER_QUANTITY),
        ("A-1", "SKU-0", 0, WarehouseErrorCode.INVALID),
    ],
    ids=["wrong-bin", "wrong-item", "over-quantity", "zero"],
)
def test_a_wrong_scan_is_refused_and_nothing_is_recorded(
    capture_tenant, wave, bin_code, item, quantity, code
):
    line = _line("SKU-0")
    audited = AuditEvent.objects.count()

    with pytest.raises(WarehouseError) as refused:
        _scan(capture_tenant, line, bin_code, item, quantity)

    assert refused.value.code is code
    assert refused.value.message
    line.refresh_from_db()
    assert line.picked == 0
    assert set(PickSplit.objects.values_list("picked", flat=True)) == {0}
    assert set(PickList.objects.values_list("state", flat=True)) == {"open"}
    assert AuditEvent.objects.count() == audited


def test_scanning_every_unit_picks_the_release_and_finishes_the_wave(capture_tenant, wave):
    wave_row, shipment = wave
    dimensions_set(
        tenant_id=capture_tenant.pk,
        data=DimensionsInput("variant-SKU-3", sku="SKU-3", barcode="4006381333931"),
        actor=STAFF,
    )

    _scan(capture_tenant, _line("SKU-0"), "A-1", "SKU-0", 1)
    assert Wave.objects.get().state == "picking"
    assert PickList.objects.get().state == "picking"
    _scan(capture_tenant, _line("SKU-0"), "A-1", "SKU-0", 1)
    _scan(capture_tenant, _line("SKU-3"), " B-1 ", "4006381333931", 3)  # by barcode

    assert PickList.objects.get().state == "done"
    assert Wave.objects.get().state == "done"
    assert release_of(shipment).state == "picked"
    assert AuditEvent.objects.filter(verb="pick.confirmed").count() == 3


def test_another_tenant_cannot_scan_the_line(capture_tenant, wave):
    from tests.fixtures.tenants import make_capture_tenant

    other = make_capture_tenant(api_url="https://other.example.com/graphql/")

    with pytest.raises(WarehouseError) as refused:
        _scan(other, _line("SKU-0"), "A-1", "SKU-0", 1)

    assert refused.value.code is WarehouseErrorCode.NOT_FOUND


def test_a_short_pick_reaches_fulfilments_short_pick_path(
    capture_tenant, wave, monkeypatch, django_capture_on_commit_callbacks
):
    _, shipment = wave
    heard = []
    monkeypatch.setattr(
        fulfilment_published,
        "short_pick_report",
        lambda **kwargs: heard.append(kwargs),
    )

    with django_capture_on_commit_callbacks(execute=True):
        _scan(capture_tenant, _line("SKU-0"), "A-1", "SKU-0", 2)
        pick_short(tenant_id=capture_tenant.pk, line_id=_line("SKU-3").pk, quantity=1, actor=STAFF)
    assert heard == [], "reported once the release has no open units"
    with django_capture_on_commit_callbacks(execute=True):
        _scan(capture_tenant, _line("SKU-3"), "B-1", "SKU-3", 2)

    release = release_of(shipment)
    line_id = shipment.lines[1]["line_id"]
    assert (release.state, release.short_lines) == ("short_picked", {line_id: 1})
    assert heard == [
        {
            "tenant_id": capture_tenant.pk,
            "shipment_id": shipment.pk,
            "missing": {line_id: 1},
            "actor": heard[0]["actor"],
        }
    ]
    assert PickList.objects.get().state == "done"


def test_a_short_pick_moves_fulfilments_shipment_for_real(
    capture_tenant, wave, monkeypatch, django_capture_on_commit_callbacks
):
    _, shipment = wave
    processed = []
    # (the task that then cancels the fulfilment in Saleor is fulfilment's, tested there)
    monkeypatch.setattr(
        fulfilment_services,
        "short_pick_process_after_commit",
        lambda **kwargs: processed.append(kwargs),
    )

    pick_short(tenant_id=capture_tenant.pk, line_id=_line("SKU-0").pk, quantity=2, actor=STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        pick_short(tenant_id=capture_tenant.pk, line_id=_line("SKU-3").pk, quantity=3, actor=STAFF)
        shipment.refresh_from_db()
        assert shipment.state == "applied", "fulfilment acts once the warehouse committed"

    shipment.refresh_from_db()
    assert shipment.state == "short_picked"
    assert processed == [{"tenant_id": capture_tenant.pk, "shipment_id": shipment.pk}]
    assert shipment.short_lines == {
        shipment.lines[0]["line_id"]: 2,
        shipment.lines[1]["line_id"]: 3,
    }


def test_missing_units_spread_over_the_lines_of_the_sku():
    lines = [
        {"line_id": "L1", "sku": "A", "quantity": 2},
        {"line_id": "L2", "sku": "B", "quantity": 1},
        {"line_id": "L3", "sku": "A", "quantity": 4},
    ]

    assert missing_per_line(lines, {"A": 3, "B": 1}) == {"L1": 2, "L2": 1, "L3": 1}


def test_fulfilment_listens_for_the_warehouses_name():
    assert fulfilment_published.WAREHOUSE_SHORT_PICK == WarehouseEvent.PICK_SHORT.value


def test_a_scan_into_a_named_tote_fills_only_that_tote(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location, strategy="batch")
    aisle(capture_tenant, location)
    for number in (1, 2):
        apply_shipment(make_order(capture_tenant, number, lines=1), location)  # two SKU-0 each
    wave = wave_create(tenant_id=capture_tenant.pk, location_id=location.pk, actor=STAFF)
    wave_release(tenant_id=capture_tenant.pk, wave_id=wave.pk, actor=STAFF)
    line = _line("SKU-0")
    assert line.quantity == 4

    _scan(capture_tenant, line, "A-1", "SKU-0", 2, tote=2)

    assert dict(PickSplit.objects.values_list("tote", "picked")) == {1: 0, 2: 2}
    with pytest.raises(WarehouseError) as refused:
        _scan(capture_tenant, line, "A-1", "SKU-0", 1, tote=2)
    assert refused.value.code is WarehouseErrorCode.OVER_QUANTITY
    assert PickListLine.objects.get(pk=line.pk).picked == 2
