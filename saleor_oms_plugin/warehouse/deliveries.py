"""A parcel's delivery, recorded once, and a release's once all of its parcels arrived.

One path for both sources: the tracking sweep (``tracking.py``, a carrier's delivered event)
and staff (``parcel_delivered``, for carriers without a tracking feed such as the own fleet).
The order, the release and its parcels are locked in that order (the order first, as
fulfilment does before it publishes shipment moves the warehouse hears), so two runs, or a run
and staff, recording parcels of one release serialise, and the last parcel publishes
``fulfillment.delivered`` exactly once: ``Release.delivered_on`` is set with it.

The day delivered is the carrier's: the date of its delivery event in the event's own offset
(a parcel delivered at 21:00 in Los Angeles arrived that day, not the next UTC one). A release
arrives with its last parcel.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.carriers.model import TrackingState
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.orders.locks import lock_order
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_parcels, lock_release
from saleor_oms_plugin.warehouse.models import LocationExecution, Parcel

# A carrier's local day may be a day off UTC's either way.
DAY_SLACK = dt.timedelta(days=1)


def parcel_delivery_record(
    *,
    tenant_id: int,
    parcel_id: int,
    delivered_at: dt.datetime,
    delivered_on: dt.date,
    actor: Actor,
    source: str,
) -> Parcel:
    """Record that a shipped parcel arrived on ``delivered_on`` (at ``delivered_at``); when it
    is the release's last, record the release's day and publish ``fulfillment.delivered``.

    Recording the same day again changes nothing; another day is refused
    (``ALREADY_DELIVERED``), as is a parcel that has not shipped (``NOT_SHIPPED``) or a day
    before it was labelled (``INVALID``)."""
    row = (
        Parcel.objects.filter(tenant_id=tenant_id, pk=parcel_id)
        .values_list("release_id", "release__order_id")
        .first()
    )
    if row is None:
        raise WarehouseError(Code.NOT_FOUND, "No such parcel.", field="parcel_id")
    release_id, order_id = row
    with transaction.atomic():
        lock_order(tenant_id, order_id)
        release = lock_release(tenant_id, release_id)
        assert release is not None
        parcels = [p for p in lock_parcels(release.pk) if p.state != Parcel.State.VOIDED]
        parcel = next((p for p in parcels if p.pk == parcel_id), None)
        if parcel is None or parcel.state != Parcel.State.SHIPPED:
            state = parcel.state if parcel else Parcel.State.VOIDED
            raise WarehouseError(
                Code.NOT_SHIPPED,
                f"This parcel is {state}: only shipped parcels are delivered.",
                field="parcel_id",
            )
        if parcel.delivered_on is not None:
            if parcel.delivered_on == delivered_on:
                return parcel
            raise WarehouseError(
                Code.ALREADY_DELIVERED,
                f"This parcel was delivered on {parcel.delivered_on.isoformat()}.",
                field="delivered_on",
            )
        labelled = parcel.labelled_at or parcel.created_at
        if delivered_on < (labelled - DAY_SLACK).date():
            raise WarehouseError(
                Code.INVALID,
                f"A parcel labelled on {labelled.date().isoformat()} cannot have arrived on "
                f"{delivered_on.isoformat()}.",
                field="delivered_on",
            )
        parcel.delivered_at = delivered_at
        parcel.delivered_on = delivered_on
        parcel.tracking_state = TrackingState.DELIVERED.value
        parcel.tracking_checked_at = timezone.now()
        parcel.tracking_lease_until = None
        parcel.save(
            update_fields=[
                "delivered_at",
                "delivered_on",
                "tracking_state",
                "tracking_checked_at",
                "tracking_lease_until",
                "updated_at",
            ]
        )
        audit_record(
            tenant_id=tenant_id,
            subject=parcel,
            verb=WarehouseEvent.PARCEL_DELIVERED,
            actor=actor,
            data={
                "delivered_on": delivered_on.isoformat(),
                "tracking_number": parcel.tracking_number,
                "source": source,
            },
        )
        arrived = [p.delivered_on for p in parcels]
        if release.delivered_on is None and all(day is not None for day in arrived):
            last = max(day for day in arrived if day is not None)
            release.delivered_on = last
            release.save(update_fields=["delivered_on", "updated_at"])
            numbers = [p.tracking_number for p in sorted(parcels, key=lambda p: p.pk)]
            facts = {
                "delivered_on": last.isoformat(),
                "release_id": release.pk,
                "tracking_numbers": numbers,
            }
            audit_record(
                tenant_id=tenant_id,
                subject=release,
                verb=WarehouseEvent.FULFILLMENT_DELIVERED,
                actor=actor,
                data=facts,
            )
            publish(
                tenant_id=tenant_id,
                event=WarehouseEvent.FULFILLMENT_DELIVERED,
                order_id=release.order_id,
                facts=facts,
            )
    return parcel


def _location_today(location_id: int, now: dt.datetime) -> tuple[dt.date, zoneinfo.ZoneInfo]:
    name = (
        LocationExecution.objects.filter(location_id=location_id)
        .values_list("time_zone", flat=True)
        .first()
    )
    try:
        zone = zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone).date(), zone


def parcel_delivered(
    *, tenant_id: int, parcel_id: int, delivered_on: dt.date | None, actor: Actor
) -> Parcel:
    """Staff say a shipped parcel arrived (carriers without a tracking feed: the own fleet, a
    rate table): on ``delivered_on``, by default today at the parcel's location (its warehouse
    execution time zone). A day in the future is refused (``INVALID``)."""
    location_id = (
        Parcel.objects.filter(tenant_id=tenant_id, pk=parcel_id)
        .values_list("location_id", flat=True)
        .first()
    )
    if location_id is None:
        raise WarehouseError(Code.NOT_FOUND, "No such parcel.", field="parcel_id")
    now = timezone.now()
    today, zone = _location_today(location_id, now)
    day = delivered_on or today
    if day > today:
        raise WarehouseError(
            Code.INVALID, "A parcel cannot arrive in the future.", field="delivered_on"
        )
    moment = now if day == today else dt.datetime.combine(day, dt.time(12), tzinfo=zone)
    return parcel_delivery_record(
        tenant_id=tenant_id,
        parcel_id=parcel_id,
        delivered_at=moment,
        delivered_on=day,
        actor=actor,
        source="staff",
    )
