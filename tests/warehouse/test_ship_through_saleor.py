"""Pick to ship against the fake Saleor at the wire (which replays what the live Saleor did in
its approval flow): the fulfilment that routing left waiting is approved with the parcel's
tracking number only when the warehouse ships, and the release is shipped only then."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.warehouse.layout import BoxTypeInput, box_type_save
from saleor_oms_plugin.warehouse.models import LocationExecution, Parcel, Release
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.shipping import release_ship
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant

pytestmark = pytest.mark.django_db
LINES = {"OMS-SKU-001": 1, "OMS-SKU-016": 2}
STAFF = Actor("staff", "VXNlcjox")


@pytest.fixture
def stock(fake_saleor):
    fake_saleor.shop["fulfillmentAutoApprove"] = False
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


def _packed_release(tenant, stock, on_commit, saleor_order):
    location = Location.objects.get(tenant=tenant, name="OMS Los Angeles")
    LocationExecution.objects.create(tenant=tenant, location=location, enabled=True)
    box_type_save(
        tenant_id=tenant.pk,
        data=BoxTypeInput(location.pk, "BOX", 400, 300, 300, 10_000),
        actor=STAFF,
    )
    order = import_order(tenant, saleor_order)
    with on_commit(execute=True):
        order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    release = Release.objects.get(tenant=tenant)
    Release.objects.filter(pk=release.pk).update(state=Release.State.PICKED)  # picked by scan
    for sku, quantity in LINES.items():
        pack_scan(
            tenant_id=tenant.pk, release_id=release.pk, code=sku, quantity=quantity, actor=STAFF
        )
    pack_parcel_close(
        tenant_id=tenant.pk,
        release_id=release.pk,
        box_code="BOX",
        weight_g=900,
        override=True,  # the seed variants' weights are not the parcel's
        actor=STAFF,
    )
    release.refresh_from_db()
    return release


def _ship(tenant, release, on_commit):
    with on_commit(execute=True):
        release_ship(
            tenant_id=tenant.pk,
            release_id=release.pk,
            carrier="own_fleet",
            service=None,
            tracking_number="VAN-0042",
            actor=STAFF,
        )
    release.refresh_from_db()


def test_shipping_approves_the_waiting_fulfilment_with_the_tracking_number(
    fake_saleor, stock, tenant, django_capture_on_commit_callbacks
):
    saleor_order = stock.add_order(LINES)
    release = _packed_release(tenant, stock, django_capture_on_commit_callbacks, saleor_order)
    assert stock.order(saleor_order["id"])["fulfillments"][0]["status"] == "WAITING_FOR_APPROVAL"

    _ship(tenant, release, django_capture_on_commit_callbacks)

    fulfilment = stock.order(saleor_order["id"])["fulfillments"][0]
    assert (fulfilment["status"], fulfilment["trackingNumber"]) == ("FULFILLED", "VAN-0042")
    tracking = fake_saleor.graphql_requests("OmsFulfillmentUpdateTracking")[0]
    assert tracking.variables["notifyCustomer"] is False  # the approval's e-mail carries it
    approve = fake_saleor.graphql_requests("OmsFulfillmentApprove")[0]
    assert approve.variables == {"id": fulfilment["id"], "notifyCustomer": True}
    assert release.state == Release.State.SHIPPED
    assert Parcel.objects.get().state == Parcel.State.SHIPPED
