"""Carrier tracking → delivered: the beat sweep asks carriers with a tracking feed about
shipped parcels (bounded per run, least recently asked first, never two runs on one parcel),
records deliveries, and publishes fulfillment.delivered once a release's every parcel arrived;
staff record the own fleet's deliveries through the same path (parcelDelivered)."""

from __future__ import annotations

import base64
import datetime as dt
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.carriers.model import TrackingEvent, TrackingState, TrackingStatus
from saleor_oms_plugin.core.events import Published, listen
from saleor_oms_plugin.delivery.tracked_deliveries import SHIPMENT_DELIVERED
from saleor_oms_plugin.rules.triggers import trigger_event_fields, trigger_names
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.models import CarrierAccount, Parcel, Release
from saleor_oms_plugin.warehouse.tasks import warehouse_tracking_sweep
from saleor_oms_plugin.warehouse.tracking import delivery_of, tracking_run
from tests.fixtures.carrier_server import CarrierStandIn, Reply
from tests.fixtures.graphql import gql, make_api_key, make_location
from tests.fixtures.packing import pack_shop, picked_release, ship_packed
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

published: list[Published] = []
listen(published.append)

LA = dt.timezone(dt.timedelta(hours=-8))


def _delivered(tenant_id: int) -> list[Published]:
    return [
        p
        for p in published
        if p.tenant_id == tenant_id and p.event is WarehouseEvent.FULFILLMENT_DELIVERED
    ]


@pytest.fixture
def stand_in():
    server = CarrierStandIn()
    yield server
    server.close()


@pytest.fixture
def shop(stand_in):
    """A pack shop whose tenant also ships with "acme", an http_json carrier at the stand-in
    that issues tracking numbers ACME1, ACME2, …"""
    tenant = make_capture_tenant()
    location = pack_shop(tenant)
    CarrierAccount.objects.create(
        tenant=tenant,
        code="acme",
        adapter="http_json",
        name="Acme",
        config={"base_url": stand_in.url, "api_key": "k", "max_attempts": 1},
    )
    stand_in.reply(
        "POST",
        "/v1/labels",
        *(
            Reply(
                201,
                {
                    "tracking_number": f"ACME{n}",
                    "label_format": "pdf",
                    "label_base64": base64.b64encode(b"%PDF-1.4 acme").decode(),
                    "cost": None,
                },
            )
            for n in range(1, 10)
        ),
    )
    return tenant, location


def _tracking(stand_in, number: str, status: str, *events: tuple[str, str]) -> None:
    stand_in.default(
        "GET",
        f"/v1/trackings/{number}",
        Reply(
            200,
            {
                "tracking_number": number,
                "status": status,
                "events": [{"at": at, "status": state} for at, state in events],
            },
        ),
    )


def _asked(stand_in) -> list[str]:
    return [r.path.rsplit("/", 1)[-1] for r in stand_in.requests if r.method == "GET"]


def test_a_delivered_parcel_is_recorded_and_the_release_published_once(shop, stand_in):
    tenant, location = shop
    release = ship_packed(picked_release(tenant, location, 1), carrier="acme", parcels=2)
    first, second = Parcel.objects.filter(release=release).order_by("pk")
    assert (first.tracking_number, second.tracking_number) == ("ACME1", "ACME2")
    _tracking(stand_in, "ACME1", "in_transit", ("2026-12-03T08:00:00-08:00", "in_transit"))
    _tracking(stand_in, "ACME2", "in_transit")

    # in transit: kept on the parcel, nothing published
    report = tracking_run(tenant_id=tenant.pk, limit=10)
    assert (report.asked, report.delivered, report.states) == (2, 0, {"in_transit": 2})
    first.refresh_from_db()
    assert (first.tracking_state, first.delivered_on) == ("in_transit", None)
    assert first.tracking_checked_at is not None and first.tracking_lease_until is None

    # one of two parcels delivered at 21:30 in Los Angeles (05:30 UTC the next day)
    _tracking(
        stand_in,
        "ACME1",
        "delivered",
        ("2026-12-03T08:00:00-08:00", "in_transit"),
        ("2026-12-04T21:30:00-08:00", "delivered"),
    )
    assert tracking_run(tenant_id=tenant.pk, limit=10).delivered == 1
    first.refresh_from_db()
    assert first.delivered_on == dt.date(2026, 12, 4)
    assert first.delivered_at == dt.datetime(2026, 12, 5, 5, 30, tzinfo=dt.UTC)
    assert first.tracking_state == "delivered" and first.state == Parcel.State.SHIPPED
    assert _delivered(tenant.pk) == []

    # the last parcel: the release arrived on its day, published once
    _tracking(stand_in, "ACME2", "delivered", ("2026-12-05T10:00:00+00:00", "delivered"))
    assert tracking_run(tenant_id=tenant.pk, limit=10).delivered == 1
    (event,) = _delivered(tenant.pk)
    assert event.order_id == release.order_id
    assert event.facts == {
        "delivered_on": "2026-12-05",
        "release_id": release.pk,
        "tracking_numbers": ["ACME1", "ACME2"],
    }
    assert set(event.facts) == set(trigger_event_fields("fulfillment.delivered"))
    release.refresh_from_db()
    assert release.delivered_on == dt.date(2026, 12, 5)
    assert AuditEvent.objects.filter(verb="parcel.delivered").count() == 2

    # delivered parcels are never asked again
    before = len(_asked(stand_in))
    assert tracking_run(tenant_id=tenant.pk, limit=10).parcels == 0
    assert len(_asked(stand_in)) == before


