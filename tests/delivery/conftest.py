"""A small US store for the delivery answers: Los Angeles and New York, one service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from saleor_oms_plugin.delivery.models import DeliveryService
from saleor_oms_plugin.fulfilment.models import LocationRoutingSettings
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.tenants.services import tenant_add
from tests.fixtures.contract import SYNC_CAPTURE_API_URL, sync_jwks

VARIANT = "UHJvZHVjdFZhcmlhbnQ6NDAz"  # the TENT of the captured checkout
GROUND_METHOD = "U2hpcHBpbmdNZXRob2Q6MjI="  # the store's "Ground" in the captured filter
LA, NY = "V2FyZWhvdXNlOkxB", "V2FyZWhvdXNlOk5Z"
BANDS = [
    {"upToKm": 800, "minDays": 1, "maxDays": 2},
    {"upToKm": 3000, "minDays": 3, "maxDays": 4},
    {"upToKm": None, "minDays": 5, "maxDays": 6},
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Plans are shared through the cache between Saleor's two questions about a cart; each
    test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sync_tenant(db):
    return tenant_add(
        api_url=SYNC_CAPTURE_API_URL,
        token="t",
        jwks=sync_jwks(),
        app_id="QXBwOjE=",
        run_import=False,
    )


def _location(tenant, saleor_id, city, lat, lng, zone, cutoff, on_hand):
    location = Location.objects.create(
        tenant=tenant,
        saleor_id=saleor_id,
        name=f"{city} DC",
        city=city,
        country="US",
        latitude=lat,
        longitude=lng,
        source_issued_at=timezone.now(),
    )
    LocationRoutingSettings.objects.create(
        tenant=tenant, location=location, time_zone=zone, cutoff_time=cutoff
    )
    StockLevel.objects.create(
        tenant=tenant,
        location=location,
        variant_id=VARIANT,
        sku="TENT-71e878",
        on_hand=on_hand,
        updated_at=timezone.now(),
    )
    return location


@pytest.fixture
def store(sync_tenant):
    """LA holds 5 tents (559 km from San Francisco), NY 3 (4,127 km)."""
    la = _location(
        sync_tenant, LA, "Los Angeles", 34.05, -118.24, "America/Los_Angeles", dt.time(15, 0), 5
    )
    ny = _location(
        sync_tenant, NY, "New York", 40.75, -73.99, "America/New_York", dt.time(14, 0), 3
    )
    ground = DeliveryService.objects.create(
        tenant=sync_tenant,
        code="oms-ground",
        name="OMS Ground",
        transit_bands=BANDS,
        rates=[{"currency": "USD", "upToKg": 10, "amount": "6.50"}],
        saleor_method_ids=[GROUND_METHOD],
    )
    return {"tenant": sync_tenant, "la": la, "ny": ny, "ground": ground}
