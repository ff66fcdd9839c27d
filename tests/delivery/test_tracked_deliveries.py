"""End to end: an order sold with a promise is picked, packed and shipped by the warehouse
with a carrier that has a tracking feed; when the carrier's tracking says delivered, the
warehouse publishes fulfillment.delivered and the order's sold promise records the day."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from saleor_oms_plugin.delivery.models import SoldPromise
from saleor_oms_plugin.delivery.sold_promises import sold_promise_refresh
from saleor_oms_plugin.orders.models import Order, OrderLine
from saleor_oms_plugin.warehouse.models import CarrierAccount, Parcel, Release
from saleor_oms_plugin.warehouse.packing_station import pack_parcel_close, pack_scan
from saleor_oms_plugin.warehouse.ship_saleor import ship_in_saleor
from saleor_oms_plugin.warehouse.shipping import release_ship
from saleor_oms_plugin.warehouse.tracking import tracking_run
from tests.delivery.conftest import VARIANT
from tests.fixtures.carrier_server import CarrierStandIn, Reply
from tests.fixtures.packing import SaleorShipStandIn, catalogue
from tests.fixtures.warehouse import STAFF, apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db

OURS = base64.b64encode(b"app:QXBwOjE=:oms-ground").decode()
SF = {"country": "US", "postalCode": "94102", "city": "SAN FRANCISCO", "countryArea": "CA"}


@pytest.fixture
def stand_in():
    server = CarrierStandIn()
    yield server
    server.close()


def _order(tenant, placed: dt.datetime) -> Order:
    order = Order.objects.create(
        tenant=tenant,
        saleor_id="T3JkZXI6MQ==",
        number="1",
        channel_id="Q2hhbm5lbDox",
        channel_slug="live-us-71e878",
        currency="USD",
        status="UNFULFILLED",
        total_gross=Decimal("40"),
        total_net=Decimal("40"),
        total_charged=Decimal("40"),
        shipping_address=SF,
        delivery_method_type="ShippingMethod",
        delivery_method_id=OURS,
        saleor_created_at=placed,
        saleor_updated_at=placed,
        source_issued_at=placed,
    )
    OrderLine.objects.create(
        order=order,
        saleor_id="line-1",
        product_name="Tent",
        sku="TENT",
        variant_id=VARIANT,
        quantity=2,
        unit_price_gross=Decimal("20"),
        position=0,
    )
    return order


def test_a_parcel_the_carrier_delivered_sets_the_sold_promises_day(store, stand_in, monkeypatch):
    # given an order sold with a promise, shipped from Los Angeles by "acme" (tracking feed)
    tenant, la = store["tenant"], store["la"]
    placed = timezone.now()
    order = _order(tenant, placed)
    sold_promise_refresh(tenant_id=tenant.pk, order_id=order.pk, now=placed)
    promise = SoldPromise.objects.get(order=order)
    assert promise.delivered_on is None

    enable(tenant, la)
    catalogue(tenant, la)
    CarrierAccount.objects.create(
        tenant=tenant,
        code="acme",
        adapter="http_json",
        config={"base_url": stand_in.url, "api_key": "k", "max_attempts": 1},
    )
    stand_in.reply(
        "POST",
        "/v1/labels",
        Reply(
            201,
            {
                "tracking_number": "ACME42",
                "label_format": "pdf",
                "label_base64": base64.b64encode(b"%PDF-1.4 acme").decode(),
                "cost": None,
            },
        ),
    )
    release = release_of(apply_shipment(order, la))
    Release.objects.filter(pk=release.pk).update(state=Release.State.PICKED)
    pack_scan(tenant_id=tenant.pk, release_id=release.pk, code="TENT", quantity=2, actor=STAFF)
    pack_parcel_close(
        tenant_id=tenant.pk,
        release_id=release.pk,
        box_code="LARGE",
        weight_g=2000,
        override=True,
        actor=STAFF,
    )
    release_ship(
        tenant_id=tenant.pk,
        release_id=release.pk,
        carrier="acme",
        service=None,
        tracking_number=None,
        actor=STAFF,
    )
    monkeypatch.setattr(
        "saleor_oms_plugin.warehouse.ship_saleor.ship_fulfillment", SaleorShipStandIn()
    )
    assert ship_in_saleor(tenant_id=tenant.pk, release_id=release.pk, client=object()) == (
        "shipped"
    )

    # when the carrier's tracking says it was delivered tomorrow evening, Los Angeles time
    pacific = dt.timezone(dt.timedelta(hours=-8))
    arrived = (placed + dt.timedelta(days=1)).astimezone(pacific).replace(hour=19, minute=5)
    stand_in.default(
        "GET",
        "/v1/trackings/ACME42",
        Reply(
            200,
            {
                "tracking_number": "ACME42",
                "status": "delivered",
                "events": [{"at": arrived.isoformat(), "status": "delivered"}],
            },
        ),
    )
    report = tracking_run(tenant_id=tenant.pk, limit=10)

    # then the parcel, the release and the order's sold promise have the carrier's day
    assert report.delivered == 1
    assert Parcel.objects.get().delivered_on == arrived.date()
    promise.refresh_from_db()
    assert promise.delivered_on == arrived.date()
    assert promise.delivery_kept == (arrived.date() <= promise.delivery_latest)


def _delivered(tenant, order, facts):
    from saleor_oms_plugin.core.events import Published
    from saleor_oms_plugin.delivery.tracked_deliveries import on_published
    from saleor_oms_plugin.warehouse.events import WarehouseEvent

    on_published(
        Published(
            tenant_id=tenant.pk,
            event=WarehouseEvent.FULFILLMENT_DELIVERED,
            order_id=order.pk,
            facts=facts,
        )
    )


def test_the_last_shipment_of_an_order_decides_its_delivery_day(store):
    # given an order sold with a promise two days ago, one shipment delivered yesterday
    tenant = store["tenant"]
    placed = timezone.now() - dt.timedelta(days=2)
    order = _order(tenant, placed)
    sold_promise_refresh(tenant_id=tenant.pk, order_id=order.pk, now=placed)
    yesterday = (timezone.now() - dt.timedelta(days=1)).date()
    _delivered(tenant, order, {"delivered_on": yesterday.isoformat()})
    # when another shipment's earlier day arrives late, it does not replace the later one
    _delivered(tenant, order, {"delivered_on": placed.date().isoformat()})
    assert SoldPromise.objects.get(order=order).delivered_on == yesterday
    # and facts without a day change nothing
    _delivered(tenant, order, {"delivered_on": "soon"})
    _delivered(tenant, order, {})
    assert SoldPromise.objects.get(order=order).delivered_on == yesterday


def test_an_order_sold_without_a_promise_is_skipped(store):
    tenant = store["tenant"]
    order = _order(tenant, timezone.now())
    _delivered(tenant, order, {"delivered_on": timezone.now().date().isoformat()})
    assert not SoldPromise.objects.filter(order=order).exists()
