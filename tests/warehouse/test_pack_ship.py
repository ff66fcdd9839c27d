"""Pack station and shipping: scans verified, parcels weighed, one label per parcel, Saleor's
approval before a release is shipped, voids and manifests."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode
from saleor_oms_plugin.carriers.own_fleet import OwnFleetCarrier
from saleor_oms_plugin.core.events import Published, listen
from saleor_oms_plugin.rules.triggers import trigger_event_fields
from saleor_oms_plugin.saleor.errors import (
    MutationError,
    SaleorMutationError,
    SaleorTransportError,
)
from saleor_oms_plugin.warehouse import ship_saleor, shipping
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.manifests import manifest_close
from saleor_oms_plugin.warehouse.models import Parcel, Release, ShippingLabel
from saleor_oms_plugin.warehouse.pack_task import pack_lookup, pack_task_build
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.ship_saleor import ship_in_saleor
from saleor_oms_plugin.warehouse.shipping import parcel_void, release_ship
from tests.fixtures.packing import SaleorShipStandIn, pack_shop, picked_release
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import STAFF

pytestmark = pytest.mark.django_db

published: list[Published] = []
listen(published.append)


@pytest.fixture
def shop():
    tenant = make_capture_tenant()
    return tenant, pack_shop(tenant)


@pytest.fixture
def saleor(monkeypatch):
    stand_in = SaleorShipStandIn()
    monkeypatch.setattr(ship_saleor, "ship_fulfillment", stand_in)
    return stand_in


def _scan(release, code, quantity=1):
    return pack_scan(
        tenant_id=release.tenant_id,
        release_id=release.pk,
        code=code,
        quantity=quantity,
        actor=STAFF,
    )


def _close(release, box="SMALL", grams=1240, override=False):
    return pack_parcel_close(
        tenant_id=release.tenant_id,
        release_id=release.pk,
        box_code=box,
        weight_g=grams,
        override=override,
        actor=STAFF,
    )


def _pack_all(release):
    _scan(release, "SKU-0", 2)
    _scan(release, "4000000000001", 2)  # SKU-1 by its barcode
    _close(release, "LARGE", 4 * 300 + 150)
    release.refresh_from_db()


def _code(call):
    with pytest.raises(WarehouseError) as caught:
        call()
    return caught.value.code.value


def test_a_wrong_item_or_one_too_many_is_refused_and_nothing_is_recorded(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)

    assert _code(lambda: _scan(release, "SKU-9")) == "WRONG_ITEM"
    assert _code(lambda: _scan(release, "SKU-0", 3)) == "TOO_MANY"
    assert not Parcel.objects.exists()

    _scan(release, "SKU-0", 2)
    assert _code(lambda: _scan(release, "4000000000000")) == "TOO_MANY"
    assert Parcel.objects.get().items == {f"line-{release.order_id}-0": 2}


def test_the_task_lists_lines_suggests_boxes_and_expects_the_weight(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _scan(release, "SKU-0")

    task = pack_task_build(release)

    assert [(line.sku, line.scanned, line.quantity) for line in task.lines] == [
        ("SKU-0", 1, 2),
        ("SKU-1", 0, 2),
    ]
    assert not task.complete
    best = task.suggestions[0]
    # four units of 100×100×50 mm go in one SMALL box (200×150×100)
    assert [b.code for b in best.boxes] == ["SMALL"]
    assert best.boxes[0].weight_g == 4 * 300 + 40
    assert task.expected_weight_g == 300 + 40  # the open parcel's unit and SMALL's tare
    assert task.weight_tolerance_g == 50


def test_a_parcel_off_its_weight_is_refused_unless_overridden(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _scan(release, "SKU-0", 2)
    _scan(release, "SKU-1", 2)

    assert _code(lambda: _close(release, "SMALL", 1500)) == "WEIGHT_MISMATCH"
    assert Parcel.objects.get().state == Parcel.State.OPEN
    assert _code(lambda: _close(release, "NOPE", 1240)) == "UNKNOWN_BOX"

    _close(release, "SMALL", 1500, override=True)

    parcel = Parcel.objects.get()
    assert (parcel.state, parcel.expected_weight_g, parcel.weight_override) == (
        "closed",
        1240,
        True,
    )
    release.refresh_from_db()
    assert release.state == Release.State.PACKED


def test_a_release_is_packed_only_when_every_unit_is_in_a_closed_parcel(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _scan(release, "SKU-0", 2)
    _close(release, "SMALL", 640)
    release.refresh_from_db()
    assert release.state == Release.State.PICKED
    _scan(release, "SKU-1", 2)
    _close(release, "SMALL", 640)
    release.refresh_from_db()
    assert release.state == Release.State.PACKED
    assert Parcel.objects.filter(state="closed").count() == 2


def test_lookup_by_order_number_release_id_and_tote(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 7)
    found = [
        pack_lookup(tenant_id=tenant.pk, location_id=location.pk, scan=scan)
        for scan in ("7", "#7", to_global_id("OmsWarehouseRelease", release.pk), "nothing")
    ]
    assert found[:3] == [release, release, release]
    assert found[3] is None


def test_shipping_labels_each_parcel_once_then_saleor_approves(
    shop, saleor, django_capture_on_commit_callbacks
):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _pack_all(release)

    with django_capture_on_commit_callbacks(execute=True):
        release_ship(
            tenant_id=tenant.pk,
            release_id=release.pk,
            carrier="own_fleet",
            service=None,
            tracking_number=None,
            actor=STAFF,
        )

    parcel = Parcel.objects.get()
    label = ShippingLabel.objects.get()
    assert label.state == "issued" and label.label.startswith(b"%PDF")
    assert parcel.state == Parcel.State.SHIPPED and parcel.tracking_number.startswith("OF")
    assert saleor.calls == [
        {
            "fulfillment_id": release.saleor_fulfillment_id,
            "tracking_number": parcel.tracking_number,
            "notify_customer": True,
            "order_id": release.order.saleor_id,
        }
    ]
    release.refresh_from_db()
    assert release.state == Release.State.SHIPPED
    shipped = [p for p in published if p.event.value == "fulfillment.shipped"]
    assert shipped[-1].facts["tracking_numbers"] == [parcel.tracking_number]
    # and what it carries is what the trigger declares to rules (event.<key>)
    assert set(shipped[-1].facts) == set(trigger_event_fields("fulfillment.shipped"))

    # shipping again changes nothing and asks nobody
    release_ship(
        tenant_id=tenant.pk,
        release_id=release.pk,
        carrier="own_fleet",
        service=None,
        tracking_number=None,
        actor=STAFF,
    )
    assert ShippingLabel.objects.count() == 1 and len(saleor.calls) == 1


def test_a_refusal_by_saleor_keeps_the_release_packed_and_says_why(shop, saleor):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _pack_all(release)
    release_ship(
        tenant_id=tenant.pk,
        release_id=release.pk,
        carrier="own_fleet",
        service="standard",
        tracking_number="TRACK-1",
        actor=STAFF,
    )
    saleor.raises.append(
        SaleorMutationError("fulfillmentApprove", [MutationError(None, "not waiting", "INVALID")])
    )
    assert ship_in_saleor(tenant_id=tenant.pk, release_id=release.pk, client=object()) == "packed"
    release.refresh_from_db()
    assert release.ship_error and release.state == Release.State.PACKED
    assert Parcel.objects.get().tracking_number == "TRACK-1"

    saleor.raises.append(SaleorTransportError("down"))
    with pytest.raises(SaleorTransportError):
        ship_in_saleor(tenant_id=tenant.pk, release_id=release.pk, client=object())

    assert ship_in_saleor(tenant_id=tenant.pk, release_id=release.pk, client=object()) == "shipped"


def test_a_crash_after_the_carrier_answered_does_not_buy_a_second_label(shop, monkeypatch):
    """The worker dies after the carrier sold the label but before the answer is stored: the
    retry finds the pending intent and asks again with the same reference."""
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _pack_all(release)
    asked: list[str] = []
    real = OwnFleetCarrier.create_label

    def dying(self, shipment):
        asked.append(shipment.reference)
        result = real(self, shipment)
        if len(asked) == 1:
            raise KeyboardInterrupt  # the process dies here
        return result

    monkeypatch.setattr(OwnFleetCarrier, "create_label", dying)
    with pytest.raises(KeyboardInterrupt):
        release_ship(
            tenant_id=tenant.pk,
            release_id=release.pk,
            carrier="own_fleet",
            service=None,
            tracking_number=None,
            actor=STAFF,
        )
    assert ShippingLabel.objects.get().state == "pending"
    # the dead worker's lease runs out
    ShippingLabel.objects.update(lease_until=None)

    release_ship(
        tenant_id=tenant.pk,
        release_id=release.pk,
        carrier="own_fleet",
        service=None,
        tracking_number=None,
        actor=STAFF,
    )

    label = ShippingLabel.objects.get()
    assert label.state == "issued" and label.attempts == 2
    assert asked == [label.reference, label.reference]


def test_a_carrier_refusal_fails_the_label_and_shipping_again_retries_it(shop, monkeypatch):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    _pack_all(release)

    def refuse(self, shipment):
        raise CarrierError(CarrierErrorCode.REJECTED, "address not served")

    monkeypatch.setattr(OwnFleetCarrier, "create_label", refuse)
    ship = dict(
        tenant_id=tenant.pk,
        release_id=release.pk,
        carrier="own_fleet",
        service=None,
        tracking_number=None,
        actor=STAFF,
    )
    assert _code(lambda: release_ship(**ship)) == "CARRIER_REFUSED"
    assert ShippingLabel.objects.get().state == "failed"
    monkeypatch.undo()
    release_ship(**ship)
    assert ShippingLabel.objects.get().state == "issued"
    assert ShippingLabel.objects.count() == 1


def test_bad_ship_requests_are_refused_and_nothing_is_written(shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    ship = dict(tenant_id=tenant.pk, release_id=release.pk, tracking_number=None, actor=STAFF)
    assert _code(lambda: release_ship(carrier="nope", service=None, **ship)) == "UNKNOWN_CARRIER"
    assert _code(lambda: release_ship(carrier="own_fleet", service="express", **ship)) == "INVALID"
    assert _code(lambda: release_ship(carrier="own_fleet", service=None, **ship)) == (
        "NOT_SHIPPABLE"
    )
    release.refresh_from_db()
    assert release.ship_carrier == "" and not ShippingLabel.objects.exists()


def test_void_sends_the_units_back_to_packing_and_manifests_skip_voided_parcels(shop):
    tenant, location = shop
    first = picked_release(tenant, location, 1)
    second = picked_release(tenant, location, 2)
    for release in (first, second):
        _pack_all(release)
        release_ship(
            tenant_id=tenant.pk,
            release_id=release.pk,
            carrier="own_fleet",
            service=None,
            tracking_number=None,
            actor=STAFF,
        )
    voided = Parcel.objects.get(release=first)

    parcel_void(tenant_id=tenant.pk, parcel_id=voided.pk, actor=STAFF)

    voided.refresh_from_db()
    first.refresh_from_db()
    assert voided.state == "voided" and voided.label.state == "voided"
    assert first.state == Release.State.PICKED
    assert pack_task_build(first).lines[0].scanned == 0
    manifest = manifest_close(
        tenant_id=tenant.pk, location_id=location.pk, carrier="own_fleet", actor=STAFF
    )
    assert manifest.parcel_count == 1
    assert bytes(manifest.document).decode().splitlines()[1].split(",")[1] == "2"
    assert (
        _code(
            lambda: manifest_close(
                tenant_id=tenant.pk, location_id=location.pk, carrier="own_fleet", actor=STAFF
            )
        )
        == "NOTHING_TO_MANIFEST"
    )
    on_manifest = Parcel.objects.get(release=second)
    assert (
        _code(lambda: parcel_void(tenant_id=tenant.pk, parcel_id=on_manifest.pk, actor=STAFF))
        == "NOT_VOIDABLE"
    )


def test_the_label_reference_is_stable_per_parcel():
    assert shipping.label_reference(3, 14) == shipping.label_reference(3, 14) == "oms-3-parcel-14"
