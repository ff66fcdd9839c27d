"""Racing pack scans and ship requests, each on its own database connection: the last unit
is packed once, and a parcel's label is bought once however many requests race."""

from __future__ import annotations

import threading

import pytest

from saleor_oms_plugin.carriers.own_fleet import OwnFleetCarrier
from saleor_oms_plugin.warehouse import ship_saleor
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Parcel, ShippingLabel
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.shipping import release_ship
from tests.fixtures.packing import SaleorShipStandIn, pack_shop, picked_release
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once
from tests.fixtures.warehouse import STAFF

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_scans_of_the_last_unit_pack_it_once():
    tenant = make_capture_tenant()
    location = pack_shop(tenant)
    release = picked_release(tenant, location, 1, lines=1)  # two of SKU-0
    pack_scan(tenant_id=tenant.pk, release_id=release.pk, code="SKU-0", quantity=1, actor=STAFF)

    def scan(code):
        return lambda: (
            pack_scan(
                tenant_id=tenant.pk, release_id=release.pk, code=code, quantity=1, actor=STAFF
            ).pk
        )

    results = at_once([scan("SKU-0"), scan("4000000000000")], returning=(WarehouseError,))

    refused = [r for r in results if isinstance(r, WarehouseError)]
    assert len(refused) == 1 and refused[0].code.value == "TOO_MANY"
    assert Parcel.objects.get().items == {f"line-{release.order_id}-0": 2}


@pytest.mark.parametrize("racers", [2, 4])
def test_racing_ship_requests_buy_one_label_per_parcel(monkeypatch, racers):
    tenant = make_capture_tenant()
    location = pack_shop(tenant)
    release = picked_release(tenant, location, 1)
    for code in ("SKU-0", "SKU-1"):
        pack_scan(tenant_id=tenant.pk, release_id=release.pk, code=code, quantity=2, actor=STAFF)
        pack_parcel_close(
            tenant_id=tenant.pk,
            release_id=release.pk,
            box_code="SMALL",
            weight_g=640,
            override=False,
            actor=STAFF,
        )
    bought: list[str] = []
    guard = threading.Lock()
    real = OwnFleetCarrier.create_label

    def counting(self, shipment):
        with guard:
            bought.append(shipment.reference)
        return real(self, shipment)

    monkeypatch.setattr(OwnFleetCarrier, "create_label", counting)
    saleor = SaleorShipStandIn()
    monkeypatch.setattr(ship_saleor, "ship_fulfillment", saleor)

    at_once(
        [
            lambda: release_ship(
                tenant_id=tenant.pk,
                release_id=release.pk,
                carrier="own_fleet",
                service=None,
                tracking_number=None,
                actor=STAFF,
            )
        ]
        * racers,
        returning=(WarehouseError,),
    )

    labels = list(ShippingLabel.objects.all())
    assert len(labels) == 2 and {label.state for label in labels} == {"issued"}
    assert sorted(bought) == sorted(label.reference for label in labels)  # each bought once
    assert set(Parcel.objects.values_list("state", flat=True)) == {"shipped"}
    assert len(saleor.calls) == 1  # Saleor is asked once; a late racer finds it shipped
