"""Where locations are: manual position > warehouse metadata > geocoded address, and routing
that never silently drops a location it cannot place."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime, timedelta

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.locations.errors import LocationError
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import parse_location
from saleor_oms_plugin.locations.services import (
    location_apply_payload,
    location_coordinates_clear,
    location_coordinates_set,
)
from saleor_oms_plugin.routing.engine import UNPLACED_DISTANCE_KM, route
from saleor_oms_plugin.routing.geo import haversine_km
from saleor_oms_plugin.routing.model import (
    Address,
    CandidateLocation,
    Coordinates,
    Destination,
    OrderLine,
    ReasonCode,
    RoutingRequest,
)
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset
from tests.fixtures.graphql import gql, make_api_key

MOMENT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
STAFF = Actor("staff", "VXNlcjox")
SAN_FRANCISCO = Coordinates(37.7749, -122.4194)
NEW_YORK = Coordinates(40.7128, -74.0060)
WAREHOUSE_ID = "V2FyZWhvdXNlOjE="


def _warehouse(*, postal_code="94113", city="Port Jessica", area="CA", country="US", meta=()):
    """A warehouse as Saleor's sample data has them: a made-up city and a random ZIP code of
    the state's range (often one that does not exist), no coordinates in metadata."""
    return {
        "id": WAREHOUSE_ID,
        "name": "Americas",
        "slug": "americas",
        "address": {
            "streetAddress1": "3 Smith Heights",
            "city": city,
            "postalCode": postal_code,
            "countryArea": area,
            "country": {"code": country},
        },
        "metadata": [{"key": key, "value": value} for key, value in meta],
    }


def _apply(tenant, node, at=MOMENT):
    location_apply_payload(tenant_id=tenant.pk, data=parse_location(node), issued_at=at)
    return Location.objects.get(tenant=tenant, saleor_id=WAREHOUSE_ID)


def _km(location, point):
    return haversine_km(Coordinates(location.latitude, location.longitude), point)


# -- placing a location -------------------------------------------------------------------------


def test_a_warehouse_without_metadata_is_placed_from_its_address(capture_tenant):
    # when a sample warehouse arrives without oms.lat / oms.lng
    location = _apply(capture_tenant, _warehouse())
    # then its address places it (the unknown ZIP code by its sorting area, San Francisco)
    assert location.coordinates_source == "GEOCODED_POSTAL_AREA"
    assert _km(location, SAN_FRANCISCO) < 15
    received = AuditEvent.objects.get(verb="location.received")
    assert received.data["coordinates"]["source"] == "GEOCODED_POSTAL_AREA"


def test_metadata_wins_over_the_address(capture_tenant):
    node = _warehouse(meta=[("oms.lat", "40.7536"), ("oms.lng", "-73.9976")])
    location = _apply(capture_tenant, node)
    assert (location.latitude, location.longitude, location.coordinates_source) == (
        40.7536,
        -73.9976,
        "METADATA",
    )


def test_a_changed_address_is_geocoded_again(capture_tenant):
    # given a warehouse placed in San Francisco by its address
    _apply(capture_tenant, _warehouse())
    # when Saleor reports it moved to New York (a real ZIP code)
    location = _apply(
        capture_tenant,
        _warehouse(postal_code="10001", city="New York", area="NY"),
        MOMENT + timedelta(minutes=1),
    )
    # then it is placed there, and the move is audited
    assert location.coordinates_source == "GEOCODED_POSTAL_CODE"
    assert _km(location, NEW_YORK) < 10
    placed = AuditEvent.objects.get(verb="location.placed")
    assert placed.data["before"]["source"] == "GEOCODED_POSTAL_AREA"
    assert placed.data["after"]["source"] == "GEOCODED_POSTAL_CODE"


def test_a_warehouse_nothing_can_place_is_kept_and_says_so(capture_tenant):
    location = _apply(capture_tenant, _warehouse(postal_code="", city="", area="", country=""))
    assert (location.latitude, location.longitude, location.coordinates_source) == (
        None,
        None,
        "NONE",
    )


def test_a_manual_position_overrides_metadata_and_address_until_cleared(capture_tenant):
    # given a warehouse placed by its metadata
    node = _warehouse(meta=[("oms.lat", "40.7536"), ("oms.lng", "-73.9976")])
    location = _apply(capture_tenant, node)
    # when staff pin it by hand
    location_coordinates_set(
        tenant_id=capture_tenant.pk,
        location_id=location.pk,
        latitude=34.0537,
        longitude=-118.2427,
        actor=STAFF,
    )
    location.refresh_from_db()
    assert (location.latitude, location.longitude, location.coordinates_source) == (
        34.0537,
        -118.2427,
        "MANUAL",
    )
    # and a later webhook (metadata still set) does not move it
    location = _apply(capture_tenant, node, MOMENT + timedelta(minutes=1))
    assert location.coordinates_source == "MANUAL"
    assert location.latitude == 34.0537
    # when the manual position is cleared, metadata places it again
    location_coordinates_clear(tenant_id=capture_tenant.pk, location_id=location.pk, actor=STAFF)
    location.refresh_from_db()
    assert (location.latitude, location.coordinates_source, location.manual_latitude) == (
        40.7536,
        "METADATA",
        None,
    )
    assert list(
        AuditEvent.objects.filter(verb__startswith="location.coordinates").values_list(
            "verb", flat=True
        )
    ) == ["location.coordinates_set", "location.coordinates_cleared"]


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [(91.0, 0.0, "latitude"), (0.0, -180.5, "longitude"), (float("nan"), 0.0, "latitude")],
)
def test_impossible_coordinates_are_refused_and_change_nothing(
    capture_tenant, latitude, longitude, field
):
    location = _apply(capture_tenant, _warehouse())
    with pytest.raises(LocationError) as refused:
        location_coordinates_set(
            tenant_id=capture_tenant.pk,
            location_id=location.pk,
            latitude=latitude,
            longitude=longitude,
            actor=STAFF,
        )
    assert (refused.value.code.value, refused.value.field) == ("INVALID_COORDINATES", field)
    after = Location.objects.get(pk=location.pk)
    assert (after.latitude, after.coordinates_source, after.manual_latitude) == (
        location.latitude,
        "GEOCODED_POSTAL_AREA",
        None,
    )
    assert not AuditEvent.objects.filter(verb__startswith="location.coordinates").exists()


