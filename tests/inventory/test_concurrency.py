"""The ledger under real concurrency: many PostgreSQL connections at the same moment."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import Reservation, StockLevel, StockMovement
from saleor_oms_plugin.inventory.reservations import (
    RequestedLine,
    reservation_create,
    reservation_release,
)
from saleor_oms_plugin.inventory.services import stock_adjust
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, make_channel, make_stock
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.threads import at_once

pytestmark = pytest.mark.django_db(transaction=True)
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def _in_threads(functions):
    return at_once(functions, returning=(InventoryError,))


def _reserve(tenant, channel, reference, quantity=1):
    return lambda: reservation_create(
        tenant_id=tenant.pk,
        channel_slug=channel,
        reference=reference,
        lines=[RequestedLine(MUG, quantity)],
        actor=OPERATOR,
    )


def test_of_thirty_concurrent_reservations_of_ten_units_exactly_ten_succeed():
    # given 10 mugs at one location of a channel
    tenant = make_capture_tenant()
    la = make_location(tenant, "LA")
    stock = make_stock(tenant, la, MUG, on_hand=12, allocated=1, safety_stock=1)
    make_channel(tenant, "marketplace", [la])
    # when 30 orders reserve one each at the same moment
    results = _in_threads([_reserve(tenant, "marketplace", f"o-{i}") for i in range(30)])
    # then exactly 10 hold a reservation, the others were told INSUFFICIENT_STOCK
    succeeded = [r for r in results if isinstance(r, Reservation)]
    refused = [r for r in results if isinstance(r, InventoryError)]
    assert (len(succeeded), len(refused)) == (10, 20)
    assert {r.code.value for r in refused} == {"INSUFFICIENT_STOCK"}
    stock.refresh_from_db()
    assert (stock.reserved, stock.available, stock.version) == (10, 0, 10)
    assert Reservation.objects.count() == 10
    assert StockMovement.objects.filter(reason="RESERVATION").count() == 10


def test_reservations_over_overlapping_channels_with_opposite_priorities_never_oversell():
    # given 10 mugs over three locations, three channels each served by two of them in a
    # different order (so naive lock ordering would deadlock)
    tenant = make_capture_tenant()
    a, b, c = (make_location(tenant, name) for name in "ABC")
    for location, units in ((a, 4), (b, 3), (c, 3)):
        make_stock(tenant, location, MUG, on_hand=units)
    make_channel(tenant, "one", [a, b])
    make_channel(tenant, "two", [b, c])
    make_channel(tenant, "three", [c, a])
    # when 36 reservations of one or two units race over the three channels
    channels = ["one", "two", "three"]
    results = _in_threads(
        [_reserve(tenant, channels[i % 3], f"o-{i}", quantity=1 + i % 2) for i in range(36)]
    )
    # then what succeeded adds up to at most 10, nothing is negative, and the ledger agrees
    reserved_by_reservations = sum(
        line.quantity for r in results if isinstance(r, Reservation) for line in r.lines.all()
    )
    totals = StockLevel.objects.aggregate(reserved=Sum("reserved"), on_hand=Sum("on_hand"))
    assert reserved_by_reservations == totals["reserved"] <= 10
    assert totals["on_hand"] == 10
    assert all(s.on_hand >= s.reserved >= 0 for s in StockLevel.objects.all())
    # and every channel ran dry: what is left cannot serve any refused request
    leftover = {s.location.name: s.available for s in StockLevel.objects.select_related("location")}
    assert leftover["A"] + leftover["B"] < 2 or leftover["B"] + leftover["C"] < 2


def test_concurrent_adjustments_lose_no_update():
    # given 20 units
    tenant = make_capture_tenant()
    la = make_location(tenant, "LA")
    stock = make_stock(tenant, la, MUG, on_hand=20)

    def adjust(delta):
        return lambda: stock_adjust(
            tenant_id=tenant.pk, location_id=la.pk, variant_id=MUG, delta=delta, actor=OPERATOR
        )

    # when 25 removals of one and 15 additions of two run at once
    results = _in_threads([adjust(-1)] * 25 + [adjust(2)] * 15)
    # then every accepted change counted, no refused one did, and the log replays to the level
    refused = [r for r in results if isinstance(r, InventoryError)]
    stock.refresh_from_db()
    accepted = StockMovement.objects.filter(stock=stock)
    assert stock.on_hand == 20 + accepted.aggregate(total=Sum("on_hand_delta"))["total"]
    assert accepted.count() + len(refused) == 40
    assert all(r.code.value == "NEGATIVE_STOCK" for r in refused)
    assert stock.on_hand >= 0 and stock.version == accepted.count()


def test_the_same_reference_sent_concurrently_makes_one_reservation():
    tenant = make_capture_tenant()
    la = make_location(tenant, "LA")
    make_stock(tenant, la, MUG, on_hand=10)
    make_channel(tenant, "marketplace", [la])
    results = _in_threads([_reserve(tenant, "marketplace", "same", quantity=2)] * 8)
    assert {r.pk for r in results} == {Reservation.objects.get().pk}
    assert StockLevel.objects.get().reserved == 2


def test_releases_racing_reservations_keep_the_ledger_exact():
    # given 5 units, all reserved by five orders
    tenant = make_capture_tenant()
    la = make_location(tenant, "LA")
    make_stock(tenant, la, MUG, on_hand=5)
    make_channel(tenant, "marketplace", [la])
    held = [_reserve(tenant, "marketplace", f"held-{i}")() for i in range(5)]
    # when the five are released while ten new orders try to reserve
    releases = [
        (lambda r=r: reservation_release(tenant_id=tenant.pk, reservation_id=r.pk, actor=OPERATOR))
        for r in held
    ]
    results = _in_threads(
        releases + [_reserve(tenant, "marketplace", f"new-{i}") for i in range(10)]
    )
    # then the new reservations that succeeded are exactly what the ledger holds, at most 5
    new = [r for r in results[5:] if isinstance(r, Reservation)]
    stock = StockLevel.objects.get()
    assert stock.reserved == len(new) <= 5
    assert Reservation.objects.filter(state="RESERVED").count() == len(new)
