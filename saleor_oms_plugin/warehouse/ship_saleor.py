"""The Saleor step of shipping: approve the release's fulfilment with its tracking numbers
(``saleor.fulfillments.ship_fulfillment``: the number set silently, then the approval, which
Saleor's one e-mail to the customer carries; an approval found done on a retry is success),
then mark the release and its parcels shipped and publish
``fulfillment.shipped``. Runs in a task after the labels were committed, never inside a
transaction; a transient failure is raised for the task to retry, a refusal is recorded on
the release (``ship_error``) and audited, and the release stays packed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorError
from saleor_oms_plugin.saleor.fulfillments import ship_fulfillment
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_parcels, lock_release
from saleor_oms_plugin.warehouse.models import Parcel, Release
from saleor_oms_plugin.warehouse.moves import release_move

logger = logging.getLogger(__name__)
TRACKING_LIMIT = 255  # Saleor's tracking number field
SHIP_LEASE = timedelta(seconds=120)


@contextmanager
def _ship_lease(release_id: int) -> Iterator[bool]:
    """Whether this worker may ask Saleor for the release now (one conditional update)."""
    now = timezone.now()
    mine = bool(
        Release.objects.filter(pk=release_id, state=Release.State.PACKED)
        .filter(Q(ship_lease_until__isnull=True) | Q(ship_lease_until__lt=now))
        .update(ship_lease_until=now + SHIP_LEASE)
    )
    try:
        yield mine
    finally:
        if mine:
            Release.objects.filter(pk=release_id).update(ship_lease_until=None)


def tracking_of(parcels: list[Parcel]) -> str:
    """The tracking numbers of a release's parcels, as Saleor's one field holds them."""
    numbers = list(dict.fromkeys(p.tracking_number for p in parcels if p.tracking_number))
    return ", ".join(numbers)[:TRACKING_LIMIT]


def _labelled(release: Release) -> list[Parcel] | None:
    parcels = [
        p
        for p in Parcel.objects.filter(release_id=release.pk).order_by("pk")
        if p.state != Parcel.State.VOIDED
    ]
    if not parcels or any(p.state != Parcel.State.LABELLED for p in parcels):
        return None
    return parcels


def ship_in_saleor(*, tenant_id: int, release_id: int, client: SaleorClient | None = None) -> str:
    """Approve the fulfilment of a packed, fully labelled release; its state afterwards
    (``busy`` when another worker is asking Saleor right now)."""
    if not Release.objects.filter(tenant_id=tenant_id, pk=release_id).exists():
        return "missing"
    with _ship_lease(release_id) as mine:
        if not mine:
            state = Release.objects.get(pk=release_id).state
            return "busy" if state == Release.State.PACKED else state
        return _ship_leased(tenant_id=tenant_id, release_id=release_id, client=client)


def _ship_leased(*, tenant_id: int, release_id: int, client: SaleorClient | None) -> str:
    release = Release.objects.select_related("order").get(pk=release_id)
    if release.state != Release.State.PACKED:
        return release.state
    parcels = _labelled(release)
    if parcels is None:
        return release.state
    client = client or tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    tracking = tracking_of(parcels)
    try:
        ship_fulfillment(
            client,
            fulfillment_id=release.saleor_fulfillment_id,
            tracking_number=tracking,
            notify_customer=True,
            order_id=release.order.saleor_id,
        )
    except SaleorError as error:
        if error.transient:
            raise
        _refused(release, str(error))
        return release.state
    return _shipped(tenant_id, release_id, tracking)


def _refused(release: Release, message: str) -> None:
    with transaction.atomic():
        locked = lock_release(release.tenant_id, release.pk)
        assert locked is not None
        locked.ship_error = message
        locked.save(update_fields=["ship_error", "updated_at"])
        audit_record(
            tenant_id=locked.tenant_id,
            subject=locked,
            verb=WarehouseEvent.SHIP_REFUSED,
            actor=Actor.saleor(),
            data={"fulfillment": locked.saleor_fulfillment_id, "error": message},
        )
    logger.warning("Saleor refused to ship release %s: %s", release.pk, message)


def _shipped(tenant_id: int, release_id: int, tracking: str) -> str:
    with transaction.atomic():
        release = lock_release(tenant_id, release_id)
        assert release is not None
        if release.state != Release.State.PACKED:
            return release.state
        now = timezone.now()
        parcels = [p for p in lock_parcels(release.pk) if p.state == Parcel.State.LABELLED]
        Parcel.objects.filter(pk__in=[p.pk for p in parcels]).update(
            state=Parcel.State.SHIPPED, updated_at=now
        )
        release.shipped_at = now
        release.ship_error = ""
        release.save(update_fields=["shipped_at", "ship_error"])
        release_move(
            release,
            Release.State.SHIPPED,
            actor=Actor.system(),
            data={"tracking_number": tracking, "carrier": release.ship_carrier},
        )
        publish(
            tenant_id=tenant_id,
            event=WarehouseEvent.FULFILLMENT_SHIPPED,
            order_id=release.order_id,
            facts={
                "release_id": release.pk,
                "shipment_id": release.shipment_id,
                "location_id": release.location_id,
                "fulfillment_id": release.saleor_fulfillment_id,
                "carrier": release.ship_carrier,
                "service": release.ship_service,
                "tracking_numbers": [p.tracking_number for p in parcels],
                "parcels": len(parcels),
            },
        )
    return Release.State.SHIPPED
