"""The /graphql/ conventions: tenant scoping, permissions, pagination, payload errors, limits."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.tenants.models import ApiKey
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import (
    error_codes,
    gql,
    make_api_key,
    make_location,
    make_order,
    valid_moment,
)
from tests.fixtures.tenants import make_capture_tenant

ORDERS = """
query Orders($first: Int, $after: String, $search: String) {
  orders(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { id number } }
  }
}
"""
ORDER_BY = """
query Order($id: ID, $saleorId: String, $number: String) {
  order(id: $id, saleorId: $saleorId, number: $number) { id number }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on OmsOrder { number } } }"
API_KEY_CREATE = """
mutation Create($name: String!, $permissions: [String!]!) {
  apiKeyCreate(input: {name: $name, permissions: $permissions}) {
    key
    apiKey { id name permissions isActive }
    errors { field message code }
  }
}
"""
API_KEY_REVOKE = """
mutation Revoke($id: ID!) {
  apiKeyRevoke(id: $id) { apiKey { isActive } errors { field code } }
}
"""


@pytest.fixture
def other_tenant(db):
    return make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/", app_id="QXBwOjc=")


def _numbers(body: dict) -> list[str]:
    return [edge["node"]["number"] for edge in body["data"]["orders"]["edges"]]


# -- API keys ---------------------------------------------------------------------------------


def test_api_key_created_in_the_dashboard_works_until_revoked(client, capture_tenant):
    dashboard = tokens()["app_extension_access"]
    make_order(capture_tenant, 1)
    # given a staff member in the Dashboard creates a key that may read orders
    with freeze_time(valid_moment("app_extension_access")):
        _, created = gql(
            client,
            API_KEY_CREATE,
            {"name": "ERP", "permissions": ["MANAGE_ORDERS"]},
            token=dashboard,
        )
    payload = created["data"]["apiKeyCreate"]
    assert payload["errors"] == []
    assert payload["apiKey"]["permissions"] == ["MANAGE_ORDERS"]
    plain = payload["key"]
    assert plain.startswith("oms_")
    # when the integration uses it
    status, listed = gql(client, ORDERS, api_key=plain)
    # then it reads the tenant's orders
    assert status == 200, listed
    assert _numbers(listed) == ["1"]
    # when the staff member revokes it
    with freeze_time(valid_moment("app_extension_access")):
        _, revoked = gql(client, API_KEY_REVOKE, {"id": payload["apiKey"]["id"]}, token=dashboard)
    assert revoked["data"]["apiKeyRevoke"] == {"apiKey": {"isActive": False}, "errors": []}
    # then the key no longer authenticates
    status, refused = gql(client, ORDERS, api_key=plain)
    assert status == 401
    assert error_codes(refused) == ["INVALID_API_KEY"]


def test_api_key_cannot_grant_more_than_its_creator_holds(client, capture_tenant):
    # given the Dashboard user does not hold MANAGE_WEBHOOKS (not in their user_permissions)
    with freeze_time(valid_moment("app_extension_access")):
        # when they ask for a key with it
        _, body = gql(
            client,
            API_KEY_CREATE,
            {"name": "ERP", "permissions": ["MANAGE_ORDERS", "MANAGE_WEBHOOKS"]},
            token=tokens()["app_extension_access"],
        )
    # then the payload says which field is wrong and nothing was created
    payload = body["data"]["apiKeyCreate"]
    assert payload["key"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("permissions", "INVALID_PERMISSIONS")
    ]
    assert not ApiKey.objects.exists()


def test_api_key_name_is_validated_by_the_service(client, capture_tenant):
    with freeze_time(valid_moment("app_extension_access")):
        _, body = gql(
            client,
            API_KEY_CREATE,
            {"name": "   ", "permissions": []},
            token=tokens()["app_extension_access"],
        )
    assert [(e["field"], e["code"]) for e in body["data"]["apiKeyCreate"]["errors"]] == [
        ("name", "INVALID_NAME")
    ]
    assert not ApiKey.objects.exists()


def test_customer_cannot_create_api_keys(client, capture_tenant):
    # when a customer tries to create a key
    with freeze_time(valid_moment("customer_access")):
        status, body = gql(
            client,
            API_KEY_CREATE,
            {"name": "mine", "permissions": []},
            token=tokens()["customer_access"],
        )
    # then permission is denied and nothing was created
    assert status == 200
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None
    assert not ApiKey.objects.exists()


def test_api_key_cannot_create_api_keys_even_with_manage_apps(client, capture_tenant):
    plain = make_api_key(capture_tenant, ["MANAGE_APPS", "MANAGE_ORDERS"])
    _, body = gql(client, API_KEY_CREATE, {"name": "child", "permissions": []}, api_key=plain)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert ApiKey.objects.count() == 1