SET = """
mutation Pin($id: ID!, $lat: Float!, $lng: Float!) {
  locationCoordinatesSet(id: $id, latitude: $lat, longitude: $lng) {
    location { latitude longitude coordinatesSource manualLatitude } errors { field code }
  }
}
"""
CLEAR = """
mutation Unpin($id: ID!) {
  locationCoordinatesClear(id: $id) {
    location { coordinatesSource manualLatitude } errors { field code }
  }
}
"""


def test_staff_pin_and_unpin_a_warehouse_through_graphql(client, capture_tenant):
    location = _apply(capture_tenant, _warehouse())
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    location_id = to_global_id("OmsLocation", location.pk)

    _, body = gql(client, SET, {"id": location_id, "lat": 47.61, "lng": -122.33}, api_key=key)
    assert body["data"]["locationCoordinatesSet"] == {
        "location": {
            "latitude": 47.61,
            "longitude": -122.33,
            "coordinatesSource": "MANUAL",
            "manualLatitude": 47.61,
        },
        "errors": [],
    }
    _, body = gql(client, CLEAR, {"id": location_id}, api_key=key)
    assert body["data"]["locationCoordinatesClear"] == {
        "location": {"coordinatesSource": "GEOCODED_POSTAL_AREA", "manualLatitude": None},
        "errors": [],
    }
    # refused input: exact code and field, nothing changed
    _, body = gql(client, SET, {"id": location_id, "lat": 95.0, "lng": 0.0}, api_key=key)
    assert body["data"]["locationCoordinatesSet"] == {
        "location": None,
        "errors": [{"field": "latitude", "code": "INVALID_COORDINATES"}],
    }
    assert Location.objects.get(pk=location.pk).coordinates_source == "GEOCODED_POSTAL_AREA"
    missing = to_global_id("OmsLocation", location.pk + 1000)
    _, body = gql(client, SET, {"id": missing, "lat": 1.0, "lng": 1.0}, api_key=key)
    assert body["data"]["locationCoordinatesSet"]["errors"] == [
        {"field": "id", "code": "LOCATION_NOT_FOUND"}
    ]


def test_pinning_needs_manage_products(client, capture_tenant):
    location = _apply(capture_tenant, _warehouse())
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    variables = {"id": to_global_id("OmsLocation", location.pk), "lat": 1.0, "lng": 1.0}
    _, body = gql(client, SET, variables, api_key=key)
    assert body["data"] is None or body["data"]["locationCoordinatesSet"] is None
    assert Location.objects.get(pk=location.pk).coordinates_source == "GEOCODED_POSTAL_AREA"


# -- routing with a location it cannot place ------------------------------------------------------


def _candidate(location_id, coordinates, units):
    return CandidateLocation(
        location_id=location_id,
        name=location_id,
        coordinates=coordinates,
        country="US",
        stock={"v1": units},
    )


def _request(*locations):
    return RoutingRequest(
        order_id="o1",
        channel="oms-us",
        lines=(OrderLine("l1", "v1", "SKU-1", 1, 1.0),),
        destination=Destination(Address("US"), SAN_FRANCISCO),
        locations=locations,
    )


NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
RULES = parse_ruleset({"name": "nearest", "rules": [{"type": "nearest"}]})


def test_an_unplaced_location_is_considered_last_and_the_plan_names_it():
    # given a placed location far away and one nobody could place, both stocked
    request = _request(_candidate("unplaced", None, 5), _candidate("nyc", NEW_YORK, 5))
    decision = route(request, RULES, now=NOW)
    # then the placed one ships (distance known), and the plan names the unplaced one
    assert [s.location_id for s in decision.shipments] == ["nyc"]
    unplaced = [r for r in decision.reasons if r.code == ReasonCode.LOCATION_UNPLACED]
    assert [(r.location_id, r.data["distance_km"]) for r in unplaced] == [
        ("unplaced", round(UNPLACED_DISTANCE_KM, 1))
    ]
    assert "not placed" in unplaced[0].message


def test_an_unplaced_location_still_ships_what_only_it_holds():
    request = _request(_candidate("unplaced", None, 5), _candidate("nyc", NEW_YORK, 0))
    decision = route(request, RULES, now=NOW)
    assert [s.location_id for s in decision.shipments] == ["unplaced"]
    assert decision.backorder == ()
