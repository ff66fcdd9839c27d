"""Waves: gathered by hand or on schedule, planned into pick lists stored with their splits."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import (
    LocationExecution,
    PickList,
    PickListLine,
    PickSplit,
    Release,
    Wave,
)
from saleor_oms_plugin.warehouse.waves import (
    auto_wave,
    auto_wave_due,
    wave_cancel,
    wave_create,
    wave_release,
)
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.warehouse import STAFF, aisle, apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location, wave_size_cap=3, totes_per_cart=2)
    aisle(capture_tenant, location)
    return capture_tenant, location


def _released(tenant, location, count, lines=2):
    return [
        release_of(apply_shipment(make_order(tenant, number, lines=lines), location))
        for number in range(1, count + 1)
    ]


def test_a_wave_takes_the_oldest_waiting_releases_up_to_its_cap(shop):
    tenant, location = shop
    releases = _released(tenant, location, 4)

    wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)

    assert (wave.number, wave.state, wave.strategy) == (1, "open", "batch")
    assert sorted(wave.releases.values_list("pk", flat=True)) == [r.pk for r in releases[:3]]
    second = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
    assert (second.number, [r.pk for r in second.releases.all()]) == (2, [releases[3].pk])
    with pytest.raises(WarehouseError) as refused:
        wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)
    assert refused.value.code is WarehouseErrorCode.NOTHING_TO_WAVE


def test_chosen_releases_must_wait_at_the_location_and_fit_the_cap(shop):
    tenant, location = shop
    releases = _released(tenant, location, 4)
    wave_create(
        tenant_id=tenant.pk, location_id=location.pk, actor=STAFF, release_ids=[releases[0].pk]
    )

    for ids, code in (
        ([releases[0].pk, releases[1].pk], WarehouseErrorCode.NOT_PICKABLE),
        ([r.pk for r in releases], WarehouseErrorCode.INVALID),
    ):
        with pytest.raises(WarehouseError) as refused:
            wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF, release_ids=ids)
        assert refused.value.code is code
    assert Wave.objects.count() == 1
    assert Release.objects.filter(wave__isnull=True).count() == 3


def test_a_location_with_execution_off_makes_no_wave(capture_tenant):
    location = make_location(capture_tenant, "Off")

    with pytest.raises(WarehouseError) as refused:
        wave_create(tenant_id=capture_tenant.pk, location_id=location.pk, actor=STAFF)

    assert refused.value.code is WarehouseErrorCode.EXECUTION_OFF


@pytest.mark.parametrize("strategy", ["discrete", "batch", "zone"])
def test_releasing_a_wave_stores_every_unit_on_exactly_one_pick_list(shop, strategy):
    tenant, location = shop
    releases = _released(tenant, location, 3, lines=4)  # SKU-0..3: zones A and B
    wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF, strategy=strategy)

    wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)

    wave.refresh_from_db()
    assert wave.state == "released" and wave.walk_distance_m > 0
    stored: Counter = Counter()
    for split in PickSplit.objects.select_related("line"):
        stored[(split.release_id, split.line.sku)] += split.quantity
    wanted: Counter = Counter()
    for release in releases:
        for line in release.lines:
            wanted[(release.pk, line["sku"])] += line["quantity"]
    assert stored == wanted
    for pick_list in PickList.objects.filter(wave=wave):
        positions = list(pick_list.lines.values_list("bin__sequence", flat=True))
        assert positions == sorted(positions), "in the walking sequence"
        if strategy == "zone":
            assert {z for z in pick_list.lines.values_list("bin__zone__code", flat=True)} == {
                pick_list.zone
            }
    lists = PickList.objects.filter(wave=wave).count()
    assert lists == {"discrete": 3, "batch": 2, "zone": 4}[strategy]
    assert set(Release.objects.values_list("state", flat=True)) == {"picking"}
    assert AuditEvent.objects.filter(verb="wave.released", subject_id=str(wave.pk)).exists()
    moved = AuditEvent.objects.filter(verb="warehouse_release.picking")
    assert sorted(int(e.subject_id) for e in moved) == sorted(r.pk for r in releases)
    assert {e.data["wave"] for e in moved} == {wave.pk}


def test_a_wave_with_an_unslotted_sku_is_refused_and_nothing_is_stored(shop):
    tenant, location = shop
    order = make_order(tenant, 1, lines=1)
    release = release_of(apply_shipment(order, location, lines=[("UNSLOTTED", 1)]))
    wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)

    with pytest.raises(WarehouseError) as refused:
        wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)

    assert refused.value.code is WarehouseErrorCode.NOT_PICKABLE
    assert "UNSLOTTED" in refused.value.message
    assert not PickListLine.objects.exists() and not PickList.objects.exists()
    release.refresh_from_db()
    wave.refresh_from_db()
    assert (release.state, wave.state) == ("released", "open")


def test_cancelling_an_open_wave_lets_its_releases_wait_again(shop):
    tenant, location = shop
    _released(tenant, location, 2)
    wave = wave_create(tenant_id=tenant.pk, location_id=location.pk, actor=STAFF)

    wave_cancel(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)

    assert Release.objects.filter(wave__isnull=True, state="released").count() == 2
    wave_release_refused = pytest.raises(WarehouseError)
    with wave_release_refused:
        wave_release(tenant_id=tenant.pk, wave_id=wave.pk, actor=STAFF)


def _execution(**fields):
    return LocationExecution(time_zone="America/Los_Angeles", **fields)


def test_a_wave_is_due_at_a_cutoff_once_and_on_its_interval():
    # 15:05 in Los Angeles (PST, UTC-8).
    now = dt.datetime(2026, 12, 1, 23, 5, tzinfo=dt.UTC)
    cutoff = _execution(cutoff_times=["15:00"])
    assert auto_wave_due(cutoff, now) == "cutoff"
    cutoff.last_auto_wave_at = dt.datetime(2026, 12, 1, 23, 1, tzinfo=dt.UTC)
    assert auto_wave_due(cutoff, now) is None
    assert auto_wave_due(_execution(cutoff_times=["16:00"]), now) is None

    interval = _execution(
        wave_interval_minutes=30, last_auto_wave_at=now - dt.timedelta(minutes=29)
    )
    assert auto_wave_due(interval, now) is None
    assert auto_wave_due(interval, now + dt.timedelta(minutes=1)) == "schedule"


def test_beat_makes_and_releases_a_due_wave(shop):
    tenant, location = shop
    LocationExecution.objects.filter(location=location).update(wave_interval_minutes=30)
    _released(tenant, location, 2)

    wave = auto_wave(tenant_id=tenant.pk, location_id=location.pk)

    assert wave is not None and (wave.state, wave.trigger) == ("released", "schedule")
    execution = LocationExecution.objects.get(location=location)
    assert execution.last_auto_wave_at is not None
    assert timezone.now() - execution.last_auto_wave_at < dt.timedelta(minutes=1)
    assert auto_wave(tenant_id=tenant.pk, location_id=location.pk) is None  # not due again


def test_a_full_wave_is_made_without_waiting_for_the_interval(
    shop, django_capture_on_commit_callbacks
):
    tenant, location = shop
    LocationExecution.objects.filter(location=location).update(
        wave_interval_minutes=600, last_auto_wave_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        _released(tenant, location, 3)  # the cap

    (wave,) = Wave.objects.all()
    assert (wave.state, wave.releases.count()) == ("released", 3)
