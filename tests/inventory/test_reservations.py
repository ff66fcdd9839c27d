"""Reservations for outside channels: all or nothing, idempotent, released, converted, expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import (
    Reservation,
    StockLevel,
    StockMovement,
    StockWriteBack,
)
from saleor_oms_plugin.inventory.reservations import (
    RequestedLine,
    reservation_convert,
    reservation_create,
    reservation_release,
    reservations_expire,
)
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import OPERATOR, make_channel, make_stock

pytestmark = pytest.mark.django_db
MUG, SOCKS = "UHJvZHVjdFZhcmlhbnQ6NDAx", "UHJvZHVjdFZhcmlhbnQ6NDAy"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def shop(capture_tenant):
    """A marketplace channel served by NY first, then LA; SF serves another channel."""
    ny, la, sf = (make_location(capture_tenant, name) for name in ("NY", "LA", "SF"))
    stocks = {
        "ny": make_stock(capture_tenant, ny, MUG, on_hand=3, allocated=1),
        "la": make_stock(capture_tenant, la, MUG, on_hand=5, safety_stock=1),
        "sf": make_stock(capture_tenant, sf, MUG, on_hand=50),
        "socks": make_stock(capture_tenant, la, SOCKS, on_hand=1),
    }
    make_channel(capture_tenant, "marketplace", [ny, la])
    return capture_tenant, stocks


def _reserve(tenant, reference, *lines, channel="marketplace", **kwargs):
    return reservation_create(
        tenant_id=tenant.pk,
        channel_slug=channel,
        reference=reference,
        lines=[RequestedLine(variant, quantity) for variant, quantity in lines],
        actor=OPERATOR,
        **kwargs,
    )


def _levels():
    return {
        (s.location.name, s.variant_id): (s.on_hand, s.allocated, s.reserved)
        for s in StockLevel.objects.select_related("location")
    }


def test_a_reservation_takes_from_the_channels_locations_in_priority_order(shop):
    # given NY (2 available) before LA (4 available) for the marketplace
    tenant, stocks = shop
    # when 5 mugs and a pair of socks are reserved
    reservation = _reserve(tenant, "AMZ-1", (MUG, 5), (SOCKS, 1))
    # then NY gives its 2, LA the other 3; SF, which does not serve the channel, nothing
    assert sorted((line.stock_id, line.quantity) for line in reservation.lines.all()) == sorted(
        [(stocks["ny"].pk, 2), (stocks["la"].pk, 3), (stocks["socks"].pk, 1)]
    )
    assert _levels()[("NY", MUG)] == (3, 1, 2) and _levels()[("LA", MUG)] == (5, 0, 3)
    assert _levels()[("SF", MUG)] == (50, 0, 0)
    assert StockMovement.objects.filter(reason="RESERVATION", reference="AMZ-1").count() == 3
    assert AuditEvent.objects.filter(verb="reservation.created").count() == 1


def test_a_reservation_that_cannot_be_covered_fails_whole_and_changes_nothing(shop):
    # given 6 mugs available to the marketplace and one pair of socks
    tenant, _ = shop
    before = _levels()
    # when 1 pair of socks and 7 mugs are asked for
    with pytest.raises(InventoryError) as refused:
        _reserve(tenant, "AMZ-2", (SOCKS, 1), (MUG, 7))
    # then it is INSUFFICIENT_STOCK, and not even the socks were taken
    assert refused.value.code is InventoryErrorCode.INSUFFICIENT_STOCK
    assert "6 of 7" in refused.value.message
    assert _levels() == before
    assert not Reservation.objects.exists() and not StockMovement.objects.exists()


def test_the_same_request_again_returns_the_same_reservation(shop):
    tenant, _ = shop
    first = _reserve(tenant, "AMZ-3", (MUG, 2))
    again = _reserve(tenant, "AMZ-3", (MUG, 1), (MUG, 1))  # the same lines, split differently
    assert again.pk == first.pk
    assert _levels()[("NY", MUG)][2] == 2 and StockMovement.objects.count() == 1


def test_another_request_under_a_used_reference_is_refused(shop):
    tenant, _ = shop
    _reserve(tenant, "AMZ-4", (MUG, 2))
    before = _levels()
    with pytest.raises(InventoryError) as refused:
        _reserve(tenant, "AMZ-4", (MUG, 3))
    assert refused.value.code is InventoryErrorCode.REFERENCE_IN_USE
    assert _levels() == before


@pytest.mark.parametrize(
    ("lines", "channel", "code"),
    [
        ([], "marketplace", InventoryErrorCode.INVALID_LINES),
        ([(MUG, 0)], "marketplace", InventoryErrorCode.INVALID_LINES),
        ([(MUG, 1)], "nowhere", InventoryErrorCode.CHANNEL_NOT_FOUND),
    ],
)
def test_invalid_requests_are_refused_with_their_code(shop, lines, channel, code):
    tenant, _ = shop
    with pytest.raises(InventoryError) as refused:
        _reserve(tenant, "AMZ-5", *lines, channel=channel)
    assert refused.value.code is code
    assert not Reservation.objects.exists()


def test_an_expiry_in_the_past_is_refused(shop):
    tenant, _ = shop
    with pytest.raises(InventoryError) as refused:
        _reserve(tenant, "AMZ-6", (MUG, 1), expires_at=timezone.now() - timedelta(seconds=1))
    assert refused.value.code is InventoryErrorCode.INVALID_EXPIRY


def test_releasing_gives_the_units_back_once(shop):
    # given a reservation of 3 mugs
    tenant, _ = shop
    reservation = _reserve(tenant, "AMZ-7", (MUG, 3))
    # when the order is cancelled, and the cancellation comes twice
    released = reservation_release(
        tenant_id=tenant.pk,
        reservation_id=reservation.pk,
        actor=OPERATOR,
        reason="customer cancelled",
    )
    with pytest.raises(InventoryError) as refused:
        reservation_release(tenant_id=tenant.pk, reservation_id=reservation.pk, actor=OPERATOR)
    # then the units are back, and the second release is an illegal transition
    assert released.state == "RELEASED"
    assert refused.value.code is InventoryErrorCode.ILLEGAL_TRANSITION
    assert all(reserved == 0 for _, _, reserved in _levels().values())
    assert StockMovement.objects.filter(reason="RESERVATION_RELEASE").count() == 2


def test_converting_on_fulfilment_takes_the_units_off_hand(shop):
    tenant, _ = shop
    reservation = _reserve(tenant, "AMZ-8", (MUG, 3))
    reservation_convert(tenant_id=tenant.pk, reservation_id=reservation.pk, actor=OPERATOR)
    assert _levels()[("NY", MUG)] == (1, 1, 0) and _levels()[("LA", MUG)] == (4, 0, 0)
    assert set(
        StockMovement.objects.filter(reason="FULFILMENT").values_list(
            "on_hand_delta", "reserved_delta"
        )
    ) == {(-2, -2), (-1, -1)}


def test_another_tenant_cannot_release_a_reservation(shop):
    from tests.fixtures.tenants import make_capture_tenant

    tenant, _ = shop
    reservation = _reserve(tenant, "AMZ-9", (MUG, 1))
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    with pytest.raises(InventoryError) as refused:
        reservation_release(tenant_id=other.pk, reservation_id=reservation.pk, actor=OPERATOR)
    assert refused.value.code is InventoryErrorCode.RESERVATION_NOT_FOUND
    assert Reservation.objects.get().state == "RESERVED"


def test_expired_reservations_are_released_by_the_sweep(shop):
    # given one reservation expiring in 10 minutes and one without expiry
    tenant, _ = shop
    with freeze_time("2026-11-23 12:00:00"):
        expiring = _reserve(
            tenant, "AMZ-10", (MUG, 2), expires_at=timezone.now() + timedelta(minutes=10)
        )
        kept = _reserve(tenant, "AMZ-11", (MUG, 1))
    # when the sweep runs before and after the expiry
    with freeze_time("2026-11-23 12:09:59"):
        early = reservations_expire()
    with freeze_time("2026-11-23 12:10:00"):
        due = reservations_expire()
    # then only the expiring one went, at its time, and its units are back
    assert (early, due) == (0, 1)
    expiring.refresh_from_db()
    kept.refresh_from_db()
    assert (expiring.state, kept.state) == ("EXPIRED", "RESERVED")
    assert sum(reserved for _, _, reserved in _levels().values()) == 1


def test_a_soft_hold_lowers_what_is_available_but_not_what_saleor_holds(shop, settings):
    # given write-back on, as in production
    settings.INVENTORY_WRITE_BACK_ENABLED = True
    tenant, stocks = shop
    # when a cart holds 3 mugs softly
    reservation = _reserve(tenant, "checkout:C1:1", (MUG, 3), soft=True)
    ny, la = (StockLevel.objects.get(pk=stocks[key].pk) for key in ("ny", "la"))
    # then they are held, not reserved: less is available, Saleor's target is unchanged
    assert (ny.held, ny.reserved, ny.available) == (2, 0, 0)
    assert (la.held, la.reserved, la.available) == (1, 0, 3)
    assert (ny.saleor_target, la.saleor_target) == (3, 5)
    assert not StockWriteBack.objects.exists()
    assert set(
        StockMovement.objects.filter(reference="checkout:C1:1").values_list(
            "held_delta", "reserved_delta", "held_after"
        )
    ) == {(2, 0, 2), (1, 0, 1)}
    # and a hard reservation cannot take what the cart holds
    with pytest.raises(InventoryError) as refused:
        _reserve(tenant, "AMZ-20", (MUG, 4))
    assert refused.value.code is InventoryErrorCode.INSUFFICIENT_STOCK
    # when the cart's order arrives (Saleor allocated the units itself)
    reservation_convert(
        tenant_id=tenant.pk, reservation_id=reservation.pk, actor=OPERATOR, saleor_took_over=True
    )
    # then the hold is gone and on hand untouched
    ny, la = (StockLevel.objects.get(pk=stocks[key].pk) for key in ("ny", "la"))
    assert (ny.held, la.held, ny.on_hand, la.on_hand) == (0, 0, 3, 5)
    assert not StockWriteBack.objects.exists()
