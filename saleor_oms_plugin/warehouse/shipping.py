"""Shipping a packed release: a label per parcel from the chosen carrier, exactly once, then
the Saleor fulfilment approved with the tracking number (``ship_saleor.py``, a task).

A label is bought in three steps, so a retry after a crash never buys a second one:
1. the intent is committed: a ``pending`` ``ShippingLabel`` per closed parcel (one per parcel,
   ever: the parcel is unique on the table) with a reference that is the carrier's
   idempotency key;
2. a worker claims the pending label with one conditional update (a lease, so two racing
   ``releaseShip`` calls never ask the carrier together) and asks the carrier, outside any
   transaction;
3. the answer is recorded on the label and the parcel (``labelled``).
A worker that dies between 2 and 3 leaves the label pending; the next ``releaseShip`` asks
the carrier again with the same reference, which carriers with idempotency keys answer with
the label already bought. A refusal marks the label ``failed``; shipping again retries it.

Once every parcel is labelled, the Saleor step is scheduled after commit. ``parcel_void``
cancels a label at the carrier before its manifest is closed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.carriers.errors import CarrierError
from saleor_oms_plugin.carriers.model import Address, LabelFormat, Shipment
from saleor_oms_plugin.carriers.model import Parcel as CarrierParcel
from saleor_oms_plugin.labels.validation import tracking_number_problem
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.warehouse.carrier_accounts import (
    carrier_adapter,
    carrier_choice,
)
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_label, lock_parcel, lock_parcels, lock_release
from saleor_oms_plugin.warehouse.models import BoxType, Parcel, Release, ShippingLabel
from saleor_oms_plugin.warehouse.moves import release_move
from saleor_oms_plugin.warehouse.scheduling import ship_in_saleor_after_commit

LABEL_LEASE = timedelta(seconds=120)


def location_address(location: Location) -> Address:
    return Address(
        name=location.company_name or location.name,
        street_1=location.street_address_1,
        street_2=location.street_address_2,
        city=location.city,
        postal_code=location.postal_code,
        country=location.country,
        country_area=location.country_area,
        phone=location.phone,
    )


def order_address(order: Order) -> Address:
    """The order's shipping address (Saleor's camelCase fields)."""
    raw: dict[str, Any] = order.shipping_address or {}
    country = raw.get("country") or ""
    if isinstance(country, dict):
        country = country.get("code") or ""
    name = " ".join(p for p in (raw.get("firstName"), raw.get("lastName")) if p)
    return Address(
        name=name or order.user_email or order.number,
        company=str(raw.get("companyName") or ""),
        street_1=str(raw.get("streetAddress1") or ""),
        street_2=str(raw.get("streetAddress2") or ""),
        city=str(raw.get("city") or ""),
        postal_code=str(raw.get("postalCode") or ""),
        country=str(country),
        country_area=str(raw.get("countryArea") or ""),
        phone=str(raw.get("phone") or ""),
    )


def label_reference(tenant_id: int, parcel_id: int) -> str:
    """The carrier's idempotency key of a parcel's label: the same on every attempt."""
    return f"oms-{tenant_id}-parcel-{parcel_id}"


def _live(parcels: list[Parcel]) -> list[Parcel]:
    return [p for p in parcels if p.state != Parcel.State.VOIDED]


def _record_intent(
    *,
    tenant_id: int,
    release_id: int,
    carrier: str,
    service: str | None,
    tracking: str,
    actor: Actor,
) -> tuple[Release, bool]:
    """Step 1: check the request, record the choice and a pending label per closed parcel.
    Whether labels remain to be issued (False: shipped already, or only Saleor is left)."""
    choice = carrier_choice(tenant_id=tenant_id, code=carrier.strip())
    chosen_service = (service or "").strip() or (choice.services[0] if choice.services else "")
    if chosen_service not in choice.services:
        raise WarehouseError(
            Code.INVALID,
            f"{choice.name} offers {', '.join(choice.services) or 'no service'}.",
            field="service",
        )
    tracking = tracking.strip()
    if tracking and tracking_number_problem(tracking):
        raise WarehouseError(
            Code.INVALID,
            f"tracking number {tracking_number_problem(tracking)}.",
            field="tracking_number",
        )
    with transaction.atomic():
        release = lock_release(tenant_id, release_id)
        if release is None:
            raise WarehouseError(Code.NOT_FOUND, "No such release.", field="release_id")
        if release.state == Release.State.SHIPPED:
            return release, False
        if release.state != Release.State.PACKED:
            raise WarehouseError(
                Code.NOT_SHIPPABLE,
                f"This release is {release.state}: pack every unit first.",
                field="release_id",
            )
        parcels = _live(lock_parcels(release.pk))
        labelled = [p for p in parcels if p.state == Parcel.State.LABELLED]
        if labelled and release.ship_carrier and release.ship_carrier != choice.code:
            raise WarehouseError(
                Code.INVALID,
                f"Labels were issued with {release.ship_carrier}: void them to change carrier.",
                field="carrier",
            )
        release.ship_carrier = choice.code
        release.ship_service = chosen_service
        release.ship_tracking_number = tracking
        release.ship_requested_at = timezone.now()
        release.ship_error = ""
        release.save(
            update_fields=[
                "ship_carrier",
                "ship_service",
                "ship_tracking_number",
                "ship_requested_at",
                "ship_error",
                "updated_at",
            ]
        )
        pending = 0
        for parcel in parcels:
            if parcel.state != Parcel.State.CLOSED:
                continue
            label = ShippingLabel.objects.filter(parcel=parcel).first()
            if label is None:
                ShippingLabel.objects.create(
                    tenant_id=tenant_id,
                    parcel=parcel,
                    carrier=choice.code,
                    service=chosen_service,
                    reference=label_reference(tenant_id, parcel.pk),
                )
            elif label.state == ShippingLabel.State.FAILED:
                # Asked again (a pending label is left alone: a worker may hold it).
                ShippingLabel.objects.filter(pk=label.pk).update(
                    state=ShippingLabel.State.PENDING,
                    carrier=choice.code,
                    service=chosen_service,
                    error="",
                )
            pending += 1
        audit_record(
            tenant_id=tenant_id,
            subject=release,
            verb=WarehouseEvent.SHIP_REQUESTED,
            actor=actor,
            data={"carrier": choice.code, "service": chosen_service, "parcels": pending},
        )
    return release, True


def _claim(label_id: int) -> bool:
    """Step 2's lease: only one worker asks the carrier for a label at a time."""
    now = timezone.now()
    return bool(
        ShippingLabel.objects.filter(pk=label_id, state=ShippingLabel.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LABEL_LEASE, attempts=F("attempts") + 1)
    )


