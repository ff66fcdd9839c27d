"""Two pickers, two deliveries of one event: each on its own database connection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import PickListLine, Release
from saleor_oms_plugin.warehouse.picking import pick_scan
from saleor_oms_plugin.warehouse.releases import release_from_shipment
from saleor_oms_plugin.warehouse.waves import wave_create, wave_release
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable

pytestmark = pytest.mark.django_db(transaction=True)


def _together(call):
    barrier = threading.Barrier(2)

    def run(_):
        barrier.wait()
        try:
            return call()
        except WarehouseError as exc:
            return exc.code.value
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(run, range(2)))


def test_two_pickers_scanning_the_last_units_of_a_stop_pick_them_once():
    tenant = make_capture_tenant()
    location = make_location(tenant, "LA")
    enable(tenant, location)
    aisle(tenant, location)
    apply_shipment(make_order(tenant, 1, lines=1), location)  # two of SKU-0
    wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
    wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)
    line = PickListLine.objects.get()

    results = _together(
        lambda: (
            pick_scan(
                tenant_id=tenant.pk,
                line_id=line.pk,
                bin_code="A-1",
                item_code="SKU-0",
                quantity=2,
                actor=STAFF,
            ).picked
        )
    )

    # the second waited for the first's lock, then found the list done
    assert sorted(results, key=str) == [2, "NOT_PICKABLE"]
    assert PickListLine.objects.get().picked == 2


def test_one_shipment_heard_twice_at_once_is_one_release():
    tenant = make_capture_tenant()
    location = make_location(tenant, "LA")
    enable(tenant, location)
    order = make_order(tenant, 1, lines=1)
    facts = {
        "shipment_id": 4242,
        "location_id": location.pk,
        "lines": [{"line_id": "L1", "variant_id": "V", "sku": "SKU-0", "quantity": 1}],
    }

    results = _together(
        lambda: release_from_shipment(tenant_id=tenant.pk, order_id=order.pk, facts=facts).pk
    )

    assert len(set(results)) == 1
    assert Release.objects.filter(shipment_id=4242).count() == 1
