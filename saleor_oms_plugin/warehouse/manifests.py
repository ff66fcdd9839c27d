"""End-of-day manifests: the hand-over list of one carrier at a location, closed once a day.

Closing takes every parcel of the carrier labelled at the location that is on no manifest
yet and not voided (today's, and any an earlier day forgot), under the lock of the
location's execution settings so two closes of one carrier never share a parcel. The
manifest's document is a CSV (one row per parcel: tracking number, order, service, box,
grams, labelled at).
"""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.warehouse.carrier_accounts import carrier_choice
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.execution import location_of
from saleor_oms_plugin.warehouse.locks import lock_execution, lock_manifest_parcels
from saleor_oms_plugin.warehouse.models import Manifest, Parcel

CSV_HEADER = ("tracking_number", "order", "service", "box", "weight_g", "labelled_at")


def manifest_csv(parcels: list[Parcel], orders: dict[int, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for parcel in parcels:
        writer.writerow(
            (
                parcel.tracking_number,
                orders.get(parcel.release_id, ""),
                parcel.service,
                parcel.box_code,
                parcel.weight_g or "",
                parcel.labelled_at.isoformat() if parcel.labelled_at else "",
            )
        )
    return buffer.getvalue().encode()


def manifest_close(*, tenant_id: int, location_id: int, carrier: str, actor: Actor) -> Manifest:
    """Close the carrier's manifest at a location; refused when no parcel waits for one."""
    code = carrier_choice(tenant_id=tenant_id, code=carrier.strip()).code
    location_of(tenant_id, location_id)
    with transaction.atomic():
        if lock_execution(tenant_id, location_id) is None:
            raise WarehouseError(
                Code.EXECUTION_OFF, "Warehouse execution is off here.", field="location_id"
            )
        parcels = lock_manifest_parcels(tenant_id, location_id, code)
        if not parcels:
            raise WarehouseError(
                Code.NOTHING_TO_MANIFEST,
                f"No parcel of {code} waits for a manifest here.",
                field="carrier",
            )
        orders = dict(
            Parcel.objects.filter(pk__in=[p.pk for p in parcels]).values_list(
                "release_id", "release__order__number"
            )
        )
        manifest = Manifest.objects.create(
            tenant_id=tenant_id,
            location_id=location_id,
            carrier=code,
            parcel_count=len(parcels),
            document=manifest_csv(parcels, orders),
            closed_at=timezone.now(),
        )
        Parcel.objects.filter(pk__in=[p.pk for p in parcels]).update(manifest=manifest)
        audit_record(
            tenant_id=tenant_id,
            subject=manifest,
            verb=WarehouseEvent.MANIFEST_CLOSED,
            actor=actor,
            data={"carrier": code, "location": location_id, "parcels": len(parcels)},
        )
    return manifest
