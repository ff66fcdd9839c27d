"""What the engine reads about a tuple of candidate locations, worked out once per tuple.

A routing run that decides many orders over the same candidates (the benchmark, a replay over a
stock snapshot) passes the same ``RoutingRequest.locations`` tuple each time; the facts here do
not depend on the order, so they are kept for that tuple and reused: each variant's holders
(worked out the first time an order asks for the variant, so a tuple used once costs no more
than reading stock directly) and each location's position in the form distances are computed
from.

The cache is keyed by the tuple's identity and holds the tuple itself (so the identity cannot be
reused by another object while the entry lives). Stock mappings are read as they are when a
variant is first asked for: callers that change stock build new locations, as the fulfilment
request builder does for every order.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence

from .geo import EARTH_RADIUS_KM
from .model import CandidateLocation, Coordinates

# Runs in flight at once in one process: a handful at most (a worker routes one order at a time).
CACHED_TUPLES = 4
_RADIANS = math.pi / 180.0
# A variant's holders as (positions, units), both in sequence order.
Holdings = tuple[tuple[int, ...], tuple[int, ...]]


class LocationIndex:
    """Holders per variant and placed positions for one sequence of candidate locations."""

    def __init__(self, locations: Sequence[CandidateLocation]) -> None:
        self.locations = locations
        self._holders: dict[str, tuple[tuple[int, int], ...]] = {}
        self._holdings: dict[str, Holdings] = {}
        # (lat in radians, lng in degrees, cos lat) per location; None where not placed.
        self.positions: list[tuple[float, float, float] | None] = [
            None
            if loc.coordinates is None
            else (
                loc.coordinates.lat * _RADIANS,
                loc.coordinates.lng,
                math.cos(loc.coordinates.lat * _RADIANS),
            )
            for loc in locations
        ]

    def holders(self, variant: str) -> tuple[tuple[int, int], ...]:
        """(position, units) of every location holding the variant, in sequence order."""
        found = self._holders.get(variant)
        if found is None:
            found = tuple(
                (position, units)
                for position, loc in enumerate(self.locations)
                if (units := loc.stock.get(variant, 0)) > 0
            )
            self._holders[variant] = found
        return found

    def holdings(self, variant: str) -> Holdings:
        """``holders`` as two tuples, positions and units (what the problem build reads)."""
        found = self._holdings.get(variant)
        if found is None:
            found = self._holdings[variant] = split_holders(self.holders(variant))
        return found

    def distances_km(self, destination: Coordinates, unplaced_km: float) -> list[float]:
        """Great-circle distance from every location to the destination: ``geo.haversine_km``'s
        arithmetic step for step (the same floats), each location's trigonometry done once."""
        lat = destination.lat * _RADIANS
        lng = destination.lng
        cos_lat = math.cos(lat)
        sin, asin, sqrt = math.sin, math.asin, math.sqrt
        diameter = 2 * EARTH_RADIUS_KM
        distances = []
        for position in self.positions:
            if position is None:
                distances.append(unplaced_km)
                continue
            there_lat, there_lng, there_cos = position
            half_dlat = sin((there_lat - lat) * 0.5)
            half_dlng = sin((there_lng - lng) * _RADIANS * 0.5)
            h = half_dlat * half_dlat + cos_lat * there_cos * half_dlng * half_dlng
            distances.append(diameter * asin(min(1.0, sqrt(h))))
        return distances


def split_holders(holders: Sequence[tuple[int, int]]) -> Holdings:
    """(position, units) pairs as (positions, units)."""
    return tuple(position for position, _ in holders), tuple(units for _, units in holders)


_cache: OrderedDict[int, LocationIndex] = OrderedDict()


def location_index(locations: Sequence[CandidateLocation]) -> LocationIndex:
    """The index of ``locations``, shared by every call with the same tuple (lists are indexed
    afresh each time: they can change in place)."""
    if not isinstance(locations, tuple):
        return LocationIndex(locations)
    key = id(locations)
    found = _cache.get(key)
    if found is not None and found.locations is locations:
        _cache.move_to_end(key)
        return found
    found = _cache[key] = LocationIndex(locations)
    while len(_cache) > CACHED_TUPLES:
        _cache.popitem(last=False)
    return found
