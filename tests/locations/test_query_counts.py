"""SQL per request of ``locations`` and ``location``: fixed, whatever the number of rows."""

from __future__ import annotations

import itertools

import pytest
from graphql_relay import to_global_id

from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.query_counts import assert_constant_queries, edges, queries_of

pytestmark = pytest.mark.django_db

# The Dashboard's Locations page (pages/locations/NewLocation.tsx).
LOCATION_FIELDS = (
    "id kind saleorId name slug email streetAddress1 city postalCode country phone latitude "
    "longitude coordinatesSource manualLatitude manualLongitude isDeleted"
)
LOCATIONS = f"""
query ManagedLocations {{
  locations(first: 100, includeDeleted: true) {{ totalCount edges {{ node {{ {LOCATION_FIELDS} }} }} }}
}}
"""
LOCATION = f"query Location($id: ID) {{ location(id: $id) {{ {LOCATION_FIELDS} }} }}"


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])}


def test_locations(client, capture_tenant, headers):
    numbers = itertools.count()

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            make_location(capture_tenant, f"Location {number}", is_deleted=number % 2 == 1)

    # key (1), page (1), totalCount (1)
    assert_constant_queries(
        client, LOCATIONS, grow=grow, rows=edges("locations"), expected=3, headers=headers
    )


def test_location(client, capture_tenant, headers):
    location = make_location(capture_tenant, "Los Angeles")
    # key (1), location (1)
    count, body = queries_of(
        client, LOCATION, {"id": to_global_id("OmsLocation", location.pk)}, headers=headers
    )
    assert body["data"]["location"]["name"] == "Los Angeles"
    assert count == 2
