"""SQL per request of the inventory reads: stock, movements, channels, availability,
reservations, transfers and feeds."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_oms_plugin.inventory.models import (
    FeedRun,
    FeedSource,
    Reservation,
    ReservationLine,
    StockMovement,
    Transfer,
    TransferLine,
)
from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.inventory import make_channel, make_stock, variant_gid
from tests.fixtures.query_counts import assert_constant_queries, edges, items, queries_of

pytestmark = pytest.mark.django_db

# The Dashboard's Stock page (pages/Stock.tsx) and its editors (pages/stock/*.tsx).
LEVELS = """
query Levels($channel: String) {
  stockLevels(channel: $channel, first: 100) {
    totalCount
    edges { node {
      id variantId sku onHand allocated reserved safetyStock available location { id name }
    } }
  }
}
"""
MOVEMENTS = """
query Movements {
  stockMovements(first: 50) { edges { node {
    id reason onHandDelta onHandAfter reference note createdAt stock { sku location { name } }
  } } }
}
"""
CHANNELS = """
query ManagedChannels {
  inventoryChannels { slug name saleorId bufferKind bufferValue locations { id name kind } }
}
"""
AVAILABILITY = """
query Availability($channel: String!, $variantIds: [String!]!) {
  channelAvailability(channel: $channel, variantIds: $variantIds) {
    variantId channel available availableToSell
  }
}
"""
RESERVATION_FIELDS = (
    "id reference channel state expiresAt orderId lines { variantId quantity location { name } }"
)
RESERVATIONS = f"""
query Reservations {{ reservations(first: 50) {{ edges {{ node {{ {RESERVATION_FIELDS} }} }} }} }}
"""
RESERVATION = f"""
query Reservation($id: ID) {{ reservation(id: $id) {{ {RESERVATION_FIELDS} }} }}
"""
TRANSFERS = """
query TransferList {
  transfers(first: 50) {
    totalCount
    edges { node {
      id state reference note createdAt dispatchedAt receivedAt fromLocation { id name }
      toLocation { id name } lines { variantId quantity receivedQuantity discrepancy }
    } }
  }
}
"""
FEED_SOURCES = """
query FeedSources { stockFeeds { id name mode lastSequence updatedAt defaultLocation { id name } } }
"""
FEED_RUN_FIELDS = "id source channel status linesTotal linesApplied linesFailed createdAt"
FEED_RUNS = f"""
query FeedRuns {{ stockFeedRuns(first: 50) {{ edges {{ node {{ {FEED_RUN_FIELDS} }} }} }} }}
"""
FEED_RUN = f"""
query FeedRun($key: String) {{
  stockFeedRun(idempotencyKey: $key) {{ {FEED_RUN_FIELDS} lines {{ line sku status delta }} }}
}}
"""


@pytest.fixture
def headers(capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS", "MANAGE_ORDERS"])
    return {"X-Api-Key": key}


@pytest.fixture
def locations(capture_tenant):
    return [make_location(capture_tenant, "Los Angeles"), make_location(capture_tenant, "Reno")]


@pytest.fixture
def channel(capture_tenant, locations):
    return make_channel(capture_tenant, "oms-us", locations)


def _variants():
    return (variant_gid(number) for number in itertools.count(1))


def test_stock_levels(client, capture_tenant, headers, locations, channel):
    variants = _variants()
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            make_stock(capture_tenant, next(places), next(variants), on_hand=5)

    # key (1), page with the locations (1), totalCount (1)
    assert_constant_queries(
        client,
        LEVELS,
        grow=grow,
        rows=edges("stockLevels"),
        expected=3,
        headers=headers,
        variables={"channel": "oms-us"},
    )


def test_stock_movements(client, capture_tenant, headers, locations):
    variants = _variants()
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            stock = make_stock(capture_tenant, next(places), next(variants))
            StockMovement.objects.create(
                tenant=capture_tenant,
                stock=stock,
                reason=StockMovement.Reason.MANUAL_ADJUSTMENT,
                source="oms",
                on_hand_delta=3,
                on_hand_after=3,
                allocated_after=0,
                reserved_after=0,
                safety_stock_after=0,
                actor_type="operator",
                created_at=timezone.now(),
            )

    # key (1), page with the stock levels and their locations (1)
    assert_constant_queries(
        client, MOVEMENTS, grow=grow, rows=edges("stockMovements"), expected=2, headers=headers
    )


def test_inventory_channels(client, capture_tenant, headers, locations):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            make_channel(capture_tenant, f"channel-{next(numbers)}", locations)

    # key (1), channels (1), their locations (1)
    body = assert_constant_queries(
        client, CHANNELS, grow=grow, rows=items("inventoryChannels"), expected=3, headers=headers
    )
    assert all(
        [location["name"] for location in channel["locations"]] == ["Los Angeles", "Reno"]
        for channel in body["data"]["inventoryChannels"]
    )


def test_channel_availability(client, capture_tenant, headers, locations, channel):
    variants: list[str] = []
    names = _variants()

    def grow(count):
        for _ in range(count):
            variants.append(next(names))
            for location in locations:
                make_stock(capture_tenant, location, variants[-1], on_hand=4)

    # key (1), channel (1), stock of the channel's locations (1)
    assert_constant_queries(
        client,
        AVAILABILITY,
        grow=grow,
        rows=items("channelAvailability"),
        expected=3,
        headers=headers,
        variables=lambda: {"channel": "oms-us", "variantIds": variants},
    )


def _reservation(tenant, channel, reference):
    now = timezone.now()
    return Reservation.objects.create(
        tenant=tenant,
        channel=channel,
        reference=reference,
        created_at=now,
        updated_at=now,
        actor_type="operator",
    )


def _reserve(reservation, stock):
    ReservationLine.objects.create(
        reservation=reservation, stock=stock, variant_id=stock.variant_id, quantity=1
    )


def test_reservations(client, capture_tenant, headers, locations, channel):
    numbers = itertools.count(1)
    stocks = [make_stock(capture_tenant, location, variant_gid(1)) for location in locations]

    def grow(count):
        for _ in range(count):
            reservation = _reservation(capture_tenant, channel, f"AMZ-{next(numbers)}")
            for stock in stocks:
                _reserve(reservation, stock)

    # key (1), page with the channels (1), lines with their stock levels and locations (1)
    assert_constant_queries(
        client, RESERVATIONS, grow=grow, rows=edges("reservations"), expected=3, headers=headers
    )


def test_reservation(client, capture_tenant, headers, locations, channel):
    reservation = _reservation(capture_tenant, channel, "AMZ-1")
    variants = _variants()
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            _reserve(reservation, make_stock(capture_tenant, next(places), next(variants)))

    # key (1), reservation (1), its channel (1), lines with their stock levels and locations (1)
    assert_constant_queries(
        client,
        RESERVATION,
        grow=grow,
        rows=lambda body: len(body["data"]["reservation"]["lines"]),
        expected=4,
        headers=headers,
        variables={"id": to_global_id("OmsReservation", reservation.pk)},
    )


def test_transfers(client, capture_tenant, headers, locations):
    source, destination = locations

    def grow(count):
        for _ in range(count):
            now = timezone.now()
            transfer = Transfer.objects.create(
                tenant=capture_tenant,
                from_location=source,
                to_location=destination,
                created_at=now,
                updated_at=now,
                actor_type="operator",
            )
            for number in (1, 2):
                TransferLine.objects.create(
                    transfer=transfer, variant_id=variant_gid(number), quantity=2
                )

    # key (1), page with both locations (1), totalCount (1), lines (1)
    assert_constant_queries(
        client, TRANSFERS, grow=grow, rows=edges("transfers"), expected=4, headers=headers
    )


def _source(tenant, name, location=None):
    now = timezone.now()
    return FeedSource.objects.create(
        tenant=tenant, name=name, default_location=location, created_at=now, updated_at=now
    )


def _run(tenant, source, key, lines=()):
    return FeedRun.objects.create(
        tenant=tenant,
        source=source,
        idempotency_key=key,
        sequence=1,
        status=FeedRun.Status.APPLIED,
        lines_total=len(lines),
        lines_applied=len(lines),
        results=list(lines),
        channel="graphql",
        actor_type="operator",
        created_at=timezone.now(),
    )


def test_stock_feeds(client, capture_tenant, headers, locations):
    numbers = itertools.count(1)
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            _source(capture_tenant, f"store {next(numbers)}", next(places))

    # key (1), sources with their default locations (1)
    assert_constant_queries(
        client, FEED_SOURCES, grow=grow, rows=items("stockFeeds"), expected=2, headers=headers
    )


def test_stock_feed_runs(client, capture_tenant, headers):
    sources = [_source(capture_tenant, "store"), _source(capture_tenant, "3pl")]
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            _run(capture_tenant, sources[number % 2], f"run-{number}")

    # key (1), page with the sources (1)
    assert_constant_queries(
        client, FEED_RUNS, grow=grow, rows=edges("stockFeedRuns"), expected=2, headers=headers
    )


def test_stock_feed_run(client, capture_tenant, headers):
    lines = [
        {"line": number, "sku": f"SKU-{number}", "status": "APPLIED", "delta": 1}
        for number in range(1, 11)
    ]
    _run(capture_tenant, _source(capture_tenant, "store"), "run-1", lines)
    # key (1), the run with its source (1)
    count, body = queries_of(client, FEED_RUN, {"key": "run-1"}, headers=headers)
    assert len(body["data"]["stockFeedRun"]["lines"]) == 10
    assert count == 2
