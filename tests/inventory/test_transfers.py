"""Transfers between locations: reserve at source, dispatch, receive (with shortfall), cancel."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import StockLevel, StockMovement, StockWriteBack, Transfer
from saleor_oms_plugin.inventory.transfers import (
    TransferLineRequest,
    transfer_cancel,
    transfer_dispatch,
    transfer_receive,
    transfer_request,
)
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import OPERATOR, make_outside_location, make_stock
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
CAP = "UHJvZHVjdFZhcmlhbnQ6NDAy"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def places(capture_tenant):
    """A Saleor warehouse with 10 mugs and 4 caps, and a store with nothing yet."""
    la = make_location(capture_tenant, "LA")
    store = make_outside_location(capture_tenant, "soho")
    make_stock(capture_tenant, la, MUG, on_hand=10, saleor_quantity=10)
    make_stock(capture_tenant, la, CAP, on_hand=4, allocated=1, saleor_quantity=4)
    return capture_tenant, la, store


def _levels(location):
    return {
        s.variant_id: (s.on_hand, s.reserved) for s in StockLevel.objects.filter(location=location)
    }


def _request(tenant, source, destination, mugs=6, caps=2):
    return transfer_request(
        tenant_id=tenant.pk,
        from_location_id=source.pk,
        to_location_id=destination.pk,
        lines=[TransferLineRequest(MUG, mugs), TransferLineRequest(CAP, caps)],
        actor=OPERATOR,
        reference="T-1",
    )


def test_a_transfer_moves_stock_through_its_lifecycle(places):
    tenant, la, store = places
    # when 6 mugs and 2 caps are requested from LA to the store
    transfer = _request(tenant, la, store)
    # then they are reserved at LA, and Saleor is told to stop offering them
    assert transfer.state == "REQUESTED"
    assert _levels(la) == {MUG: (10, 6), CAP: (4, 2)}
    assert StockWriteBack.objects.filter(stock__location=la).count() == 2
    # when dispatched: they leave LA's on hand
    transfer_dispatch(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    assert _levels(la) == {MUG: (4, 0), CAP: (2, 0)}
    # when received with one mug short
    transfer = transfer_receive(
        tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR, received={MUG: 5}
    )
    # then the store holds what arrived; the shortfalls (caps not counted: none) are recorded
    assert transfer.state == "RECEIVED"
    assert _levels(store) == {MUG: (5, 0), CAP: (0, 0)}
    lines = {line.variant_id: line for line in transfer.lines.all()}
    assert (lines[MUG].received_quantity, lines[MUG].discrepancy) == (5, 1)
    assert (lines[CAP].received_quantity, lines[CAP].discrepancy) == (0, 2)
    event = AuditEvent.objects.get(verb="transfer.received")
    assert event.data["discrepancies"] == {MUG: 1, CAP: 2}
    # and every change is a TRANSFER movement about this transfer; the store is never written back
    movements = StockMovement.objects.filter(reason="TRANSFER")
    assert {m.reference for m in movements} == {f"transfer:{transfer.pk}"}
    assert movements.count() == 5  # 2 reserved, 2 dispatched, 1 received
    assert not StockWriteBack.objects.filter(stock__location=store).exists()


def test_receiving_without_counts_takes_everything_sent(places):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    transfer_dispatch(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    transfer_receive(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    assert _levels(store) == {MUG: (6, 0), CAP: (2, 0)}


def test_a_request_beyond_available_stock_is_refused_whole(places):
    tenant, la, store = places
    # when more caps are asked for than are available (4 on hand, 1 allocated)
    with pytest.raises(InventoryError) as refused:
        _request(tenant, la, store, mugs=2, caps=4)
    # then nothing is reserved, no transfer exists
    assert refused.value.code.value == "INSUFFICIENT_STOCK"
    assert _levels(la) == {MUG: (10, 0), CAP: (4, 0)}
    assert Transfer.objects.count() == 0


def test_cancelling_before_dispatch_releases_the_reservation(places):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    transfer_cancel(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR, reason="oops")
    assert _levels(la) == {MUG: (10, 0), CAP: (4, 0)}
    assert Transfer.objects.get().state == "CANCELLED"


def test_cancelling_in_transit_returns_the_goods_to_the_source(places):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    transfer_dispatch(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    transfer_cancel(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    assert _levels(la) == {MUG: (10, 0), CAP: (4, 0)}
    assert _levels(store) == {}


@pytest.mark.parametrize(
    ("moves", "refused_move"),
    [
        (["receive"], "receive"),  # not dispatched yet
        (["dispatch", "dispatch"], "dispatch"),
        (["dispatch", "receive", "cancel"], "cancel"),
        (["cancel", "dispatch"], "dispatch"),
        (["dispatch", "receive", "receive"], "receive"),
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(places, moves, refused_move):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    services = {
        "dispatch": transfer_dispatch,
        "receive": transfer_receive,
        "cancel": transfer_cancel,
    }
    *allowed, last = moves
    for move in allowed:
        services[move](tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    before = (_levels(la), _levels(store), Transfer.objects.get().state)
    movements = StockMovement.objects.count()
    with pytest.raises(InventoryError) as refused:
        services[last](tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    assert last == refused_move
    assert refused.value.code.value == "ILLEGAL_TRANSITION"
    assert (_levels(la), _levels(store), Transfer.objects.get().state) == before
    assert StockMovement.objects.count() == movements


def test_receiving_more_than_sent_is_refused(places):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    transfer_dispatch(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    with pytest.raises(InventoryError) as refused:
        transfer_receive(
            tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR, received={MUG: 7}
        )
    assert refused.value.code.value == "INVALID_QUANTITY"
    assert Transfer.objects.get().state == "IN_TRANSIT" and _levels(store) == {}


def test_dispatch_refused_when_the_source_lost_the_units_meanwhile(places):
    # given a requested transfer, then Saleor's sync found LA's mugs gone (on hand 3 < 6)
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    StockLevel.objects.filter(location=la, variant_id=MUG).update(on_hand=3)
    # when dispatched
    with pytest.raises(InventoryError) as refused:
        transfer_dispatch(tenant_id=tenant.pk, transfer_id=transfer.pk, actor=OPERATOR)
    # then nothing changed and no quantity went negative
    assert refused.value.code.value == "NEGATIVE_STOCK"
    assert _levels(la) == {MUG: (3, 6), CAP: (4, 2)}
    assert Transfer.objects.get().state == "REQUESTED"


def test_the_same_location_at_both_ends_is_refused(places):
    tenant, la, _ = places
    with pytest.raises(InventoryError) as refused:
        _request(tenant, la, la)
    assert refused.value.field == "toLocation"


def test_another_tenants_transfer_is_not_found(places, capture_tenant):
    tenant, la, store = places
    transfer = _request(tenant, la, store)
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    with pytest.raises(InventoryError) as refused:
        transfer_dispatch(tenant_id=other.pk, transfer_id=transfer.pk, actor=OPERATOR)
    assert refused.value.code.value == "TRANSFER_NOT_FOUND"


TRANSFER_FIELDS = (
    "transfer { id state fromLocation { slug } toLocation { slug } "
    "lines { variantId quantity receivedQuantity discrepancy } } errors { field message code }"
)


def test_transfers_over_graphql(client, places):
    tenant, la, store = places
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])
    _, requested = gql(
        client,
        "mutation($input: OmsTransferRequestInput!) { transferRequest(input: $input) { "
        + TRANSFER_FIELDS
        + " } }",
        {
            "input": {
                "fromLocationId": to_global_id("OmsLocation", la.pk),
                "toLocationId": to_global_id("OmsLocation", store.pk),
                "lines": [{"variantId": MUG, "quantity": 3}],
            }
        },
        api_key=key,
    )
    payload = requested["data"]["transferRequest"]
    assert payload["errors"] == [] and payload["transfer"]["state"] == "REQUESTED"
    transfer_id = payload["transfer"]["id"]
    move = "mutation($id: ID!) { %s(id: $id) { " + TRANSFER_FIELDS + " } }"
    # receiving before dispatch is a typed error in the payload
    _, early = gql(client, move % "transferReceive", {"id": transfer_id}, api_key=key)
    assert early["data"]["transferReceive"]["errors"] == [
        {
            "field": "id",
            "message": "A requested transfer cannot become received.",
            "code": "ILLEGAL_TRANSITION",
        }
    ]
    _, sent = gql(client, move % "transferDispatch", {"id": transfer_id}, api_key=key)
    assert sent["data"]["transferDispatch"]["transfer"]["state"] == "IN_TRANSIT"
    _, got = gql(
        client,
        "mutation($id: ID!, $lines: [OmsTransferLineInput!]) { transferReceive(id: $id, "
        "lines: $lines) { " + TRANSFER_FIELDS + " } }",
        {"id": transfer_id, "lines": [{"variantId": MUG, "quantity": 2}]},
        api_key=key,
    )
    assert got["data"]["transferReceive"]["transfer"]["lines"] == [
        {"variantId": MUG, "quantity": 3, "receivedQuantity": 2, "discrepancy": 1}
    ]
    _, listed = gql(
        client,
        "query($loc: ID) { transfers(first: 5, state: RECEIVED, locationId: $loc) "
        "{ totalCount edges { node { id toLocation { slug } } } } }",
        {"loc": to_global_id("OmsLocation", store.pk)},
        api_key=key,
    )
    assert listed["data"]["transfers"]["totalCount"] == 1
    # and another tenant, or a key without MANAGE_PRODUCTS, sees nothing of it
    orders_only = make_api_key(tenant, ["MANAGE_ORDERS"], name="orders")
    _, denied = gql(client, move % "transferCancel", {"id": transfer_id}, api_key=orders_only)
    assert error_codes(denied) == ["PERMISSION_DENIED"]
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    other_key = make_api_key(other, ["MANAGE_PRODUCTS"])
    _, hidden = gql(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": transfer_id}, api_key=other_key
    )
    assert hidden["data"]["node"] is None
