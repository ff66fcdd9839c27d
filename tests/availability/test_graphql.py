"""The outbound availability GraphQL API: subscriptions, deliveries, redelivery; tenants."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from saleor_oms_plugin.availability import push
from saleor_oms_plugin.availability.models import AvailabilityDelivery, AvailabilitySubscription
from saleor_oms_plugin.core.crypto import decrypt_secret
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.receiver import Receiver
from tests.fixtures.stock_watch import deliver_pending
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"

CREATE = """
mutation Create($input: OmsAvailabilitySubscriptionCreateInput!) {
  availabilitySubscriptionCreate(input: $input) {
    subscription { id name url channels isActive }
    secret
    errors { field message code }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: OmsAvailabilitySubscriptionUpdateInput!) {
  availabilitySubscriptionUpdate(id: $id, input: $input) {
    subscription { isActive channels } secret errors { field code }
  }
}
"""
DELIVERIES = """
query Deliveries($state: OmsAvailabilityDeliveryState) {
  availabilitySubscriptions { id name }
  availabilityDeliveries(first: 10, state: $state) {
    totalCount
    edges { node { id deliveryId sequence itemCount state attempts lastStatus payload
                   subscription { name } } }
  }
}
"""
REDELIVER = """
mutation Redeliver($id: ID!) {
  availabilityDeliveryRedeliver(id: $id) { delivery { state attempts } errors { field code } }
}
"""


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    monkeypatch.setattr(push, "DEBOUNCE_SECONDS", 0)
    cache.clear()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def shop(capture_tenant):
    la = make_location(capture_tenant, "LA")
    make_stock(capture_tenant, la, MUG, on_hand=4)
    make_channel(capture_tenant, "marketplace", [la])
    capture_tenant.settings = {"availability": {"max_attempts": 2}}
    capture_tenant.save()
    return capture_tenant, make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])


def _create(client, key, url, **extra):
    variables = {"input": {"name": "feed", "url": url, "channels": ["marketplace"], **extra}}
    return gql(client, CREATE, variables, api_key=key)


def test_subscribe_see_the_dead_letter_and_redeliver_it(
    client, shop, receiver, django_capture_on_commit_callbacks
):
    tenant, key = shop
    receiver.statuses.extend([500, 500])
    with django_capture_on_commit_callbacks(execute=True):
        _, body = _create(client, key, receiver.url)
    deliver_pending()
    payload = body["data"]["availabilitySubscriptionCreate"]
    assert payload["errors"] == []
    # the secret is shown once and is the one deliveries are signed with
    stored = AvailabilitySubscription.objects.get()
    assert decrypt_secret(stored.secret_encrypted) == payload["secret"]
    assert payload["subscription"]["channels"] == ["marketplace"]
    # the first delivery died after 2 attempts
    _, body = gql(client, DELIVERIES, {"state": "DEAD"}, api_key=key)
    [edge] = body["data"]["availabilityDeliveries"]["edges"]
    dead = edge["node"]
    assert (dead["attempts"], dead["lastStatus"], dead["itemCount"]) == (2, 500, 1)
    assert json.loads(dead["payload"])["items"][0]["availableToSell"] == 4
    # when staff redeliver it
    with django_capture_on_commit_callbacks(execute=True):
        _, body = gql(client, REDELIVER, {"id": dead["id"]}, api_key=key)
    assert body["data"]["availabilityDeliveryRedeliver"]["delivery"]["state"] == "PENDING"
    assert AvailabilityDelivery.objects.get().state == "DELIVERED"
    assert receiver.requests[-1][0]["X-OMS-Delivery"] == dead["deliveryId"]
    # and a second redelivery is refused in the payload
    _, body = gql(client, REDELIVER, {"id": dead["id"]}, api_key=key)
    assert body["data"]["availabilityDeliveryRedeliver"]["errors"] == [
        {"field": "id", "code": "NOT_DEAD"}
    ]
    # the secret is never readable afterwards
    _, body = gql(
        client,
        UPDATE,
        {"id": payload["subscription"]["id"], "input": {"isActive": False}},
        api_key=key,
    )
    update = body["data"]["availabilitySubscriptionUpdate"]
    assert (update["secret"], update["subscription"]["isActive"]) == (None, False)


def test_bad_subscriptions_are_errors_in_the_payload(client, shop):
    _, key = shop
    _, body = _create(client, key, "javascript:alert(1)")
    assert body["data"]["availabilitySubscriptionCreate"]["errors"][0]["code"] == "INVALID_URL"
    _, body = _create(client, key, "https://example.com/h", channels=["nope"])
    errors = body["data"]["availabilitySubscriptionCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("channels", "CHANNEL_NOT_FOUND")]
    assert not AvailabilitySubscription.objects.exists()


def test_manage_products_is_required(client, shop):
    tenant, _ = shop
    orders_only = make_api_key(tenant, ["MANAGE_ORDERS"], name="orders")
    _, body = _create(client, orders_only, "https://example.com/h")
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(client, DELIVERIES, api_key=orders_only)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_another_tenant_sees_and_touches_nothing(
    client, shop, receiver, django_capture_on_commit_callbacks
):
    _, key = shop
    receiver.statuses.extend([500, 500])
    with django_capture_on_commit_callbacks(execute=True):
        _, body = _create(client, key, receiver.url)
    deliver_pending()
    subscription_id = body["data"]["availabilitySubscriptionCreate"]["subscription"]["id"]
    _, body = gql(client, DELIVERIES, api_key=key)
    delivery_id = body["data"]["availabilityDeliveries"]["edges"][0]["node"]["id"]
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    other_key = make_api_key(other, ["MANAGE_PRODUCTS"])
    _, body = gql(client, DELIVERIES, api_key=other_key)
    assert body["data"]["availabilitySubscriptions"] == []
    assert body["data"]["availabilityDeliveries"]["totalCount"] == 0
    _, body = gql(client, REDELIVER, {"id": delivery_id}, api_key=other_key)
    assert body["data"]["availabilityDeliveryRedeliver"]["errors"][0]["code"] == (
        "DELIVERY_NOT_FOUND"
    )
    _, body = gql(
        client, UPDATE, {"id": subscription_id, "input": {"isActive": False}}, api_key=other_key
    )
    assert body["data"]["availabilitySubscriptionUpdate"]["errors"][0]["code"] == (
        "SUBSCRIPTION_NOT_FOUND"
    )
    # nor can it subscribe to the first tenant's channel
    _, body = _create(client, other_key, "https://example.com/h")
    assert body["data"]["availabilitySubscriptionCreate"]["errors"][0]["code"] == (
        "CHANNEL_NOT_FOUND"
    )
    assert AvailabilitySubscription.objects.get().is_active is True
    assert AvailabilityDelivery.objects.get().state == "DEAD"
