"""SQL per request of the delivery queries: fixed, whatever the number of rows."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.delivery.models import DeliveryService
from tests.delivery.conftest import BANDS, VARIANT
from tests.fixtures.contract import SYNC_CAPTURE_API_URL
from tests.fixtures.graphql import make_api_key
from tests.fixtures.query_counts import assert_constant_queries, items, queries_of

pytestmark = pytest.mark.django_db

SERVICES = "{ deliveryServices { code name transitBands { upToKm } rates { amount } } }"
CALENDAR = """query C($id: ID!) {
  locationDeliveryCalendar(locationId: $id) { workingWeekdays location { name } }
}"""
PROMISE = """query P($lines: [OmsPromiseLineInput!]!) {
  deliveryPromise(channel: "live-us-71e878", lines: $lines,
                  address: {country: "US", postalCode: "94102"}) { sentence }
}"""


def test_delivery_services(client, sync_tenant):
    headers = {"X-Api-Key": make_api_key(sync_tenant, ["MANAGE_PRODUCTS"])}
    made = iter(range(100))

    def grow(count):
        for _ in range(count):
            n = next(made)
            DeliveryService.objects.create(
                tenant=sync_tenant,
                code=f"s{n}",
                name=f"S{n}",
                transit_bands=BANDS,
                rates=[{"currency": "USD", "upToKg": None, "amount": "1"}],
            )

    assert_constant_queries(
        client, SERVICES, grow=grow, rows=items("deliveryServices"), expected=2, headers=headers
    )


def test_location_delivery_calendar(client, store):
    headers = {"X-Api-Key": make_api_key(store["tenant"], ["MANAGE_PRODUCTS"])}
    count, body = queries_of(
        client,
        CALENDAR,
        {"id": to_global_id("OmsLocation", store["la"].pk)},
        headers=headers,
    )
    assert body["data"]["locationDeliveryCalendar"]["location"]["name"] == "Los Angeles DC"
    assert count == 3  # the key, the location, its calendar


@freeze_time("2026-12-02T18:00:00Z")
def test_delivery_promise(client, store):
    # the tenant by its header, the channel's locations (+ shipped today), calendars,
    # services, rule set (channel, then default), then the cart's stock: whatever the lines
    counts = []
    for lines in (
        [{"variantId": VARIANT, "quantity": 1}],
        [{"variantId": f"V{n}", "quantity": 1} for n in range(10)],
    ):
        count, _ = queries_of(
            client, PROMISE, {"lines": lines}, headers={"Saleor-Api-Url": SYNC_CAPTURE_API_URL}
        )
        counts.append(count)
    assert counts[0] == counts[1]
