"""Where a location is: a manual position, else warehouse metadata, else its geocoded address.

Saleor's warehouses carry no coordinates; merchants may add them as metadata (``oms.lat`` /
``oms.lng``), but most do not, and a location without coordinates could not be ranked by
distance. So every location is also placed from its address with the offline geocoder (packaged
postal-code and city data, no network), and staff can pin a position by hand, which wins over
both. The result is stored on the row (``latitude``, ``longitude``, ``coordinates_source``) so
readers never geocode.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import coordinates as metadata_coordinates
from saleor_oms_plugin.routing.engine import default_geocoder
from saleor_oms_plugin.routing.geo import GeocodePrecision
from saleor_oms_plugin.routing.model import Address

Source = Location.CoordinatesSource

_SOURCE_OF_PRECISION = {
    GeocodePrecision.EXACT: Source.GEOCODED_ADDRESS,
    GeocodePrecision.POSTAL_CODE: Source.GEOCODED_POSTAL_CODE,
    GeocodePrecision.POSTAL_AREA: Source.GEOCODED_POSTAL_AREA,
    GeocodePrecision.CITY: Source.GEOCODED_CITY,
    GeocodePrecision.REGION: Source.GEOCODED_REGION,
    GeocodePrecision.COUNTRY: Source.GEOCODED_COUNTRY,
}


@dataclass(frozen=True)
class Placement:
    latitude: float | None
    longitude: float | None
    source: Location.CoordinatesSource


UNPLACED = Placement(None, None, Source.NONE)


def location_address(
    *, country: str, postal_code: str = "", city: str = "", country_area: str = ""
) -> Address:
    return Address(
        country=country.strip().upper(),
        postal_code=postal_code.strip(),
        city=city.strip(),
        country_area=country_area.strip(),
    )


def address_of(location: Location) -> Address:
    return location_address(
        country=location.country,
        postal_code=location.postal_code,
        city=location.city,
        country_area=location.country_area,
    )


@lru_cache(maxsize=4096)
def address_geocode(address: Address) -> Placement:
    """The address placed by the offline geocoder (pure: packaged data, no network), or
    :data:`UNPLACED`. Cached: warehouse webhooks repeat the same addresses."""
    if not address.country:
        return UNPLACED
    result = default_geocoder().geocode(address)
    if result is None:
        return UNPLACED
    return Placement(
        result.coordinates.lat, result.coordinates.lng, _SOURCE_OF_PRECISION[result.precision]
    )


def placement_resolve(
    *,
    manual_latitude: float | None,
    manual_longitude: float | None,
    metadata: dict[str, str],
    address: Address,
    geocoded: Placement | None = None,
) -> Placement:
    """Manual position, else metadata, else the geocoded address (``geocoded`` when the caller
    placed the address already, outside its transaction)."""
    if manual_latitude is not None and manual_longitude is not None:
        return Placement(manual_latitude, manual_longitude, Source.MANUAL)
    latitude, longitude = metadata_coordinates(metadata)
    if latitude is not None and longitude is not None:
        return Placement(latitude, longitude, Source.METADATA)
    return geocoded if geocoded is not None else address_geocode(address)


def location_place(location: Location, *, geocoded: Placement | None = None) -> bool:
    """Set the location's coordinates from its sources (not saved); True when they changed."""
    placement = placement_resolve(
        manual_latitude=location.manual_latitude,
        manual_longitude=location.manual_longitude,
        metadata=location.metadata or {},
        address=address_of(location),
        geocoded=geocoded,
    )
    before = (location.latitude, location.longitude, location.coordinates_source)
    location.latitude, location.longitude = placement.latitude, placement.longitude
    location.coordinates_source = placement.source
    return before != (placement.latitude, placement.longitude, placement.source)


def placement_data(location: Location) -> dict[str, object]:
    """For audit events."""
    return {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "source": str(location.coordinates_source),
    }
