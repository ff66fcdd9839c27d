"""The inventory GraphQL API: stock, movements, availability and reservations, by permission."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.inventory.models import Reservation, StockLevel, StockMovement
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"

RESERVE = """
mutation Reserve($input: OmsReservationCreateInput!) {
  reservationCreate(input: $input) {
    reservation { id reference state channel lines { variantId quantity location { name } } }
    errors { field message code }
  }
}
"""
AVAILABILITY = """
query Ats($channel: String!, $ids: [String!]!) {
  channelAvailability(channel: $channel, variantIds: $ids) { variantId available availableToSell }
}
"""


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def shop(capture_tenant):
    la, ny = make_location(capture_tenant, "LA"), make_location(capture_tenant, "NY")
    make_stock(capture_tenant, la, MUG, on_hand=4)
    make_stock(capture_tenant, ny, MUG, on_hand=6, allocated=2)
    make_channel(capture_tenant, "marketplace", [la, ny], buffer_kind="FIXED", buffer_value=1)
    return capture_tenant, la, ny


def _reserve_input(reference, quantity):
    return {
        "input": {
            "channel": "marketplace",
            "reference": reference,
            "lines": [{"variantId": MUG, "quantity": quantity}],
        }
    }


def test_an_order_integration_reserves_and_sees_availability_drop(client, shop):
    # given an integration key holding MANAGE_ORDERS, and 8 mugs available (7 shown)
    tenant, _, _ = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _, before = gql(client, AVAILABILITY, {"channel": "marketplace", "ids": [MUG]}, api_key=key)
    # when it reserves 5, twice with the same reference
    status, body = gql(client, RESERVE, _reserve_input("AMZ-1", 5), api_key=key)
    _, again = gql(client, RESERVE, _reserve_input("AMZ-1", 5), api_key=key)
    _, after = gql(client, AVAILABILITY, {"channel": "marketplace", "ids": [MUG]}, api_key=key)
    # then one reservation holds LA's 4 and 1 from NY, and availability fell by 5
    payload = body["data"]["reservationCreate"]
    assert status == 200 and payload["errors"] == []
    assert payload["reservation"]["state"] == "RESERVED"
    assert sorted(
        (line["location"]["name"], line["quantity"]) for line in payload["reservation"]["lines"]
    ) == [("LA", 4), ("NY", 1)]
    assert again["data"]["reservationCreate"]["reservation"]["id"] == payload["reservation"]["id"]
    assert before["data"]["channelAvailability"] == [
        {"variantId": MUG, "available": 8, "availableToSell": 7}
    ]
    assert after["data"]["channelAvailability"] == [
        {"variantId": MUG, "available": 3, "availableToSell": 2}
    ]


def test_a_reservation_beyond_stock_is_a_payload_error_and_changes_nothing(client, shop):
    tenant, _, _ = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _, body = gql(client, RESERVE, _reserve_input("AMZ-2", 9), api_key=key)
    payload = body["data"]["reservationCreate"]
    assert payload["reservation"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INSUFFICIENT_STOCK", "lines")]
    assert not Reservation.objects.exists() and not StockMovement.objects.exists()


def test_stock_needs_manage_products(client, shop):
    tenant, la, _ = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _, listing = gql(client, "{ stockLevels(first: 5) { totalCount } }", api_key=key)
    _, adjusting = gql(
        client,
        'mutation($l: ID!) { stockAdjust(input: {locationId: $l, variantId: "x", delta: 1}) '
        "{ errors { code } } }",
        {"l": to_global_id("OmsLocation", la.pk)},
        api_key=key,
    )
    assert error_codes(listing) == ["PERMISSION_DENIED"]
    assert error_codes(adjusting) == ["PERMISSION_DENIED"]
    assert StockLevel.objects.get(location=la).on_hand == 4


def test_a_stock_manager_adjusts_and_reads_levels_and_movements(client, shop):
    tenant, la, _ = shop
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    _, adjusted = gql(
        client,
        """mutation($l: ID!, $v: String!) {
          stockAdjust(input: {locationId: $l, variantId: $v, delta: -5, reason: RETURN_RESTOCK}) {
            stockLevel { onHand } errors { code field }
          }
        }""",
        {"l": to_global_id("OmsLocation", la.pk), "v": MUG},
        api_key=key,
    )
    _, restocked = gql(
        client,
        """mutation($l: ID!, $v: String!) {
          stockAdjust(input: {locationId: $l, variantId: $v, delta: 3, reason: RETURN_RESTOCK,
                              reference: "RMA-7"}) {
            stockLevel { onHand available } movement { reason source reference onHandAfter }
            errors { code }
          }
        }""",
        {"l": to_global_id("OmsLocation", la.pk), "v": MUG},
        api_key=key,
    )
    _, listed = gql(
        client,
        """query($l: ID!) {
          stockLevels(first: 10, locationId: $l) { totalCount edges { node { variantId onHand } } }
          stockMovements(first: 10) { edges { node { reason onHandDelta actorType } } }
        }""",
        {"l": to_global_id("OmsLocation", la.pk)},
        api_key=key,
    )
    assert adjusted["data"]["stockAdjust"] == {
        "stockLevel": None,
        "errors": [{"code": "NEGATIVE_STOCK", "field": "quantity"}],
    }
    assert restocked["data"]["stockAdjust"] == {
        "stockLevel": {"onHand": 7, "available": 7},
        "movement": {
            "reason": "RETURN_RESTOCK",
            "source": "api",
            "reference": "RMA-7",
            "onHandAfter": 7,
        },
        "errors": [],
    }
    assert listed["data"]["stockLevels"]["edges"] == [{"node": {"variantId": MUG, "onHand": 7}}]
    assert listed["data"]["stockMovements"]["edges"] == [
        {"node": {"reason": "RETURN_RESTOCK", "onHandDelta": 3, "actorType": "api_key"}}
    ]


def test_another_tenants_reservation_cannot_be_released(client, shop):
    tenant, _, _ = shop
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    _, body = gql(client, RESERVE, _reserve_input("AMZ-3", 2), api_key=key)
    reservation_id = body["data"]["reservationCreate"]["reservation"]["id"]
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    other_key = make_api_key(other, ["MANAGE_ORDERS"])
    release = "mutation($id: ID!) { reservationRelease(id: $id) { errors { code } } }"
    _, refused = gql(client, release, {"id": reservation_id}, api_key=other_key)
    _, released = gql(client, release, {"id": reservation_id}, api_key=key)
    _, twice = gql(client, release, {"id": reservation_id}, api_key=key)
    assert refused["data"]["reservationRelease"]["errors"] == [{"code": "RESERVATION_NOT_FOUND"}]
    assert released["data"]["reservationRelease"]["errors"] == []
    assert twice["data"]["reservationRelease"]["errors"] == [{"code": "ILLEGAL_TRANSITION"}]
    assert StockLevel.objects.filter(reserved__gt=0).count() == 0
