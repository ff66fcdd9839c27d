"""Which locations routing may choose: Saleor warehouses that serve the order's channel."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.fulfilment.request_builder import routing_request_build
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import MOMENT, SaleorStock, import_order, make_routing_tenant
from tests.fixtures.inventory import make_channel

pytestmark = pytest.mark.django_db
LINES = {"OMS-SKU-001": 1}


@pytest.fixture
def stock(fake_saleor):
    return SaleorStock(fake_saleor)


@pytest.fixture
def tenant(fake_saleor):
    return make_routing_tenant(fake_saleor, LocalSigner.generate())


def _candidate_names(order) -> set[str]:
    lines = {line.saleor_id: line.quantity for line in order.lines.all()}
    request = routing_request_build(order=order, lines=lines, stock={}, now=MOMENT)
    return {location.name for location in request.locations}


def _warehouses(tenant) -> dict[str, Location]:
    return {location.name: location for location in Location.objects.filter(tenant=tenant)}


def test_without_known_channel_warehouses_every_saleor_warehouse_is_a_candidate(stock, tenant):
    order = import_order(tenant, stock.add_order(LINES))
    assert _candidate_names(order) == set(_warehouses(tenant))


def test_only_the_warehouses_serving_the_orders_channel_are_candidates(stock, tenant):
    order = import_order(tenant, stock.add_order(LINES))
    warehouses = _warehouses(tenant)
    serving = ["OMS Los Angeles", "OMS New York"]
    make_channel(tenant, order.channel_slug, [warehouses[name] for name in serving])
    make_channel(tenant, "another-channel", list(warehouses.values()))
    assert _candidate_names(order) == set(serving)


def test_a_store_outside_saleor_is_never_routed_to_even_when_it_serves_the_channel(stock, tenant):
    order = import_order(tenant, stock.add_order(LINES))
    warehouses = list(_warehouses(tenant).values())
    store = Location.objects.create(
        tenant=tenant,
        kind=Location.Kind.STORE,
        saleor_id="",
        name="Pop-up store",
        latitude=37.77,
        longitude=-122.42,
        source_issued_at=MOMENT,
    )
    make_channel(tenant, order.channel_slug, [*warehouses, store])
    assert "Pop-up store" not in _candidate_names(order)
    assert "OMS Los Angeles" in _candidate_names(order)
