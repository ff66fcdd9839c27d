"""Distances and offline geocoding (packaged data only), and the engine placing a destination."""

import datetime as dt

import pytest

from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.errors import RoutingInputError, RoutingInputErrorCode
from saleor_oms_plugin.routing.geo import (
    GeocodePrecision,
    GeocoderChain,
    GeocodeResult,
    OfflineGeocoder,
    haversine_km,
)
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

SAN_FRANCISCO = Coordinates(37.7749, -122.4194)
LOS_ANGELES = Coordinates(34.0537, -118.2427)
GEOCODER = OfflineGeocoder()


def test_haversine_matches_known_distances():
    assert haversine_km(SAN_FRANCISCO, LOS_ANGELES) == pytest.approx(559, abs=2)
    assert haversine_km(SAN_FRANCISCO, SAN_FRANCISCO) == 0


@pytest.mark.parametrize(
    ("address", "precision", "near", "within_km"),
    [
        (Address("US", postal_code="94103-1234"), GeocodePrecision.POSTAL_CODE, SAN_FRANCISCO, 5),
        # a ZIP code valid in form but unknown (as in Saleor's sample warehouses, whose
        # ZIP codes are drawn at random from their state's range): its sorting area places it
        (
            Address("US", postal_code="94113", city="Port Jessica", country_area="CA"),
            GeocodePrecision.POSTAL_AREA,
            SAN_FRANCISCO,
            15,
        ),
        (
            Address("US", city="san francisco", country_area="CA"),
            GeocodePrecision.CITY,
            SAN_FRANCISCO,
            5,
        ),
        (Address("DE", city="München"), GeocodePrecision.CITY, Coordinates(48.137, 11.575), 5),
        (Address("US", country_area="CA"), GeocodePrecision.REGION, Coordinates(36.0, -119.5), 300),
        (Address("FR"), GeocodePrecision.COUNTRY, Coordinates(46.6, 2.4), 400),
    ],
)
def test_offline_geocoder_falls_back_from_postal_code_to_country(
    address, precision, near, within_km
):
    result = GEOCODER.geocode(address)
    assert result is not None
    assert result.precision == precision
    assert haversine_km(result.coordinates, near) < within_km


def test_unknown_country_cannot_be_placed():
    assert GEOCODER.geocode(Address("XX")) is None


class FixedGeocoder:
    def __init__(self, result):
        self.result = result
        self.calls = 0

    def geocode(self, address):
        self.calls += 1
        return self.result


def test_chain_asks_in_order_and_stops_at_the_first_answer():
    online = FixedGeocoder(GeocodeResult(LOS_ANGELES, GeocodePrecision.EXACT, "online"))
    fallback = FixedGeocoder(None)
    assert (
        GeocoderChain([FixedGeocoder(None), online, fallback]).geocode(Address("US")).source
        == "online"
    )
    assert fallback.calls == 0


def one_line_order(destination: Destination) -> RoutingRequest:
    locations = (
        CandidateLocation("lax", "Los Angeles", LOS_ANGELES, "US", {"A": 5}),
        CandidateLocation("nyc", "New York", Coordinates(40.75, -74.0), "US", {"A": 5}),
    )
    return RoutingRequest("o", "c", (OrderLine("l1", "A", "A", 1, 1.0),), destination, locations)


def test_engine_geocodes_a_destination_without_coordinates_and_says_so():
    ruleset = parse_ruleset({"name": "n", "rules": [{"type": "nearest"}]})
    request = one_line_order(Destination(Address("US", postal_code="94103")))

    decision = route(request, ruleset, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    assert [s.location_id for s in decision.shipments] == ["lax"]
    geocoded = [r for r in decision.reasons if r.code == ReasonCode.DESTINATION_GEOCODED]
    assert geocoded[0].data == {"precision": "postal_code", "source": "zipcodes"}


def test_engine_refuses_a_destination_nobody_can_place():
    ruleset = parse_ruleset({"name": "n", "rules": [{"type": "nearest"}]})
    request = one_line_order(Destination(Address("XX")))
    with pytest.raises(RoutingInputError) as raised:
        route(request, ruleset, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert raised.value.code == RoutingInputErrorCode.UNGEOCODABLE_DESTINATION
