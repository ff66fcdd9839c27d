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
from tests.fixtures.returns import CUSTOMER_EMAIL


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
    # without `first` a page may hold GRAPHQL_MAX_PAGE_SIZE (100) rows: 1 + 100 * 6 > 500,
    # whether `first` is a variable left out or not written at all
    no_first = "{ orders { edges { node { number lines { sku } } } } }"
    for document, variables in ((query, {}), (no_first, {})):
        status, body = post(client, document, variables, headers={"X-Api-Key": alpha.staff_key})
        assert status == 400, document
        assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
        assert "Ask for smaller pages" in body["errors"][0]["message"]


def _doubling_fragments(count: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, …: expanded, 2**count fields."""
    fragments = "".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(count)
    )
    return "query { ...F0 }\n" + fragments + f"fragment F{count} on Query {{ __typename }}\n"


def test_fragments_are_measured_once_however_often_they_are_spread(settings):
    from graphql import parse

    from saleor_oms_plugin.graphql.core.limits import _Measure
    from saleor_oms_plugin.graphql.schema import schema

    document = parse(_doubling_fragments(40))
    fragments = {d.name.value: d for d in document.definitions[1:]}
    measure = _Measure(fragments, {}, schema.graphql_schema)
    operation = document.definitions[0]
    assert measure.depth(operation.selection_set) == 1
    assert measure.complexity(operation.selection_set) == 2**40  # exact when not limited
    # a handful of visits per fragment, not 2**40
    assert measure.visited < 10 * 41
    limited = _Measure(fragments, {}, schema.graphql_schema, limit=10_000)
    assert 10_000 < limited.complexity(operation.selection_set) <= 2 * 10_000
    assert limited.visited < 10 * 41


def test_a_document_of_exponentially_spread_fragments_is_refused_quickly(client, db):
    import time

    query = _doubling_fragments(40)
    started = time.monotonic()
    response = client.get("/graphql/", {"query": query})
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert error_codes(response.json()) == ["QUERY_TOO_COMPLEX"]
    assert elapsed < 1.0, elapsed  # was 2**n work: ~3 s at n=20, hours at n=40


ENTITY_FIELDS = (
    "{ ... on ProductVariant { id oms { availableToSell pickupLocations { available"
    " location { name city streetAddress1 } } } } }"
)


def test_aliased_entities_count_every_representation(client, tenants):
    alpha, _ = tenants
    representations = [
        {"__typename": "ProductVariant", "id": alpha.variants[0], "channel": CHANNEL}
    ] * 500
    aliases = " ".join(f"a{i}: _entities(representations: $r) {ENTITY_FIELDS}" for i in range(100))
    query = "query($r: [_Any!]!) { " + aliases + " }"
    status, body = post(
        client, query, {"r": representations}, headers={"Saleor-Api-Url": CAPTURE_API_URL}
    )
    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "data" not in body


def test_list_arguments_count_their_items(client, tenants, settings):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_COMPLEXITY = 200
    headers = {"Saleor-Api-Url": CAPTURE_API_URL}
    query = """query($ids: [ID!]!) { variantAvailability(channel: "oms-us", variantIds: $ids) {
      variantId availableToSell inStock } }"""
    status, body = post(client, query, {"ids": alpha.variants}, headers=headers)
    assert status == 200, body
    # 1 + 100 * 3 > 200 (a literal list counts the same)
    status, body = post(client, query, {"ids": alpha.variants * 50}, headers=headers)
    assert status == 400 and error_codes(body) == ["QUERY_TOO_COMPLEX"]
    literal = query.replace("$ids", "[" + ", ".join(['"V"'] * 100) + "]").replace(
        "query([ID!]!) ", ""
    )
    literal = "{" + literal.split("{", 1)[1]
    status, body = post(client, literal, headers=headers)
    assert status == 400 and error_codes(body) == ["QUERY_TOO_COMPLEX"]


def test_a_request_names_at_most_the_entity_limit_across_aliases(client, tenants, settings):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_ENTITIES = 3
    query = """query($r: [_Any!]!) { a: _entities(representations: $r) { __typename }
      b: _entities(representations: $r) { __typename } }"""
    representations = [
        {"__typename": "ProductVariant", "id": v, "channel": CHANNEL} for v in alpha.variants
    ]
    status, body = post(
        client, query, {"r": representations}, headers={"Saleor-Api-Url": CAPTURE_API_URL}
    )
    # the first alias fits (2 of 3), the second would bring the request to 4
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "At most 3 representations" in body["errors"][0]["message"]
    assert body["errors"][0]["path"] == ["b"]


def test_one_entities_call_over_the_limit_is_refused_as_a_bad_argument(client, tenants, settings):
    alpha, _ = tenants
    settings.GRAPHQL_MAX_ENTITIES = 1
    query = """query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"""
    representations = [
        {"__typename": "ProductVariant", "id": v, "channel": CHANNEL} for v in alpha.variants
    ]
    status, body = post(
        client, query, {"r": representations}, headers={"Saleor-Api-Url": CAPTURE_API_URL}
    )
    assert error_codes(body) == ["INVALID_ARGUMENTS"]
    assert "At most 1 representations per request" in body["errors"][0]["message"]


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


def test_a_guest_order_with_the_customers_email_is_not_theirs(client, tenants):
    # given a guest order placed with the email the customer's (maybe unconfirmed) account has
    alpha, _ = tenants
    own_order = next(order for order in alpha.orders if order.number == "100")
    guest = make_order(alpha, 101, user_id="", email=CUSTOMER_EMAIL.upper())
    entities = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Order { oms { status } } } }"""
    representations = [
        {"__typename": "Order", "id": order.saleor_id} for order in (own_order, guest)
    ]
    headers = {"Authorization": f"Bearer {tokens()['customer_access']}"}
    with freeze_time(valid_moment("customer_access")):
        _, mine = post(client, MY_ORDERS, headers=headers)
        _, found = post(client, entities, {"r": representations}, headers=headers)
    # then only the order placed by their user ID is theirs
    assert [e["node"]["number"] for e in mine["data"]["myOrders"]["edges"]] == ["100"]
    own, other = found["data"]["_entities"]
    assert own is not None and other is None


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


# -- request-scoped loaders and mutations ----------------------------------------------------------


def _counter_schema():
    """A mutation that bumps a counter and answers it through a request-scoped loader."""
    from graphql import (
        GraphQLField,
        GraphQLInt,
        GraphQLNonNull,
        GraphQLObjectType,
        GraphQLSchema,
    )

    from saleor_oms_plugin.graphql.core.dataloaders import loader

    counter = {"value": 0}

    def value(root, info):
        return loader(info, "counter", lambda keys: {key: counter["value"] for key in keys}).load(
            "value"
        )

    bumped = GraphQLObjectType(
        "Bumped", {"value": GraphQLField(GraphQLNonNull(GraphQLInt), resolve=value)}
    )

    def bump(root, info):
        counter["value"] += 1
        return {}

    query = GraphQLObjectType("Query", {"bumped": GraphQLField(bumped, resolve=lambda *_: {})})
    mutation = GraphQLObjectType("Mutation", {"bump": GraphQLField(bumped, resolve=bump)})
    return GraphQLSchema(query=query, mutation=mutation)


@pytest.mark.parametrize("cleared", [True, False])
def test_each_mutation_of_a_document_starts_with_fresh_loaders(cleared):
    from types import SimpleNamespace

    from graphql import execute_sync, parse

    from saleor_oms_plugin.graphql.core.dataloaders import ClearLoadersPerMutation

    document = parse("mutation { a: bump { value } b: bump { value } }")
    result = execute_sync(
        _counter_schema(),
        document,
        context_value=SimpleNamespace(),
        middleware=[ClearLoadersPerMutation()] if cleared else None,
    )
    assert result.errors is None
    # without clearing, the second mutation answers what the first one loaded
    assert result.data == {"a": {"value": 1}, "b": {"value": 2 if cleared else 1}}


def test_queries_keep_their_loaders():
    from types import SimpleNamespace

    from graphql import execute_sync, parse

    from saleor_oms_plugin.graphql.core.dataloaders import ClearLoadersPerMutation

    context = SimpleNamespace()
    schema = _counter_schema()
    execute_sync(schema, parse("{ bumped { value } }"), context_value=context)
    loaders = dict(context._oms_loaders)
    execute_sync(
        schema,
        parse("{ x: bumped { value } }"),
        context_value=context,
        middleware=[ClearLoadersPerMutation()],
    )
    assert context._oms_loaders == loaders
