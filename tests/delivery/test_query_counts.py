"""SQL per request of the delivery queries: fixed, whatever the number of rows."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.delivery.models import DeliveryService, SoldPromise
from tests.delivery.conftest import BANDS, VARIANT
from tests.fixtures.contract import SYNC_CAPTURE_API_URL
from tests.fixtures.graphql import make_api_key, make_order
from tests.fixtures.query_counts import assert_constant_queries, items, queries_of

pytestmark = pytest.mark.django_db

SERVICES = "{ deliveryServices { code name transitBands { upToKm } rates { amount } } }"
CALENDAR = """query C($id: ID!) {
  locationDeliveryCalendar(locationId: $id) { workingWeekdays location { name } }
}"""
KEEPING = """query K($range: OmsDateRangeInput!) {
  deliveryPromiseKeeping(range: $range) { locationName serviceCode promised kept keptRate }
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


def test_delivery_promise_keeping(client, sync_tenant):
    # the key, then one aggregate over the promises, whatever the number of locations
    headers = {"X-Api-Key": make_api_key(sync_tenant, ["MANAGE_ORDERS"])}
    made = iter(range(100))

    def grow(count):
        for _ in range(count):
            n = next(made)
            order = make_order(sync_tenant, 1000 + n, lines=0, fulfillments=0)
            SoldPromise.objects.create(
                tenant=sync_tenant,
                order=order,
                service_code="ground",
                location_id=f"W{n}",
                location_name=f"Location {n}",
                made_at=order.saleor_created_at,
                ship_date=order.saleor_created_at.date(),
                ship_deadline=order.saleor_created_at,
            )

    assert_constant_queries(
        client,
        KEEPING,
        grow=grow,
        rows=items("deliveryPromiseKeeping"),
        expected=2,
        headers=headers,
        variables={"range": {"gte": "2026-11-01", "lte": "2026-12-31"}},
    )
