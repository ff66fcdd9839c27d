"""requestReturn / myReturns on /graphql/: customers, guests, forged tokens."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from saleor_oms_plugin.returns.models import ReturnRequest
from tests.fixtures.contract import CAPTURE_API_URL, tokens
from tests.fixtures.graphql import error_codes, forged, gql, valid_moment
from tests.fixtures.returns import (
    CUSTOMER_EMAIL,
    captured_order,
    make_policy,
    make_shipped_order,
)

pytestmark = pytest.mark.django_db
REQUEST = """
mutation R($input: OmsRequestReturnInput!) {
  requestReturn(input: $input) {
    returnRequest { rmaNumber status orderNumber lines { sku quantity reason } }
    errors { field code message }
  }
}
"""
MINE = "{ myReturns { rmaNumber orderNumber } }"


def _input(order, **extra):
    line = order.lines.get(sku="OMS-SKU-001")
    return {
        "orderNumber": order.number,
        "resolution": "REFUND",
        "lines": [{"orderLineId": line.saleor_id, "quantity": 1, "reason": "damaged"}],
        **extra,
    }


@pytest.fixture
def shop(capture_tenant):
    cache.clear()  # no guest lookups counted by another test
    make_policy(capture_tenant, window_days=3650)
    return capture_tenant


def test_a_customer_returns_their_own_order_and_lists_it(client, shop):
    order = make_shipped_order(shop, 701)
    token = tokens()["customer_access"]
    with freeze_time(valid_moment("customer_access")):
        status, body = gql(client, REQUEST, {"input": _input(order)}, token=token)
        _, mine = gql(client, MINE, token=token)
    assert status == 200, body
    payload = body["data"]["requestReturn"]
    assert payload["errors"] == []
    assert payload["returnRequest"]["rmaNumber"] == "RMA-000001"
    assert mine["data"]["myReturns"] == [{"rmaNumber": "RMA-000001", "orderNumber": "701"}]


def test_another_customers_order_is_answered_as_not_found(client, shop):
    order = make_shipped_order(shop, 702, user_id="VXNlcjo5OQ==", email="ada@example.com")
    with freeze_time(valid_moment("customer_access")):
        _, body = gql(client, REQUEST, {"input": _input(order)}, token=tokens()["customer_access"])
    assert body["data"]["requestReturn"]["errors"][0]["code"] == "NOT_FOUND"
    assert not ReturnRequest.objects.exists()


def test_a_forged_token_is_refused(client, shop):
    order = make_shipped_order(shop, 703)
    with freeze_time(valid_moment("customer_access")):
        status, body = gql(
            client, REQUEST, {"input": _input(order)}, token=forged(tokens()["customer_access"])
        )
    assert (status, error_codes(body)) == (401, ["INVALID_TOKEN"])
    assert not ReturnRequest.objects.exists()


def _guest(client, variables):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": REQUEST, "variables": variables}),
        content_type="application/json",
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    return response.json()


def test_a_guest_returns_with_order_number_and_email(client, shop):
    order = make_shipped_order(shop, 704, user_id="", email="guest@example.com")
    wrong = _guest(client, {"input": _input(order, email="someone@example.com")})
    assert wrong["data"]["requestReturn"]["errors"][0]["code"] == "NOT_FOUND"
    right = _guest(client, {"input": _input(order, email="Guest@Example.com")})
    assert right["data"]["requestReturn"]["returnRequest"]["rmaNumber"] == "RMA-000001"


def test_policy_refusals_reach_the_customer_with_their_code(client, shop):
    order = make_shipped_order(shop, 705)
    variables = {"input": _input(order)}
    variables["input"]["lines"][0]["quantity"] = 5
    with freeze_time(valid_moment("customer_access")):
        _, body = gql(client, REQUEST, variables, token=tokens()["customer_access"])
    assert body["data"]["requestReturn"]["errors"][0]["code"] == "QUANTITY_EXCEEDED"


OTHER_SIZE = "UHJvZHVjdFZhcmlhbnQ6NDAz"  # another variant of OMS-SKU-001's product


def _other_size_known(shop):
    """Another order of the shop holds OMS-SKU-001's product in another size."""
    payload = captured_order(799)
    line = next(line for line in payload["lines"] if line["productSku"] == "OMS-SKU-001")
    line["variant"] = {**line["variant"], "id": OTHER_SIZE}
    make_shipped_order(shop, 799, payload=payload)


def test_a_customer_asks_for_an_exchange_to_another_variant(client, shop):
    order = make_shipped_order(shop, 706)
    _other_size_known(shop)
    variables = {"input": _input(order, resolution="EXCHANGE")}
    variables["input"]["lines"][0]["replacementVariantId"] = OTHER_SIZE
    query = REQUEST.replace("reason }", "reason replacementVariantId }")
    with freeze_time(valid_moment("customer_access")):
        _, body = gql(client, query, variables, token=tokens()["customer_access"])
    payload = body["data"]["requestReturn"]
    assert payload["errors"] == []
    assert payload["returnRequest"]["lines"][0]["replacementVariantId"] == OTHER_SIZE