def test_a_run_is_bounded_and_asks_the_least_recently_asked_first(shop, stand_in):
    tenant, location = shop
    releases = [ship_packed(picked_release(tenant, location, n), carrier="acme") for n in (1, 2, 3)]
    now = timezone.now()
    for age, release in zip((3, 1, 2), releases, strict=True):
        Parcel.objects.filter(release=release).update(labelled_at=now - timedelta(days=age))
    for n in (1, 2, 3):
        _tracking(stand_in, f"ACME{n}", "in_transit")

    assert tracking_run(tenant_id=tenant.pk, limit=2).parcels == 2
    assert _asked(stand_in) == ["ACME1", "ACME3"]  # the oldest two, never asked before
    assert tracking_run(tenant_id=tenant.pk, limit=2).parcels == 2
    # the one never asked, then the least recently asked
    assert _asked(stand_in)[2:] == ["ACME2", "ACME1"]


def test_a_parcel_another_run_holds_is_not_asked(shop, stand_in):
    tenant, location = shop
    ship_packed(picked_release(tenant, location, 1), carrier="acme")
    _tracking(stand_in, "ACME1", "delivered", ("2026-12-04T12:00:00+00:00", "delivered"))
    Parcel.objects.update(tracking_lease_until=timezone.now() + timedelta(minutes=5))

    assert tracking_run(tenant_id=tenant.pk, limit=10).parcels == 0
    assert _asked(stand_in) == []
    # once the other run's lease ran out, the parcel is asked about
    Parcel.objects.update(tracking_lease_until=timezone.now() - timedelta(seconds=1))
    assert tracking_run(tenant_id=tenant.pk, limit=10).delivered == 1


def test_a_carrier_that_is_down_leaves_the_parcel_to_a_later_run(shop, stand_in):
    tenant, location = shop
    ship_packed(picked_release(tenant, location, 1), carrier="acme")
    stand_in.default("GET", "/v1/trackings/ACME1", Reply(503))

    report = tracking_run(tenant_id=tenant.pk, limit=10)

    assert (report.asked, report.failed, report.delivered) == (1, 1, 0)
    parcel = Parcel.objects.get()
    assert parcel.delivered_at is None and parcel.tracking_lease_until is None
    assert parcel.tracking_checked_at is not None and parcel.tracking_state == ""
    assert _delivered(tenant.pk) == []


def test_own_fleet_parcels_are_never_asked_and_the_sweep_covers_tenants(shop, stand_in):
    tenant, location = shop
    ship_packed(picked_release(tenant, location, 1))  # own fleet
    ship_packed(picked_release(tenant, location, 2), carrier="acme")
    _tracking(stand_in, "ACME1", "delivered", ("2026-12-04T12:00:00+00:00", "delivered"))

    assert warehouse_tracking_sweep() == 1  # one tenant; its run is eager in tests

    own, acme = Parcel.objects.order_by("pk")
    assert _asked(stand_in) == ["ACME1"]
    assert own.delivered_on is None and own.tracking_checked_at is None
    assert acme.delivered_on == dt.date(2026, 12, 4)
    entry = settings.CELERY_BEAT_SCHEDULE["warehouse-tracking"]
    assert entry["task"] == "saleor_oms_plugin.warehouse.tasks.warehouse_tracking_sweep"
    assert entry["schedule"] == 1800.0


