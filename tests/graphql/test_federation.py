"""The federation subgraph in Python: the SDL, `_entities` for Saleor's Order and
ProductVariant, tenant isolation, and what each kind of caller may see."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from graphql import parse

from saleor_oms_plugin.graphql.federation.sdl import subgraph_sdl
from saleor_oms_plugin.graphql.schema import schema
from tests.fixtures.contract import CAPTURE_API_URL, tokens
from tests.fixtures.federation import CHANNEL, OTHER_API_URL, seed_two_tenants
from tests.fixtures.graphql import error_codes, valid_moment

ORDER_ENTITY = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Order {
      id
      oms {
        status
        timeline { kind message locationName trackingNumber }
        returns { rmaNumber }
        routingPlan { state reasons { message } shipments { location { name } } }
        flags { label }
        staffTasks { title }
      }
    }
  }
}
"""
CUSTOMER_ORDER_ENTITY = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Order { id oms { status timeline { kind message } returns { rmaNumber } } }
  }
}
"""
VARIANT_ENTITY = """
query Entities($representations: [_Any!]!, $near: OmsGeoPointInput) {
  _entities(representations: $representations) {
    ... on ProductVariant {
      id
      channel
      oms {
        availableToSell
        inStock
        pickupLocations(near: $near) { location { name } available inStock distanceKm }
      }
    }
  }
}
"""


@pytest.fixture
def tenants(db):
    return seed_two_tenants()


def post(client, query, variables=None, *, headers=None):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers or {},
    )
    return response.status_code, response.json()


def orders_of(ids):
    return {"representations": [{"__typename": "Order", "id": oid} for oid in ids]}


def variants_of(keys):
    return {
        "representations": [
            {"__typename": "ProductVariant", "id": vid, "channel": channel} for vid, channel in keys
        ]
    }


# -- the SDL --------------------------------------------------------------------------------


def test_service_sdl_declares_saleors_keys_and_leaves_saleors_root_fields_to_saleor(client, db):
    status, body = post(client, "{ _service { sdl } }")
    assert status == 200
    sdl = body["data"]["_service"]["sdl"]
    assert sdl == subgraph_sdl(schema.graphql_schema)
    assert sdl.startswith('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3"')
    assert 'type Order @key(fields: "id") {' in sdl
    assert 'type ProductVariant @key(fields: "id channel") {' in sdl
    assert "type PageInfo @shareable {" in sdl
    document = parse(sdl)
    query = next(
        d for d in document.definitions if getattr(d, "name", None) and d.name.value == "Query"
    )
    fields = {field.name.value for field in query.fields}
    # Saleor owns these names in the supergraph; the plumbing is never part of a subgraph SDL.
    assert not fields & {"me", "order", "orders", "_service", "_entities"}
    assert {"variantAvailability", "pickupAvailability", "myOrders", "routingPlans"} <= fields
    assert "scalar _Any" not in sdl and "union _Entity" not in sdl


def test_the_served_schema_still_has_the_oms_root_fields(client, db):
    names = set(schema.graphql_schema.query_type.fields)
    assert {"me", "order", "orders", "_service", "_entities"} <= names


# -- Order --------------------------------------------------------------------------------------


def test_staff_see_the_oms_view_of_an_order_of_their_tenant(client, tenants):
    alpha, _ = tenants
    order = alpha.orders[0]
    status, body = post(
        client, ORDER_ENTITY, orders_of([order.saleor_id]), headers={"X-Api-Key": alpha.staff_key}
    )
    assert status == 200, body
    assert "errors" not in body
    entity = body["data"]["_entities"][0]
    assert entity["id"] == order.saleor_id
    oms = entity["oms"]
    assert oms["status"] == "UNFULFILLED"
    assert [event["kind"] for event in oms["timeline"]] == ["PLACED", "ROUTED", "SHIPPED"]
    assert oms["timeline"][-1]["trackingNumber"] == "ALPHA-TRACK"
    assert oms["routingPlan"]["state"] == "APPLIED"
    assert oms["routingPlan"]["reasons"] == [{"message": "ALPHA nearest stocked location"}]
    assert oms["flags"] == [{"label": "ALPHA VIP"}]
    assert oms["staffTasks"] == [{"title": "ALPHA call the customer"}]
    assert oms["returns"] == []


def test_an_order_of_another_tenant_or_unknown_resolves_to_null(client, tenants):
    alpha, bravo = tenants
    ids = [bravo.orders[0].saleor_id, "T3JkZXI6bm9wZQ==", alpha.orders[1].saleor_id]
    status, body = post(
        client, ORDER_ENTITY, orders_of(ids), headers={"X-Api-Key": alpha.staff_key}
    )
    assert status == 200, body
    entities = body["data"]["_entities"]
    assert entities[0] is None and entities[1] is None
    assert entities[2]["id"] == alpha.orders[1].saleor_id
    assert "BRAVO" not in json.dumps(body)


def test_a_customer_sees_the_timeline_of_their_own_order_only(client, tenants):
    alpha, bravo = tenants
    own, strangers = alpha.orders[-1], alpha.orders[0]
    with freeze_time(valid_moment("customer_access")):
        status, body = post(
            client,
            CUSTOMER_ORDER_ENTITY,
            orders_of([own.saleor_id, strangers.saleor_id, bravo.orders[-1].saleor_id]),
            headers={"Authorization": f"Bearer {tokens()['customer_access']}"},
        )
    assert status == 200, body
    mine, other, other_tenant = body["data"]["_entities"]
    assert [event["kind"] for event in mine["oms"]["timeline"]] == [
        "PLACED",
        "PAID",
        "ROUTED",
        "SHIPPED",
    ]
    assert other is None and other_tenant is None


def test_a_customer_may_not_read_routing_flags_or_tasks(client, tenants):
    alpha, _ = tenants
    with freeze_time(valid_moment("customer_access")):
        status, body = post(
            client,
            ORDER_ENTITY,
            orders_of([alpha.orders[-1].saleor_id]),
            headers={"Authorization": f"Bearer {tokens()['customer_access']}"},
        )
    assert status == 200
    oms = body["data"]["_entities"][0]["oms"]
    assert oms["routingPlan"] is None and oms["flags"] is None and oms["staffTasks"] is None
    assert oms["timeline"]
    assert set(error_codes(body)) == {"PERMISSION_DENIED"}
    assert "ALPHA VIP" not in json.dumps(body) and "ALPHA call" not in json.dumps(body)


@pytest.mark.parametrize("headers", [{}, {"Saleor-Api-Url": CAPTURE_API_URL}])
def test_anonymous_callers_get_no_order(client, tenants, headers):
    alpha, _ = tenants
    status, body = post(
        client, ORDER_ENTITY, orders_of([alpha.orders[0].saleor_id]), headers=headers
    )
    assert status == 200
    assert body["data"]["_entities"] == [None]


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Checkout", "id": "Q2hlY2tvdXQ6MQ=="},
        {"__typename": "Order"},
        {"__typename": "Order", "id": 7},
        "Order",
        {"__typename": "ProductVariant", "channel": CHANNEL},
        {"__typename": "ProductVariant", "id": "UHJvZHVjdFZhcmlhbnQ6MQ==", "channel": 7},
        {"__typename": "ProductVariant", "id": "UHJvZHVjdFZhcmlhbnQ6MQ==", "channel": ""},
    ],
)
def test_malformed_representations_are_refused(client, tenants, representation):
    alpha, _ = tenants
    status, body = post(
        client,
        ORDER_ENTITY,
        {"representations": [representation]},
        headers={"X-Api-Key": alpha.staff_key},
    )
    assert error_codes(body) == ["INVALID_ARGUMENTS"]
    assert body["data"] is None


# -- ProductVariant -------------------------------------------------------------------------------


def test_variant_availability_per_channel_and_pickup_location_nearest_first(client, tenants):
    alpha, _ = tenants
    near_new_york = {"latitude": 40.73, "longitude": -73.99}
    status, body = post(
        client,
        VARIANT_ENTITY,
        {**variants_of([(alpha.variants[0], CHANNEL)]), "near": near_new_york},
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    assert status == 200, body
    oms = body["data"]["_entities"][0]["oms"]
    # 5 - 1 allocated in LA, 2 in New York, 10 in Reno (which does no click & collect)
    assert oms["availableToSell"] == 16
    assert oms["inStock"] is True
    pickups = oms["pickupLocations"]
    assert [p["location"]["name"] for p in pickups] == ["ALPHA New York", "ALPHA Los Angeles"]
    assert [p["available"] for p in pickups] == [2, 4]
    assert pickups[0]["distanceKm"] < 5 < 3000 < pickups[1]["distanceKm"]


def test_a_variant_of_another_tenant_or_without_a_tenant_is_null(client, tenants):
    alpha, bravo = tenants
    keys = [(bravo.variants[0], CHANNEL), (alpha.variants[1], CHANNEL)]
    _, body = post(
        client, VARIANT_ENTITY, variants_of(keys), headers={"X-Api-Key": alpha.plain_key}
    )
    first, second = body["data"]["_entities"]
    assert first is None
    assert second["oms"]["availableToSell"] == 3
    _, anonymous = post(client, VARIANT_ENTITY, variants_of(keys))
    assert anonymous["data"]["_entities"] == [None, None]
    _, other = post(
        client, VARIANT_ENTITY, variants_of(keys), headers={"Saleor-Api-Url": OTHER_API_URL}
    )
    assert other["data"]["_entities"][1] is None
    assert other["data"]["_entities"][0]["oms"]["availableToSell"] == 16


def test_a_channel_the_oms_does_not_know_has_no_availability(client, tenants):
    alpha, _ = tenants
    _, body = post(
        client,
        VARIANT_ENTITY,
        variants_of([(alpha.variants[0], "elsewhere")]),
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    assert body["data"]["_entities"][0] == {
        "id": alpha.variants[0],
        "channel": "elsewhere",
        "oms": None,
    }


@pytest.mark.parametrize(
    "representation",
    [{"channel": None}, {}],
    ids=["channel null", "channel absent"],
)
def test_a_variant_key_without_a_channel_resolves_with_no_availability(
    client, tenants, representation
):
    """Saleor's ProductVariant key includes `channel`, null when the variant was asked for
    without one; stock is per channel, so the OMS knows the variant but has no figure for it."""
    alpha, bravo = tenants
    representations = [
        {"__typename": "ProductVariant", "id": alpha.variants[0], **representation},
        {"__typename": "ProductVariant", "id": bravo.variants[0], **representation},
        {"__typename": "ProductVariant", "id": alpha.variants[1], "channel": CHANNEL},
    ]
    status, body = post(
        client,
        VARIANT_ENTITY,
        {"representations": representations},
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    assert status == 200, body
    assert "errors" not in body, body
    without_channel, foreign, in_channel = body["data"]["_entities"]
    assert without_channel == {"id": alpha.variants[0], "channel": None, "oms": None}
    assert foreign is None
    assert in_channel["oms"]["availableToSell"] == 3