def test_api_key_of_another_tenant_cannot_be_revoked(client, capture_tenant, other_tenant):
    # given a key of tenant B
    make_api_key(other_tenant, ["MANAGE_ORDERS"])
    foreign = ApiKey.objects.get(tenant=other_tenant)
    # when tenant A's staff tries to revoke it
    with freeze_time(valid_moment("app_extension_access")):
        _, body = gql(
            client,
            API_KEY_REVOKE,
            {"id": to_global_id("OmsApiKey", foreign.pk)},
            token=tokens()["app_extension_access"],
        )
    # then it does not exist for them and stays live
    assert body["data"]["apiKeyRevoke"] == {
        "apiKey": None,
        "errors": [{"field": "id", "code": "NOT_FOUND"}],
    }
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# -- tenant isolation and permissions ---------------------------------------------------------


def test_orders_of_another_tenant_are_invisible(client, capture_tenant, other_tenant):
    # given each tenant has an order, both numbered 7
    mine = make_order(capture_tenant, 7)
    theirs = make_order(other_tenant, 7)
    make_order(other_tenant, 8)
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    # when tenant A lists, looks up by number, by saleorId and by node id
    _, listed = gql(client, ORDERS, api_key=plain)
    _, by_number = gql(client, ORDER_BY, {"number": "8"}, api_key=plain)
    _, by_saleor_id = gql(client, ORDER_BY, {"saleorId": theirs.saleor_id}, api_key=plain)
    _, by_id = gql(client, ORDER_BY, {"id": to_global_id("OmsOrder", theirs.pk)}, api_key=plain)
    _, by_node = gql(client, NODE, {"id": to_global_id("OmsOrder", theirs.pk)}, api_key=plain)
    _, own_by_number = gql(client, ORDER_BY, {"number": "#7"}, api_key=plain)
    # then only its own order exists
    assert _numbers(listed) == ["7"]
    assert listed["data"]["orders"]["totalCount"] == 1
    assert listed["data"]["orders"]["edges"][0]["node"]["id"] == to_global_id("OmsOrder", mine.pk)
    assert by_number["data"]["order"] is None
    assert by_saleor_id["data"]["order"] is None
    assert by_id["data"]["order"] is None
    assert by_node["data"]["node"] is None
    assert own_by_number["data"]["order"]["id"] == to_global_id("OmsOrder", mine.pk)


def test_node_resolves_own_orders_and_locations(client, capture_tenant):
    order = make_order(capture_tenant, 3)
    location = make_location(capture_tenant, "Los Angeles")
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    query = "query N($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { ... on OmsLocation { name } } }"
    _, body = gql(
        client,
        query,
        {"a": to_global_id("OmsOrder", order.pk), "b": to_global_id("OmsLocation", location.pk)},
        api_key=plain,
    )
    assert "errors" not in body, body
    assert body["data"] == {
        "a": {"id": to_global_id("OmsOrder", order.pk)},
        "b": {"name": "Los Angeles"},
    }


def test_orders_need_manage_orders(client, capture_tenant):
    make_order(capture_tenant, 1)
    plain = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(client, ORDERS, api_key=plain)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["errors"][0]["extensions"]["requiredPermissions"] == ["MANAGE_ORDERS"]
    assert body["data"] is None


def test_anonymous_caller_sees_no_orders(client, capture_tenant):
    make_order(capture_tenant, 1)
    _, body = gql(client, ORDERS)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_order_lookup_needs_exactly_one_key(client, capture_tenant):
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, none_given = gql(client, ORDER_BY, api_key=plain)
    _, two_given = gql(client, ORDER_BY, {"number": "1", "saleorId": "x"}, api_key=plain)
    _, wrong_type = gql(client, ORDER_BY, {"id": to_global_id("OmsLocation", 1)}, api_key=plain)
    assert error_codes(none_given) == ["INVALID_ARGUMENTS"]
    assert error_codes(two_given) == ["INVALID_ARGUMENTS"]
    assert error_codes(wrong_type) == ["INVALID_ID"]


def test_locations_list_own_live_locations(client, capture_tenant, other_tenant):
    make_location(capture_tenant, "New York")
    make_location(capture_tenant, "Los Angeles")
    make_location(capture_tenant, "Closed", is_deleted=True)
    make_location(other_tenant, "Elsewhere")
    plain = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(
        client, "{ locations { totalCount edges { node { name latitude } } } }", api_key=plain
    )
    assert body["data"]["locations"] == {
        "totalCount": 2,
        "edges": [
            {"node": {"name": "Los Angeles", "latitude": 34.05}},
            {"node": {"name": "New York", "latitude": 34.05}},
        ],
    }