def label_issue(*, tenant_id: int, label_id: int, actor: Actor) -> ShippingLabel | None:
    """Ask the carrier for one pending label and record it; None when another worker holds
    it. A carrier that is down leaves it pending (``CARRIER_UNAVAILABLE``); a refusal marks it
    failed (``CARRIER_REFUSED``)."""
    if not _claim(label_id):
        return None
    label = ShippingLabel.objects.select_related(
        "parcel__release__order", "parcel__release__location"
    ).get(pk=label_id)
    parcel = label.parcel
    release = parcel.release
    box = BoxType.objects.filter(location_id=parcel.location_id, code=parcel.box_code).first()
    shipment = Shipment(
        reference=label.reference,
        service=label.service,
        ship_from=location_address(release.location),
        ship_to=order_address(release.order),
        parcels=(
            CarrierParcel(
                weight_g=parcel.weight_g or 0,
                length_mm=box.inner_depth_mm if box else 0,
                width_mm=box.inner_width_mm if box else 0,
                height_mm=box.inner_height_mm if box else 0,
            ),
        ),
        label_format=LabelFormat.PDF,
        tracking_number=release.ship_tracking_number,
    )
    try:
        adapter = carrier_adapter(carrier_choice(tenant_id=tenant_id, code=label.carrier))
        result = adapter.create_label(shipment)
    except (CarrierError, WarehouseError) as error:
        message = error.message
        retryable = isinstance(error, CarrierError) and error.retryable
        with transaction.atomic():
            locked = lock_label(label_id)
            assert locked is not None
            locked.lease_until = None
            locked.error = message
            if not retryable:
                locked.state = ShippingLabel.State.FAILED
            locked.save(update_fields=["lease_until", "error", "state"])
            audit_record(
                tenant_id=tenant_id,
                subject=parcel,
                verb=WarehouseEvent.LABEL_FAILED,
                actor=actor,
                data={"carrier": label.carrier, "error": message, "retryable": retryable},
            )
        raise WarehouseError(
            Code.CARRIER_UNAVAILABLE if retryable else Code.CARRIER_REFUSED,
            f"{label.carrier}: {message}",
            field="carrier",
        ) from None
    with transaction.atomic():
        # Locks in the order every writer takes them: release, parcel, label.
        lock_release(tenant_id, release.pk)
        row = lock_parcel(tenant_id, parcel.pk)
        locked = lock_label(label_id)
        assert locked is not None and row is not None
        if locked.state != ShippingLabel.State.PENDING:
            return locked  # recorded already (a worker whose lease ran out answered first)
        now = timezone.now()
        locked.state = ShippingLabel.State.ISSUED
        locked.tracking_number = result.tracking_number
        locked.label = result.label
        locked.label_format = result.label_format.value
        locked.cost = result.cost.amount if result.cost else None
        locked.currency = result.cost.currency if result.cost else ""
        locked.issued_at = now
        locked.lease_until = None
        locked.error = ""
        locked.save()
        row.state = Parcel.State.LABELLED
        row.carrier = label.carrier
        row.service = label.service
        row.tracking_number = result.tracking_number
        row.labelled_at = now
        row.save()
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=WarehouseEvent.PARCEL_LABELLED,
            actor=actor,
            data={
                "carrier": label.carrier,
                "service": label.service,
                "tracking_number": result.tracking_number,
                "attempts": locked.attempts,
            },
        )
    return locked