def test_the_delivery_day_is_the_carriers_local_day_of_its_delivered_event():
    now = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
    status = TrackingStatus(
        "X",
        TrackingState.DELIVERED,
        (
            TrackingEvent(dt.datetime(2026, 12, 4, 23, 0, tzinfo=LA), TrackingState.DELIVERED),
            TrackingEvent(dt.datetime(2026, 12, 5, 1, 0, tzinfo=LA), TrackingState.EXCEPTION),
        ),
    )
    assert delivery_of(status, fallback=now) == (
        dt.datetime(2026, 12, 4, 23, 0, tzinfo=LA),
        dt.date(2026, 12, 4),
    )
    bare = TrackingStatus("X", TrackingState.DELIVERED)
    assert delivery_of(bare, fallback=now) == (now, dt.date(2026, 12, 6))


def test_the_event_is_a_rule_trigger_named_as_delivery_listens_for_it():
    assert WarehouseEvent.FULFILLMENT_DELIVERED.value == SHIPMENT_DELIVERED
    assert "fulfillment.delivered" in trigger_names()


DELIVERED = """
mutation Delivered($parcel: ID!, $on: Date) {
  parcelDelivered(parcelId: $parcel, deliveredOn: $on) {
    release { id deliveredOn }
    parcels { id state deliveredOn trackingState }
    errors { field code message }
  }
}
"""


def _mark(client, key, parcel, on=None):
    variables = {"parcel": to_global_id("OmsParcel", parcel.pk), "on": on}
    _, body = gql(client, DELIVERED, variables, api_key=key)
    return body["data"]["parcelDelivered"]


def test_staff_mark_own_fleet_parcels_delivered(client, shop):
    tenant, location = shop
    release = ship_packed(picked_release(tenant, location, 1), parcels=2)
    first, second = Parcel.objects.filter(release=release).order_by("pk")
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    today = timezone.now().date()
    events = AuditEvent.objects.count()

    # refused, nothing written: a day in the future
    future = _mark(client, key, first, (today + timedelta(days=2)).isoformat())
    assert [e["code"] for e in future["errors"]] == ["INVALID"]
    assert AuditEvent.objects.count() == events
    assert Parcel.objects.filter(delivered_on__isnull=False).count() == 0

    done = _mark(client, key, first, today.isoformat())
    assert done["errors"] == [] and done["release"]["deliveredOn"] is None
    assert [p["deliveredOn"] for p in done["parcels"]] == [today.isoformat(), None]
    assert _delivered(tenant.pk) == []
    # the same day again changes nothing; another day is refused
    assert _mark(client, key, first, today.isoformat())["errors"] == []
    other = _mark(client, key, first, (today - timedelta(days=1)).isoformat())
    assert [e["code"] for e in other["errors"]] == ["ALREADY_DELIVERED"]

    last = _mark(client, key, second)  # today at the location
    assert last["release"]["deliveredOn"] == today.isoformat()
    assert last["parcels"][1]["trackingState"] == "DELIVERED"
    (event,) = _delivered(tenant.pk)
    assert event.facts["tracking_numbers"] == [first.tracking_number, second.tracking_number]


def test_a_parcel_not_shipped_or_of_another_location_is_refused(client, shop):
    tenant, location = shop
    release = picked_release(tenant, location, 1)
    ship_packed(release)
    Parcel.objects.filter(release=release).update(state=Parcel.State.LABELLED)
    Release.objects.filter(pk=release.pk).update(state=Release.State.PACKED)
    parcel = Parcel.objects.get()
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    assert [e["code"] for e in _mark(client, key, parcel)["errors"]] == ["NOT_SHIPPED"]

    Parcel.objects.update(state=Parcel.State.SHIPPED)
    scoped = make_api_key(tenant, ["MANAGE_ORDERS"], location=make_location(tenant, "NY"))
    foreign = _mark(client, scoped, parcel)
    assert [(e["code"], e["message"]) for e in foreign["errors"]] == [
        ("NOT_FOUND", "No such parcel.")
    ]
    assert Parcel.objects.get().delivered_on is None