@pytest.mark.parametrize(
    "variant",
    [
        "UHJvZHVjdFZhcmlhbnQ6NDIx",  # a variant of the order's other product
        "UHJvZHVjdFZhcmlhbnQ6NDA0",  # a variant the shop's orders never held
    ],
)
def test_a_customer_cannot_exchange_for_another_product(client, shop, variant):
    order = make_shipped_order(shop, 709)
    _other_size_known(shop)
    variables = {"input": _input(order, resolution="EXCHANGE")}
    variables["input"]["lines"][0]["replacementVariantId"] = variant
    with freeze_time(valid_moment("customer_access")):
        _, body = gql(client, REQUEST, variables, token=tokens()["customer_access"])
    errors = body["data"]["requestReturn"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("lines", "INVALID_REPLACEMENT")]
    assert not ReturnRequest.objects.exists()


def test_a_guest_order_with_the_customers_email_is_not_theirs_by_token(client, shop):
    # given a guest order placed with the email a (possibly unconfirmed) account now carries
    order = make_shipped_order(shop, 707, user_id="", email=CUSTOMER_EMAIL)
    guest = _guest(client, {"input": _input(order, email=CUSTOMER_EMAIL)})
    assert guest["data"]["requestReturn"]["errors"] == []
    token = tokens()["customer_access"]
    with freeze_time(valid_moment("customer_access")):
        # then the token alone neither finds the order nor lists the guest's return
        _, body = gql(client, REQUEST, {"input": _input(order)}, token=token)
        _, mine = gql(client, MINE, token=token)
        # but naming the order's email, as a guest would, still works
        _, named = gql(client, REQUEST, {"input": _input(order, email=CUSTOMER_EMAIL)}, token=token)
    assert body["data"]["requestReturn"]["errors"][0]["code"] == "NOT_FOUND"
    assert mine["data"]["myReturns"] == []
    assert named["data"]["requestReturn"]["errors"][0]["code"] == "QUANTITY_EXCEEDED"


def test_guest_lookups_are_rate_limited_per_address_and_shop(client, shop):
    order = make_shipped_order(shop, 708, user_id="", email="guest@example.com")
    for attempt in range(10):
        wrong = _guest(client, {"input": _input(order, email=f"guess{attempt}@example.com")})
        assert wrong["data"]["requestReturn"]["errors"][0]["code"] == "NOT_FOUND"
    # the eleventh lookup is refused, even with the right email
    right = _guest(client, {"input": _input(order, email="guest@example.com")})
    assert right["data"]["requestReturn"]["errors"][0]["code"] == "RATE_LIMITED"
    response = client.post(
        "/graphql/",
        data=json.dumps(
            {
                "query": 'query { orderReturns(orderNumber: "708", email: "guest@example.com")'
                " { rmaNumber } }"
            }
        ),
        content_type="application/json",
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    assert error_codes(response.json()) == ["RATE_LIMITED"]
    # another address is not affected
    other = client.post(
        "/graphql/",
        data=json.dumps(
            {"query": REQUEST, "variables": {"input": _input(order, email="guest@example.com")}}
        ),
        content_type="application/json",
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.json()["data"]["requestReturn"]["errors"] == []


def test_a_retry_with_the_same_idempotency_key_answers_the_return_already_opened(client, shop):
    # given a guest whose first request committed but whose client never saw the answer
    order = make_shipped_order(shop, 709, user_id="", email="guest@example.com")
    asked = _input(order, email="guest@example.com", idempotencyKey="return-709-a")
    first = _guest(client, {"input": asked})["data"]["requestReturn"]

    # when the client asks again with the same key, then once more with a new key
    again = _guest(client, {"input": asked})["data"]["requestReturn"]
    other = _guest(client, {"input": {**asked, "idempotencyKey": "return-709-b"}})

    # then the retry answers the same RMA and stores nothing; a new key is a new request,
    # checked again (the one shipped unit is claimed already)
    assert first["errors"] == [] and again["errors"] == []
    assert again["returnRequest"] == first["returnRequest"]
    assert first["returnRequest"]["rmaNumber"] == "RMA-000001"
    refused = other["data"]["requestReturn"]
    assert [e["code"] for e in refused["errors"]] == ["QUANTITY_EXCEEDED"], refused
    assert ReturnRequest.objects.filter(order=order).count() == 1


def test_an_idempotency_key_used_for_another_order_is_refused(client, shop):
    first_order = make_shipped_order(shop, 710, user_id="", email="guest@example.com")
    second_order = make_shipped_order(shop, 711, user_id="", email="guest@example.com")
    key = {"email": "guest@example.com", "idempotencyKey": "return-shared"}
    _guest(client, {"input": _input(first_order, **key)})

    refused = _guest(client, {"input": _input(second_order, **key)})["data"]["requestReturn"]

    assert [e["code"] for e in refused["errors"]] == ["INVALID_IDEMPOTENCY_KEY"]
    assert not ReturnRequest.objects.filter(order=second_order).exists()
