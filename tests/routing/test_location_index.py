"""What is known about a tuple of candidate locations is worked out once and reused, unchanged."""

import dataclasses
import random

from bench.routing import make_order, make_world
from saleor_oms_plugin.routing.engine import UNPLACED_DISTANCE_KM
from saleor_oms_plugin.routing.geo import haversine_km
from saleor_oms_plugin.routing.location_index import LocationIndex, location_index
from saleor_oms_plugin.routing.model import Coordinates


def world_and_order():
    rng = random.Random(5)
    world = make_world(rng, 60)
    return world, make_order(rng, world, 0, 10)


def test_distances_are_the_haversine_formulas_to_the_last_bit():
    world, order = world_and_order()
    destination = order.destination.coordinates
    distances = LocationIndex(world.locations).distances_km(destination, UNPLACED_DISTANCE_KM)
    assert distances == [haversine_km(destination, loc.coordinates) for loc in world.locations]


def test_unplaced_locations_are_as_far_as_the_caller_says():
    world, _ = world_and_order()
    locations = (dataclasses.replace(world.locations[0], coordinates=None), *world.locations[1:])
    distances = LocationIndex(locations).distances_km(Coordinates(40.0, -100.0), 12345.0)
    assert distances[0] == 12345.0 and distances[1] < 12345.0


def test_holders_are_what_the_stock_says():
    world, order = world_and_order()
    index = LocationIndex(world.locations)
    for line in order.lines:
        expected = tuple(
            (position, loc.stock[line.variant_id])
            for position, loc in enumerate(world.locations)
            if loc.stock.get(line.variant_id, 0) > 0
        )
        assert index.holders(line.variant_id) == expected
    assert index.holders("no such variant") == ()


def test_a_run_over_one_tuple_shares_one_index_and_lists_are_never_shared():
    world, _ = world_and_order()
    assert location_index(world.locations) is location_index(world.locations)
    as_list = list(world.locations)
    assert location_index(as_list) is not location_index(as_list)  # a list can change in place
    other = tuple(as_list)  # equal, but another tuple: its own index
    assert other is not world.locations
    assert location_index(other) is not location_index(world.locations)