def test_tenant_shows_the_viewers_installation(client, capture_tenant):
    plain = make_api_key(capture_tenant, [])
    _, body = gql(client, "{ tenant { saleorApiUrl saleorAppId isActive } }", api_key=plain)
    assert body["data"]["tenant"] == {
        "saleorApiUrl": "http://127.0.0.1:8000/graphql/",
        "saleorAppId": "QXBwOjI=",
        "isActive": True,
    }


# -- pagination and query cost ----------------------------------------------------------------


def test_pages_are_capped_and_followed_by_cursor(client, capture_tenant, settings):
    # given five orders and a page-size cap of two
    settings.GRAPHQL_MAX_PAGE_SIZE = 2
    for number in range(1, 6):
        make_order(capture_tenant, number, lines=0, fulfillments=0)
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    # when a client asks for 50 at a time and follows endCursor
    pages, after = [], None
    while True:
        _, body = gql(client, ORDERS, {"first": 50, "after": after}, api_key=plain)
        connection = body["data"]["orders"]
        pages.append(_numbers(body))
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    # then each page held at most two, newest first, and every order came exactly once
    assert pages == [["5", "4"], ["3", "2"], ["1"]]
    assert connection["totalCount"] == 5
    assert connection["pageInfo"]["hasPreviousPage"] is True


def test_malformed_cursor_is_refused(client, capture_tenant):
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, body = gql(client, ORDERS, {"after": "not-a-cursor"}, api_key=plain)
    assert error_codes(body) == ["INVALID_CURSOR"]


ORDERS_DEEP = """
{
  orders(first: 20) {
    edges { node {
      number
      shippingAddress { city }
      lines { sku quantity }
      fulfillments { status lines { quantity orderLineSaleorId } }
    } }
  }
}
"""


def test_orders_page_costs_a_fixed_number_of_queries(
    client, capture_tenant, django_assert_max_num_queries
):
    # given ten orders with lines and fulfilments
    for number in range(1, 11):
        make_order(capture_tenant, number, lines=3, fulfillments=2)
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    gql(client, "{ me { kind } }", api_key=plain)  # touches last_used_at once, outside the count
    # when a page with lines and fulfilments is read
    # then: key (1), orders (1), lines (1), fulfilments (1), fulfilment lines (1)
    with django_assert_max_num_queries(5):
        status, body = gql(client, ORDERS_DEEP, api_key=plain)
    assert status == 200, body
    edges = body["data"]["orders"]["edges"]
    assert len(edges) == 10
    assert all(len(edge["node"]["lines"]) == 3 for edge in edges)
    assert all(len(edge["node"]["fulfillments"]) == 2 for edge in edges)
    assert edges[0]["node"]["shippingAddress"] == {"city": "SAN FRANCISCO"}


# -- the HTTP edge ----------------------------------------------------------------------------


def test_malformed_json_is_a_400_graphql_error(client, db):
    response = client.post("/graphql/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_codes(response.json()) == ["MALFORMED_REQUEST"]


def test_body_above_one_mib_is_refused(client, db):
    big = json.dumps({"query": "{ me { kind } }", "padding": "x" * (1024 * 1024)})
    response = client.post("/graphql/", data=big, content_type="application/json")
    assert response.status_code == 413
    assert error_codes(response.json()) == ["REQUEST_TOO_LARGE"]


def test_invalid_document_is_a_400_validation_error(client, db):
    status, body = gql(client, "{ me { nope } }")
    assert status == 400
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


def test_get_runs_queries_but_never_mutations(client, capture_tenant):
    query_response = client.get("/graphql/", {"query": "{ me { kind } }"})
    mutation_response = client.get(
        "/graphql/", {"query": 'mutation { apiKeyRevoke(id: "x") { errors { code } } }'}
    )
    assert query_response.status_code == 200
    assert query_response.json()["data"] == {"me": {"kind": "ANONYMOUS"}}
    assert mutation_response.status_code == 405
    assert error_codes(mutation_response.json()) == ["METHOD_NOT_ALLOWED"]


def test_node_with_a_malformed_id_is_an_invalid_id_error(client, capture_tenant):
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, garbage = gql(client, NODE, {"id": "garbage"}, api_key=plain)
    _, unknown_type = gql(client, NODE, {"id": to_global_id("Order", 1)}, api_key=plain)
    assert error_codes(garbage) == ["INVALID_ID"]
    assert error_codes(unknown_type) == ["INVALID_ID"]


def test_api_key_nodes_need_a_staff_member_with_manage_apps(client, capture_tenant):
    plain = make_api_key(capture_tenant, ["MANAGE_APPS"])
    key = ApiKey.objects.get()
    _, body = gql(client, NODE, {"id": to_global_id("OmsApiKey", key.pk)}, api_key=plain)
    assert error_codes(body) == ["PERMISSION_DENIED"]
