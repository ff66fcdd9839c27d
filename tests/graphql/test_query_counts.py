"""SQL per request of what the API serves beside the domains' lists: federation entities
(``_entities`` for Saleor's Order and ProductVariant, ``_service``), storefront reads and
``node``. Every one is fixed, whatever the number of rows."""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import pytest
from freezegun import freeze_time
from graphql import FieldNode, GraphQLError, InlineFragmentNode, OperationDefinitionNode, parse
from graphql_relay import to_global_id

from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.contract import CAPTURE_API_URL, tokens
from tests.fixtures.graphql import make_api_key, make_location, make_order, valid_moment
from tests.fixtures.inventory import make_channel, make_stock, variant_gid
from tests.fixtures.order_stories import add_fulfillment, add_plan, make_order_story
from tests.fixtures.query_counts import assert_constant_queries, edges, items, queries_of
from tests.fixtures.returns import CUSTOMER_ID

pytestmark = pytest.mark.django_db

# Everything the OMS adds to Saleor's Order, as staff may read it through a gateway.
ORDER_ENTITIES = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Order {
      id
      oms {
        status
        timeline { kind at message locationName trackingNumber }
        returns { rmaNumber status lines { sku quantity } }
        routingPlan { state reasons { message } shipments { location { name } lines { sku } } }
        routingPlans { state attempt }
        flags { label colour }
        staffTasks { title dueAt order { number } }
        order { number lines { sku quantity } fulfillments { status lines { quantity } } }
      }
    }
  }
}
"""
CUSTOMER_ORDER_ENTITIES = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Order { id oms { status timeline { kind message } returns { rmaNumber } } }
  }
}
"""
VARIANT_ENTITIES = """
query Entities($representations: [_Any!]!, $near: OmsGeoPointInput) {
  _entities(representations: $representations) {
    ... on ProductVariant {
      id channel
      oms {
        availableToSell inStock
        pickupLocations(near: $near) { location { name city } available inStock distanceKm }
      }
    }
  }
}
"""
VARIANT_AVAILABILITY = """
query Availability($ids: [ID!]!) {
  variantAvailability(channel: "oms-us", variantIds: $ids) {
    variantId channel availableToSell inStock
    pickupLocations(inStockOnly: true) { location { name } available }
  }
}
"""
PICKUP_AVAILABILITY = """
query Pickup($lines: [OmsPickupLineInput!]!, $near: OmsGeoPointInput) {
  pickupAvailability(channel: "oms-us", lines: $lines, near: $near) {
    location { name city } distanceKm complete lines { variantId quantity available }
  }
}
"""
MY_ORDERS = """
query MyOrders {
  myOrders(first: 100) {
    totalCount
    edges { node { number status createdAt totalGross timeline { kind message } } }
  }
}
"""
ORDER_NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id ... on OmsOrder { number lines { sku } fulfillments { status lines { quantity } } }
  }
}
"""
# The Dashboard's short-pick dialog (extensions/ShortPick.tsx).
SHIPMENT_NODE = """
query ShipmentLines($id: ID!) {
  node(id: $id) { ... on OmsPlanShipment { id state lines { lineId sku quantity } } }
}
"""
SERVICE = "query Service { _service { sdl } }"
NEAR = {"latitude": 34.05, "longitude": -118.24}
STOREFRONT = {"Saleor-Api-Url": CAPTURE_API_URL}
CUSTOMER = {"Authorization": f"Bearer {tokens()['customer_access']}"}


def _orders(orders):
    return {"representations": [{"__typename": "Order", "id": o.saleor_id} for o in orders]}


@pytest.fixture
def locations(capture_tenant):
    return [make_location(capture_tenant, "Los Angeles"), make_location(capture_tenant, "Reno")]


@pytest.fixture
def stories(capture_tenant, locations):
    """``grow(n)``: n more orders of the signed-in customer with everything beside them."""
    orders = []
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            orders.append(
                make_order_story(capture_tenant, next(numbers), locations, user_id=CUSTOMER_ID)
            )

    grow.orders = orders
    return grow


@pytest.fixture
def shop(capture_tenant):
    """Three click & collect locations serving ``oms-us``; ``grow(n)`` stocks n more variants
    in each. ``shop.variants`` names them."""
    places = []
    for name, latitude, longitude in (
        ("LA", 34.05, -118.24),
        ("NY", 40.71, -74.01),
        ("Reno", 39.53, -119.81),
    ):
        location = make_location(capture_tenant, name)
        Location.objects.filter(pk=location.pk).update(
            latitude=latitude, longitude=longitude, click_and_collect_option="ALL"
        )
        places.append(location)
    make_channel(capture_tenant, "oms-us", places)
    variants = []
    names = (variant_gid(number) for number in itertools.count(1))

    def grow(count):
        for _ in range(count):
            variants.append(next(names))
            for units, location in enumerate(places, start=1):
                make_stock(capture_tenant, location, variants[-1], on_hand=units)

    grow.variants = variants
    return grow


def test_order_entities_for_staff(client, capture_tenant, stories):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    # key (1), orders (1) with their lines (1), fulfilments (1) and fulfilment lines (1) for
    # the read model; fulfilments (1), plans (1) with shipments and locations (1) and returns
    # (1) for the timelines; return lines (1), flags (1), tasks with their orders (1)
    assert_constant_queries(
        client,
        ORDER_ENTITIES,
        grow=stories,
        rows=items("_entities"),
        expected=12,
        headers=headers,
        variables=lambda: _orders(stories.orders),
    )


def test_order_entities_for_their_customer(client, stories):
    # the customer's tenant (1), orders (1); fulfilments (1), plans (1) with shipments and
    # locations (1) and returns (1) for the timelines
    with freeze_time(valid_moment("customer_access")):
        body = assert_constant_queries(
            client,
            CUSTOMER_ORDER_ENTITIES,
            grow=stories,
            rows=items("_entities"),
            expected=6,
            headers=CUSTOMER,
            variables=lambda: _orders(stories.orders),
        )
    assert all(entity["oms"]["returns"] for entity in body["data"]["_entities"])


def test_variant_entities(client, shop):
    def representations():
        return {
            "representations": [
                {"__typename": "ProductVariant", "id": vid, "channel": "oms-us"}
                for vid in shop.variants
            ],
            "near": NEAR,
        }

    # the storefront's tenant (1), which variants it stocks (1), the channel (1), its pickup
    # locations' stock (1), its available-to-sell (1)
    body = assert_constant_queries(
        client,
        VARIANT_ENTITIES,
        grow=shop,
        rows=items("_entities"),
        expected=5,
        headers=STOREFRONT,
        variables=representations,
    )
    assert all(entity["oms"]["availableToSell"] == 6 for entity in body["data"]["_entities"])


def test_service(client, db):
    count, body = queries_of(client, SERVICE, headers={})
    assert body["data"]["_service"]["sdl"]
    assert count == 0


def test_variant_availability(client, shop):
    # the storefront's tenant (1), the channel (1), its pickup locations' stock (1), its
    # available-to-sell (1)
    assert_constant_queries(
        client,
        VARIANT_AVAILABILITY,
        grow=shop,
        rows=items("variantAvailability"),
        expected=4,
        headers=STOREFRONT,
        variables=lambda: {"ids": shop.variants},
    )


def test_pickup_availability(client, shop):
    def cart():
        return {
            "lines": [{"variantId": vid, "quantity": 1} for vid in shop.variants],
            "near": NEAR,
        }

    # as variantAvailability
    body = assert_constant_queries(
        client,
        PICKUP_AVAILABILITY,
        grow=shop,
        rows=lambda body: len(body["data"]["pickupAvailability"][0]["lines"]),
        expected=4,
        headers=STOREFRONT,
        variables=cart,
    )
    assert [option["location"]["name"] for option in body["data"]["pickupAvailability"]] == [
        "LA",
        "Reno",
        "NY",
    ]


def test_my_orders(client, stories):
    # the customer's tenant (1), page (1), totalCount (1); fulfilments (1), plans (1) with
    # shipments and locations (1) and returns (1) for the timelines
    with freeze_time(valid_moment("customer_access")):
        assert_constant_queries(
            client, MY_ORDERS, grow=stories, rows=edges("myOrders"), expected=7, headers=CUSTOMER
        )


def test_order_node(client, capture_tenant):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    order = make_order(capture_tenant, 1, fulfillments=0)
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            add_fulfillment(order, next(numbers))

    # key (1), order (1), lines (1), fulfilments (1), their lines (1)
    assert_constant_queries(
        client,
        ORDER_NODE,
        grow=grow,
        rows=lambda body: len(body["data"]["node"]["fulfillments"]),
        expected=5,
        headers=headers,
        variables={"id": to_global_id("OmsOrder", order.pk)},
    )


def test_shipment_node(client, capture_tenant, locations):
    headers = {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}
    plan = add_plan(make_order(capture_tenant, 1), locations[:1])
    shipment = plan.shipments.get()
    # key (1), shipment (1)
    count, body = queries_of(
        client, SHIPMENT_NODE, {"id": to_global_id("OmsPlanShipment", shipment.pk)}, headers=headers
    )
    assert body["data"]["node"]["lines"] == [{"lineId": "line", "sku": "SKU-0", "quantity": 1}]
    assert count == 2


# -- every root field is counted ------------------------------------------------------------


def _counted_documents():
    """The GraphQL documents of every ``tests/<domain>/test_query_counts.py``."""
    for path in sorted(Path(__file__).parents[1].glob("*/test_query_counts.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        for value in vars(module).values():
            if isinstance(value, str):
                try:
                    yield parse(value)
                except GraphQLError:  # a piece of one (a field list), or not GraphQL
                    continue


def _root_fields(document):
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            yield from definition.selection_set.selections


def test_every_root_field_and_entity_has_its_query_count():
    counted: set[str] = set()
    entities: set[str] = set()
    for document in _counted_documents():
        for field in _root_fields(document):
            assert isinstance(field, FieldNode)
            counted.add(field.name.value)
            if field.name.value == "_entities":
                entities |= {
                    selection.type_condition.name.value
                    for selection in field.selection_set.selections
                    if isinstance(selection, InlineFragmentNode) and selection.type_condition
                }
    graphql_schema = schema.graphql_schema
    assert set(graphql_schema.query_type.fields) - counted == set()
    members = {member.name for member in graphql_schema.get_type("_Entity").types}
    assert members - entities == set()
