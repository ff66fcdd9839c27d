"""Limits of /graphql/: depth, complexity, page sizes, body size, bounded SQL per request, and the
storefront reads (availability, pickup, a customer's own orders)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from graphql import get_introspection_query

from tests.fixtures.contract import CAPTURE_API_URL, tokens
from tests.fixtures.federation import (
    CHANNEL,
    add_fulfilment_story,
    make_order,
    seed_two_tenants,
)
from tests.fixtures.graphql import error_codes, valid_moment


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


# -- depth and complexity --------------------------------------------------------------------------


def test_a_document_nested_deeper_than_the_limit_is_refused_before_execution(
    client, tenants, settings
):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_DEPTH = 4
    deep = "{ orders { edges { node { routingPlan { order { number } } } } } }"
    status, body = post(client, deep, headers={"X-Api-Key": alpha.staff_key})
    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_DEEP"]
    assert "nested 6 levels deep; at most 4" in body["errors"][0]["message"]
    assert "data" not in body


def test_the_complexity_counts_rows_of_every_page(client, tenants, settings):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_COMPLEXITY = 500
    query = "query($n: Int) { orders(first: $n) { edges { node { number lines { sku } } } } }"
    status, small = post(client, query, {"n": 10}, headers={"X-Api-Key": alpha.staff_key})
    assert status == 200 and "errors" not in small
    # without `first` a page may hold GRAPHQL_MAX_PAGE_SIZE (100) rows: 1 + 100 * 5 > 500
    status, body = post(client, query, {}, headers={"X-Api-Key": alpha.staff_key})
    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "Ask for smaller pages" in body["errors"][0]["message"]


def test_introspection_is_on_and_within_the_limits(client, db):
    status, body = post(client, get_introspection_query(descriptions=True))
    assert status == 200, body
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"OmsOrder", "Order", "ProductVariant", "_Entity"} <= names


def test_page_sizes_are_capped(client, tenants, settings):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_PAGE_SIZE = 2
    query = "{ orders(first: 50) { edges { node { number } } pageInfo { hasNextPage } } }"
    _, body = post(client, query, headers={"X-Api-Key": alpha.staff_key})
    assert len(body["data"]["orders"]["edges"]) == 2
    assert body["data"]["orders"]["pageInfo"]["hasNextPage"] is True


def test_a_body_over_the_limit_is_refused(client, db):
    huge = json.dumps({"query": "{ me { kind } }", "padding": "x" * (1024 * 1024)})
    response = client.post("/graphql/", data=huge, content_type="application/json")
    assert response.status_code == 413
    assert error_codes(response.json()) == ["REQUEST_TOO_LARGE"]


# -- bounded SQL ------------------------------------------------------------------------------------

ORDERS_DEEP = """
query($n: Int) { orders(first: $n) { edges { node {
  number flags { label } routingPlans { state shipments { location { name } } }
  routingPlan { reasons { message } } lines { sku } fulfillments { status lines { quantity } }
} } } }
"""
ENTITIES_DEEP = """
query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Order { oms { status timeline { kind } returns { rmaNumber } flags { label }
    staffTasks { title } routingPlan { shipments { location { name } } } } }
} }
"""


def _queries(client, query, variables, headers):
    # Once first: authenticating may write (an API key's last use is recorded now and then).
    post(client, "{ me { kind } }", headers=headers)
    with CaptureQueriesContext(connection) as captured:
        status, body = post(client, query, variables, headers=headers)
    assert status == 200 and "errors" not in body, body
    return len(captured.captured_queries), body


def _more_orders(seeded, count):
    for number in range(10, 10 + count):
        order = make_order(seeded, number)
        add_fulfilment_story(order, seeded.marker, seeded.locations[0])
        seeded.orders.append(order)


def test_a_page_of_orders_costs_the_same_queries_whatever_its_size(client, tenants):
    alpha, _ = tenants
    headers = {"X-Api-Key": alpha.staff_key}
    small, body = _queries(client, ORDERS_DEEP, {"n": 2}, headers)
    assert len(body["data"]["orders"]["edges"]) == 2
    _more_orders(alpha, 20)
    large, body = _queries(client, ORDERS_DEEP, {"n": 20}, headers)
    assert len(body["data"]["orders"]["edges"]) == 20
    assert large == small, (small, large)


def test_entities_cost_the_same_queries_whatever_their_number(client, tenants):
    alpha, _ = tenants
    headers = {"X-Api-Key": alpha.staff_key}

    def representations(orders):
        return {"representations": [{"__typename": "Order", "id": o.saleor_id} for o in orders]}

    small, _ = _queries(client, ENTITIES_DEEP, representations(alpha.orders[:2]), headers)
    _more_orders(alpha, 20)
    large, body = _queries(client, ENTITIES_DEEP, representations(alpha.orders), headers)
    assert len(body["data"]["_entities"]) == len(alpha.orders) > 20
    assert large == small, (small, large)


def test_variant_availability_costs_the_same_queries_for_one_or_many_variants(client, tenants):
    alpha, _ = tenants
    query = """query($ids: [ID!]!) { variantAvailability(channel: "oms-us", variantIds: $ids) {
      availableToSell pickupLocations { location { name } available } } }"""
    headers = {"Saleor-Api-Url": CAPTURE_API_URL}
    one, _ = _queries(client, query, {"ids": alpha.variants[:1]}, headers)
    many, body = _queries(
        client, query, {"ids": [*alpha.variants, "UHJvZHVjdFZhcmlhbnQ6OTk="]}, headers
    )
    assert [row["availableToSell"] for row in body["data"]["variantAvailability"]] == [16, 3, 0]
    assert many == one


# -- storefront reads ----------------------------------------------------------------------------

AVAILABILITY = """
query($channel: String!, $ids: [ID!]!) {
  variantAvailability(channel: $channel, variantIds: $ids) {
    variantId channel availableToSell inStock
  }
}
"""
PICKUP = """
query($lines: [OmsPickupLineInput!]!, $near: OmsGeoPointInput) {
  pickupAvailability(channel: "oms-us", lines: $lines, near: $near) {
    location { name city } distanceKm complete lines { variantId quantity available }
  }
}
"""
MY_ORDERS = """
query { myOrders(first: 10) { totalCount edges { node { number status timeline { kind message } } } } }
"""


def test_anonymous_storefronts_read_availability_of_the_saleor_they_name(client, tenants):
    alpha, bravo = tenants
    variables = {"channel": CHANNEL, "ids": [alpha.variants[0], bravo.variants[0]]}
    status, body = post(
        client, AVAILABILITY, variables, headers={"Saleor-Api-Url": CAPTURE_API_URL}
    )
    assert status == 200, body
    own, foreign = body["data"]["variantAvailability"]
    assert own == {
        "variantId": alpha.variants[0],
        "channel": CHANNEL,
        "availableToSell": 16,
        "inStock": True,
    }
    # a variant only another tenant stocks is simply not stocked here
    assert foreign["availableToSell"] == 0 and foreign["inStock"] is False


def test_availability_without_any_tenant_is_refused(client, tenants):
    _, body = post(client, AVAILABILITY, {"channel": CHANNEL, "ids": []})
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = post(
        client,
        AVAILABILITY,
        {"channel": CHANNEL, "ids": []},
        headers={"Saleor-Api-Url": "http://unknown.example/graphql/"},
    )
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_pickup_availability_puts_complete_locations_first_then_nearest(client, tenants):
    alpha, _ = tenants
    lines = [
        {"variantId": alpha.variants[0], "quantity": 2},
        {"variantId": alpha.variants[1], "quantity": 1},
    ]
    near_los_angeles = {"latitude": 34.0, "longitude": -118.2}
    status, body = post(
        client,
        PICKUP,
        {"lines": lines, "near": near_los_angeles},
        headers={"X-Api-Key": alpha.plain_key},
    )
    assert status == 200, body
    options = body["data"]["pickupAvailability"]
    # New York holds both lines; Los Angeles is nearer but has none of the second variant.
    assert [o["location"]["name"] for o in options] == ["ALPHA New York", "ALPHA Los Angeles"]
    assert [o["complete"] for o in options] == [True, False]
    assert options[1]["lines"] == [
        {"variantId": alpha.variants[0], "quantity": 2, "available": 4},
        {"variantId": alpha.variants[1], "quantity": 1, "available": 0},
    ]
    assert options[1]["distanceKm"] < options[0]["distanceKm"]


def test_pickup_quantities_must_be_positive(client, tenants):
    alpha, _ = tenants
    lines = [{"variantId": alpha.variants[0], "quantity": 0}]
    _, body = post(client, PICKUP, {"lines": lines}, headers={"Saleor-Api-Url": CAPTURE_API_URL})
    assert error_codes(body) == ["INVALID_ARGUMENTS"]


def test_a_customer_lists_their_own_orders_with_timelines(client, tenants):
    with freeze_time(valid_moment("customer_access")):
        status, body = post(
            client, MY_ORDERS, headers={"Authorization": f"Bearer {tokens()['customer_access']}"}
        )
    assert status == 200, body
    orders = body["data"]["myOrders"]
    # only ALPHA's order 100: BRAVO's order of the same user ID belongs to another Saleor
    assert orders["totalCount"] == 1
    node = orders["edges"][0]["node"]
    assert node["number"] == "100"
    assert [e["kind"] for e in node["timeline"]] == ["PLACED", "PAID", "ROUTED", "SHIPPED"]
    assert "BRAVO" not in json.dumps(body)


@pytest.mark.parametrize("who", ["anonymous", "api_key"])
def test_my_orders_is_for_customers_only(client, tenants, who):
    alpha, _ = tenants
    headers = {"X-Api-Key": alpha.staff_key} if who == "api_key" else {}
    _, body = post(client, MY_ORDERS, headers=headers)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None


def test_a_document_of_too_many_tokens_is_refused_unparsed(client, db):
    query = "{ " + " ".join(["__typename"] * 25_000) + " }"
    status, body = post(client, query)
    assert status == 400
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]


@pytest.mark.parametrize(
    "query",
    [
        "query($n: Int) { routingPlans(first: $n) { edges { node { state reasons { message }"
        " order { number } shipments { location { name } lines { sku } } } } } }",
        "query($n: Int) { staffTasks(first: $n) { edges { node { title order { number } } } } }",
    ],
)
def test_other_lists_cost_the_same_queries_whatever_their_size(client, tenants, query):
    alpha, _ = tenants
    headers = {"X-Api-Key": alpha.staff_key}
    small, _ = _queries(client, query, {"n": 2}, headers)
    _more_orders(alpha, 20)
    large, body = _queries(client, query, {"n": 20}, headers)
    assert len(next(iter(body["data"].values()))["edges"]) == 20
    assert large == small, (small, large)
