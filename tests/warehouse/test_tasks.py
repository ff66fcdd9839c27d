"""Beat's wave sweep: due locations get a wave, made and released by the task."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.warehouse.models import LocationExecution, Wave
from saleor_oms_plugin.warehouse.tasks import warehouse_waves_sweep
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.warehouse import aisle, apply_shipment, enable

pytestmark = pytest.mark.django_db


def test_the_sweep_waves_locations_that_are_due_and_leaves_the_others(capture_tenant):
    scheduled = make_location(capture_tenant, "Scheduled")
    by_hand = make_location(capture_tenant, "By hand")
    unplannable = make_location(capture_tenant, "No layout")
    for location in (scheduled, by_hand, unplannable):
        enable(capture_tenant, location, wave_interval_minutes=None)
        apply_shipment(make_order(capture_tenant, location.pk, lines=1), location)
    aisle(capture_tenant, scheduled)
    LocationExecution.objects.exclude(location=by_hand).update(wave_interval_minutes=15)

    assert warehouse_waves_sweep() == 2

    (wave,) = Wave.objects.all()
    assert (wave.location_id, wave.state, wave.trigger) == (scheduled.pk, "released", "schedule")
