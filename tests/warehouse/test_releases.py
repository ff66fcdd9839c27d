"""Releases: an applied shipment at an execution-enabled location becomes the warehouse's work;
other locations keep today's behaviour; the same shipment is released once."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.shipments import shipment_mark_applied, shipment_mark_cancelled
from saleor_oms_plugin.warehouse import releases
from saleor_oms_plugin.warehouse.execution import ExecutionInput, execution_set
from saleor_oms_plugin.warehouse.models import Release
from tests.fixtures.graphql import make_location, make_order
from tests.fixtures.warehouse import STAFF, apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db


def test_an_applied_shipment_is_released_to_an_enabled_location(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location)
    order = make_order(capture_tenant, 1, lines=2)

    shipment = apply_shipment(order, location)

    release = release_of(shipment)
    assert (release.state, release.order_id, release.location_id) == (
        "released",
        order.pk,
        location.pk,
    )
    assert release.saleor_fulfillment_id == shipment.saleor_fulfillment_id
    assert release.lines == shipment.lines
    assert release.units == 4
    assert AuditEvent.objects.filter(
        subject_id=str(release.pk), verb="warehouse_release.released"
    ).exists()


def test_locations_without_execution_keep_todays_behaviour(capture_tenant):
    off = make_location(capture_tenant, "Off")
    switched_off = make_location(capture_tenant, "Switched off")
    enable(capture_tenant, switched_off)
    execution_set(
        tenant_id=capture_tenant.pk,
        location_id=switched_off.pk,
        data=ExecutionInput(enabled=False),
        actor=STAFF,
    )

    for number, location in enumerate((off, switched_off), start=1):
        shipment = apply_shipment(make_order(capture_tenant, number), location)
        assert shipment.state == "applied"

    assert not Release.objects.exists()


def test_the_same_shipment_applied_twice_is_one_release(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location)
    shipment = apply_shipment(make_order(capture_tenant, 1), location)

    # Saleor answered again (a recovered call); and the event heard twice.
    shipment_mark_applied(shipment_id=shipment.pk, fulfillment_id=shipment.saleor_fulfillment_id)
    releases.release_from_shipment(
        tenant_id=capture_tenant.pk,
        order_id=shipment.plan.order_id,
        facts={"shipment_id": shipment.pk, "location_id": location.pk, "lines": []},
    )

    assert Release.objects.filter(shipment_id=shipment.pk).count() == 1


def test_a_cancelled_fulfilment_cancels_its_release(capture_tenant):
    location = make_location(capture_tenant, "LA")
    enable(capture_tenant, location)
    shipment = apply_shipment(make_order(capture_tenant, 1), location)

    shipment_mark_cancelled(
        tenant_id=capture_tenant.pk, fulfillment_id=shipment.saleor_fulfillment_id
    )

    assert release_of(shipment).state == "cancelled"


def test_the_names_heard_are_fulfilments_members():
    assert releases.SHIPMENT_APPLIED == FulfilmentEvent.SHIPMENT_APPLIED.value
    assert releases.SHIPMENT_CANCELLED == FulfilmentEvent.SHIPMENT_CANCELLED.value
