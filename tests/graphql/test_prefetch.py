"""related_rows: a list's prefetched rows are used as they are; a row alone reads its own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_oms_plugin.graphql.core.prefetch import related_rows
from saleor_oms_plugin.inventory.models import Reservation, ReservationLine
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock, variant_gid

pytestmark = pytest.mark.django_db


def _joined(rows):
    return rows.select_related("stock__location")


@pytest.fixture
def reservation(capture_tenant):
    locations = [make_location(capture_tenant, name) for name in ("Los Angeles", "Reno")]
    now = timezone.now()
    reservation = Reservation.objects.create(
        tenant=capture_tenant,
        channel=make_channel(capture_tenant, "oms-us", locations),
        reference="AMZ-1",
        created_at=now,
        updated_at=now,
        actor_type="operator",
    )
    for location in locations:
        stock = make_stock(capture_tenant, location, variant_gid(1))
        ReservationLine.objects.create(
            reservation=reservation, stock=stock, variant_id=stock.variant_id, quantity=1
        )
    return reservation


def _names(lines):
    return [line.stock.location.name for line in lines]


def test_a_row_alone_reads_its_rows_through_the_query(reservation):
    with CaptureQueriesContext(connection) as captured:
        lines = related_rows(reservation, "lines", _joined)
        assert _names(lines) == ["Los Angeles", "Reno"]
    assert len(captured.captured_queries) == 1


def test_prefetched_rows_cost_nothing_more(reservation):
    joined = Prefetch("lines", queryset=_joined(ReservationLine.objects.all()))
    prefetched = Reservation.objects.prefetch_related(joined).get(pk=reservation.pk)
    with CaptureQueriesContext(connection) as captured:
        lines = related_rows(prefetched, "lines", _joined)
        assert _names(lines) == ["Los Angeles", "Reno"]
    assert captured.captured_queries == []