def release_ship(
    *,
    tenant_id: int,
    release_id: int,
    carrier: str,
    service: str | None,
    tracking_number: str | None,
    actor: Actor,
) -> Release:
    """Label every closed parcel of a packed release (once each), then have Saleor approve
    its fulfilment with the tracking number (after commit, retried). Idempotent: a shipped
    release is returned as it is; a release whose labels are issued only repeats the Saleor
    step."""
    release, labels_left = _record_intent(
        tenant_id=tenant_id,
        release_id=release_id,
        carrier=carrier,
        service=service,
        tracking=tracking_number or "",
        actor=actor,
    )
    if not labels_left:
        return release
    pending = ShippingLabel.objects.filter(
        parcel__release_id=release.pk, state=ShippingLabel.State.PENDING
    ).values_list("pk", flat=True)
    for label_id in list(pending):
        label_issue(tenant_id=tenant_id, label_id=label_id, actor=actor)
    with transaction.atomic():
        release = lock_release(tenant_id, release_id)  # type: ignore[assignment]
        assert release is not None
        parcels = _live(list(Parcel.objects.filter(release_id=release.pk)))
        if (
            release.state == Release.State.PACKED
            and parcels
            and all(p.state == Parcel.State.LABELLED for p in parcels)
        ):
            ship_in_saleor_after_commit(tenant_id=tenant_id, release_id=release.pk)
    return release


def parcel_void(*, tenant_id: int, parcel_id: int, actor: Actor) -> Parcel:
    """Void a labelled parcel's label at the carrier, before its manifest is closed. The
    units go back to packing (the release is ``picked`` again) unless it shipped already."""
    release_id = (
        Parcel.objects.filter(tenant_id=tenant_id, pk=parcel_id)
        .values_list("release_id", flat=True)
        .first()
    )
    if release_id is None:
        raise WarehouseError(Code.NOT_FOUND, "No such parcel.", field="parcel_id")
    with transaction.atomic():
        release = lock_release(tenant_id, release_id)
        parcel = lock_parcel(tenant_id, parcel_id)
        assert release is not None and parcel is not None
        if parcel.state not in (Parcel.State.LABELLED, Parcel.State.SHIPPED):
            raise WarehouseError(
                Code.NOT_VOIDABLE,
                f"This parcel is {parcel.state}: no label to void.",
                field="parcel_id",
            )
        if parcel.manifest is not None and parcel.manifest.closed_at is not None:
            raise WarehouseError(
                Code.NOT_VOIDABLE, "Its manifest is closed: the carrier has it.", field="parcel_id"
            )
        label = ShippingLabel.objects.filter(parcel=parcel).first()
        if label is not None:
            try:
                carrier_adapter(carrier_choice(tenant_id=tenant_id, code=label.carrier)).void(
                    label.tracking_number
                )
            except CarrierError as error:
                raise WarehouseError(
                    Code.CARRIER_UNAVAILABLE if error.retryable else Code.CARRIER_REFUSED,
                    f"{label.carrier}: {error.message}",
                    field="parcel_id",
                ) from None
            label.state = ShippingLabel.State.VOIDED
            label.voided_at = timezone.now()
            label.save(update_fields=["state", "voided_at"])
        was = parcel.state
        parcel.state = Parcel.State.VOIDED
        parcel.save(update_fields=["state", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=parcel,
            verb=WarehouseEvent.PARCEL_VOIDED,
            actor=actor,
            data={"from": was, "tracking_number": parcel.tracking_number},
        )
        if release.state == Release.State.PACKED:
            release_move(release, Release.State.PICKED, actor=actor, data={"voided": parcel.pk})
    return parcel
