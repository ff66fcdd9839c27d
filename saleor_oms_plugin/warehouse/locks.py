"""Every row lock the warehouse takes, in primary-key order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import F, Q

from saleor_oms_plugin.core.locks import lock_in_pk_order, lock_or_create
from saleor_oms_plugin.warehouse.models import (
    LocationExecution,
    Parcel,
    PickList,
    PickListLine,
    PickSplit,
    Release,
    ShippingLabel,
    Wave,
)


def lock_execution(tenant_id: int, location_id: int) -> LocationExecution | None:
    """The location's execution settings, locked (waves of one location are made one at a
    time)."""
    return (
        LocationExecution.objects.select_for_update()
        .filter(tenant_id=tenant_id, location_id=location_id)
        .first()
    )


def lock_execution_or_create(tenant_id: int, location_id: int) -> LocationExecution:
    """The location's execution settings, locked; created (switched off) if missing."""
    row, _ = lock_or_create(
        LocationExecution,
        lookup={"tenant_id": tenant_id, "location_id": location_id},
        create={},
    )
    return row


def lock_release_or_create(
    tenant_id: int, shipment_id: int, create: dict[str, Any]
) -> tuple[Release, bool]:
    """The release of the tenant's shipment, locked; created from ``create`` if missing (a
    concurrent creator's row is taken instead). Whether this call created it."""
    return lock_or_create(
        Release, lookup={"tenant_id": tenant_id, "shipment_id": shipment_id}, create=create
    )


def lock_release_by_shipment(tenant_id: int, shipment_id: int) -> Release | None:
    return (
        Release.objects.select_for_update()
        .filter(tenant_id=tenant_id, shipment_id=shipment_id)
        .first()
    )


def lock_releases(ids: Iterable[int]) -> list[Release]:
    return lock_in_pk_order(Release.objects.filter(pk__in=list(ids)))


def lock_wave(tenant_id: int, wave_id: int) -> Wave | None:
    return Wave.objects.select_for_update().filter(tenant_id=tenant_id, pk=wave_id).first()


def lock_pick_line(tenant_id: int, line_id: int) -> PickListLine | None:
    """A pick list line with its list, both locked (list first: lower in the hierarchy)."""
    list_id = (
        PickListLine.objects.filter(tenant_id=tenant_id, pk=line_id)
        .values_list("pick_list_id", flat=True)
        .first()
    )
    if list_id is None:
        return None
    PickList.objects.select_for_update().filter(pk=list_id).first()
    return (
        PickListLine.objects.select_for_update()
        .select_related("pick_list", "bin")
        .filter(tenant_id=tenant_id, pk=line_id)
        .first()
    )


def lock_splits(line_id: int) -> list[PickSplit]:
    return lock_in_pk_order(PickSplit.objects.filter(line_id=line_id))


def lock_release(tenant_id: int, release_id: int) -> Release | None:
    """A release, locked: every pack scan, parcel close and ship request of one release runs
    one at a time under it."""
    return (
        Release.objects.select_for_update()
        .select_related("order", "location")
        .filter(tenant_id=tenant_id, pk=release_id)
        .first()
    )


def lock_parcels(release_id: int) -> list[Parcel]:
    """The release's parcels, locked (take the release's lock first)."""
    return lock_in_pk_order(Parcel.objects.filter(release_id=release_id))


def lock_parcel(tenant_id: int, parcel_id: int) -> Parcel | None:
    return Parcel.objects.select_for_update().filter(tenant_id=tenant_id, pk=parcel_id).first()


def lock_label(label_id: int) -> ShippingLabel | None:
    return ShippingLabel.objects.select_for_update().filter(pk=label_id).first()


def lock_manifest_parcels(tenant_id: int, location_id: int, carrier: str) -> list[Parcel]:
    """The labelled parcels of a carrier at a location not on a manifest yet, locked."""
    return lock_in_pk_order(
        Parcel.objects.filter(
            tenant_id=tenant_id,
            location_id=location_id,
            carrier=carrier,
            manifest__isnull=True,
            state__in=[Parcel.State.LABELLED, Parcel.State.SHIPPED],
        )
    )


def lock_parcels_to_track(
    tenant_id: int,
    carriers: list[str],
    *,
    since: datetime,
    asked_before: datetime,
    now: datetime,
    limit: int,
) -> list[int]:
    """Claim up to ``limit`` of the tenant's shipped, undelivered parcels of ``carriers``
    labelled after ``since``, not asked about since ``asked_before`` (a run asks about each
    parcel once) and not leased at ``now``: their ids, least recently asked first
    (never asked first, then the oldest labelled). Rows another run holds are skipped, never
    waited for (a queue claim: it keeps the queue's order rather than primary-key order)."""
    return list(
        Parcel.objects.select_for_update(skip_locked=True)
        .filter(
            tenant_id=tenant_id,
            state=Parcel.State.SHIPPED,
            delivered_at__isnull=True,
            carrier__in=carriers,
            labelled_at__gte=since,
        )
        .filter(Q(tracking_lease_until__isnull=True) | Q(tracking_lease_until__lt=now))
        .filter(Q(tracking_checked_at__isnull=True) | Q(tracking_checked_at__lt=asked_before))
        .order_by(F("tracking_checked_at").asc(nulls_first=True), "labelled_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
