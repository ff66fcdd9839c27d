"""Property: a label is never issued twice for a parcel, whatever the carrier does on each
attempt (answers, is down, refuses, or the worker dies right after the carrier sold the
label) and however often shipping is retried."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode
from saleor_oms_plugin.carriers.own_fleet import OwnFleetCarrier
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Parcel, ShippingLabel
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.shipping import release_ship
from tests.fixtures.packing import pack_shop, picked_release
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import STAFF

pytestmark = pytest.mark.django_db

OUTCOMES = ("ok", "down", "refused", "crash")
numbers = itertools.count(1)


class Crash(BaseException):
    """The worker process dies (not an error anybody handles)."""


@pytest.fixture(scope="function")
def shop():
    tenant = make_capture_tenant()
    return tenant, pack_shop(tenant)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parcels=st.integers(min_value=1, max_value=3),
    script=st.lists(st.sampled_from(OUTCOMES), max_size=8),
)
def test_a_parcel_is_labelled_once_whatever_the_carrier_does(shop, monkeypatch, parcels, script):
    tenant, location = shop
    release = picked_release(tenant, location, next(numbers), lines=parcels)
    for n in range(parcels):
        pack_scan(
            tenant_id=tenant.pk, release_id=release.pk, code=f"SKU-{n}", quantity=2, actor=STAFF
        )
        pack_parcel_close(
            tenant_id=tenant.pk,
            release_id=release.pk,
            box_code="LARGE",
            weight_g=750,
            override=True,
            actor=STAFF,
        )
    outcomes = iter(script)
    sold: list[str] = []  # references the carrier sold a label for
    real = OwnFleetCarrier.create_label

    def carrier(self, shipment):
        outcome = next(outcomes, "ok")
        if outcome == "down":
            raise CarrierError(CarrierErrorCode.UNAVAILABLE, "timeout")
        if outcome == "refused":
            raise CarrierError(CarrierErrorCode.REJECTED, "no")
        result = real(self, shipment)
        sold.append(shipment.reference)
        if outcome == "crash":
            raise Crash
        return result

    monkeypatch.setattr(OwnFleetCarrier, "create_label", carrier)
    for _ in range(len(script) + parcels + 1):
        try:
            release_ship(
                tenant_id=tenant.pk,
                release_id=release.pk,
                carrier="own_fleet",
                service=None,
                tracking_number=None,
                actor=STAFF,
            )
        except (WarehouseError, Crash):
            ShippingLabel.objects.update(lease_until=None)  # a dead worker's lease runs out
            continue
        break
    monkeypatch.undo()

    labels = list(ShippingLabel.objects.filter(parcel__release=release))
    assert len(labels) == parcels  # one row per parcel
    assert {label.state for label in labels} == {"issued"}
    references = {label.reference for label in labels}
    assert set(sold) == references
    # a label was sold again only for a parcel whose earlier sale died unrecorded
    crashes = script.count("crash")
    assert len(sold) <= parcels + crashes
    assert set(Parcel.objects.filter(release=release).values_list("state", flat=True)) == {
        "labelled"
    }
