"""The tracking sweep: carriers asked where shipped parcels are, deliveries recorded.

Per tenant and run (a Celery task, started by beat for every tenant with parcels to track),
at most ``limit`` parcels are asked about, in claims of ``CHUNK``: shipped, not delivered, of
a carrier with a tracking feed, labelled within ``MAX_AGE``, least recently asked first (never
asked first, then the oldest). A claim is a skip-locked lock of the queue plus a lease
(``tracking_lease_until``) committed before any carrier is called, so two runs never ask about
one parcel at once; a run stops asking once its lease is nearly out and hands back what it did
not ask about. Parcels sharing a tracking number are asked about once.

A carrier's answer is kept on the parcel (``tracking_state``, ``tracking_checked_at``); a
delivered one goes through ``deliveries.parcel_delivery_record``, the path staff use too. A
carrier that is down or does not know the number is logged and asked again on a later run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.carriers.errors import CarrierError
from saleor_oms_plugin.carriers.model import TrackingState, TrackingStatus
from saleor_oms_plugin.warehouse.carrier_accounts import (
    CarrierChoice,
    carrier_adapter,
    carriers_available,
)
from saleor_oms_plugin.warehouse.deliveries import parcel_delivery_record
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.locks import lock_parcels_to_track
from saleor_oms_plugin.warehouse.models import Parcel

logger = logging.getLogger(__name__)

CHUNK = 25
LEASE = dt.timedelta(minutes=15)
# Stop asking with this much of the lease left (a slow carrier's call takes up to a minute).
LEASE_MARGIN = dt.timedelta(minutes=2)
MAX_AGE = dt.timedelta(days=60)


@dataclass
class TrackingReport:
    asked: int = 0  # tracking numbers asked about
    parcels: int = 0  # parcels claimed
    delivered: int = 0
    failed: int = 0  # numbers the carrier could not answer for
    states: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "asked": self.asked,
            "parcels": self.parcels,
            "delivered": self.delivered,
            "failed": self.failed,
            "states": dict(sorted(self.states.items())),
        }


def delivery_of(status: TrackingStatus, *, fallback: dt.datetime) -> tuple[dt.datetime, dt.date]:
    """When a delivered parcel arrived: its last ``delivered`` event, and that event's day in
    its own offset; ``fallback`` (now) when the carrier says delivered without an event."""
    moments = [event.at for event in status.events if event.state == TrackingState.DELIVERED]
    moment = moments[-1] if moments else fallback
    return moment, moment.date()


def tracking_tenants() -> list[int]:
    """Active tenants with shipped parcels not delivered yet."""
    return list(
        Parcel.objects.filter(
            state=Parcel.State.SHIPPED, delivered_at__isnull=True, tenant__is_active=True
        )
        .order_by("tenant_id")
        .values_list("tenant_id", flat=True)
        .distinct()
    )


def _claim(
    tenant_id: int, carriers: list[str], started: dt.datetime, limit: int
) -> tuple[list[Parcel], dt.datetime]:
    now = timezone.now()
    with transaction.atomic():
        ids = lock_parcels_to_track(
            tenant_id, carriers, since=now - MAX_AGE, asked_before=started, now=now, limit=limit
        )
        Parcel.objects.filter(pk__in=ids).update(tracking_lease_until=now + LEASE)
    by_id = {parcel.pk: parcel for parcel in Parcel.objects.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id], now + LEASE - LEASE_MARGIN  # queue order


def _keep(parcel_ids: list[int], state: str | None) -> None:
    """The carrier's answer (None: no answer) kept, the lease handed back."""
    changes: dict[str, object] = {
        "tracking_checked_at": timezone.now(),
        "tracking_lease_until": None,
    }
    if state is not None:
        changes["tracking_state"] = state
    Parcel.objects.filter(pk__in=parcel_ids).update(**changes)


def _ask(
    tenant_id: int,
    choice: CarrierChoice,
    number: str,
    parcels: list[Parcel],
    report: TrackingReport,
) -> None:
    ids = [p.pk for p in parcels]
    report.asked += 1
    try:
        status = carrier_adapter(choice).tracking(number)
    except (CarrierError, WarehouseError) as error:
        report.failed += 1
        logger.warning("tracking %s with %s: %s", number, choice.code, error.message)
        _keep(ids, None)
        return
    report.states[status.state.value] = report.states.get(status.state.value, 0) + len(ids)
    if status.state != TrackingState.DELIVERED:
        _keep(ids, status.state.value)
        return
    moment, day = delivery_of(status, fallback=timezone.now())
    for parcel in parcels:
        try:
            parcel_delivery_record(
                tenant_id=tenant_id,
                parcel_id=parcel.pk,
                delivered_at=moment,
                delivered_on=day,
                actor=Actor.system(),
                source=f"carrier:{choice.code}",
            )
            report.delivered += 1
        except WarehouseError as error:
            # Voided meanwhile, or a day the parcel's own record refuses: logged, not retried
            # before the next run.
            logger.warning("parcel %s not recorded delivered: %s", parcel.pk, error.message)
            _keep([parcel.pk], status.state.value)


def tracking_run(*, tenant_id: int, limit: int) -> TrackingReport:
    """Ask the carriers about up to ``limit`` of the tenant's shipped parcels (see module)."""
    report = TrackingReport()
    choices = {c.code: c for c in carriers_available(tenant_id=tenant_id) if c.tracking_feed}
    if not choices:
        return report
    started = timezone.now()
    while report.parcels < limit:
        parcels, deadline = _claim(
            tenant_id, sorted(choices), started, min(CHUNK, limit - report.parcels)
        )
        if not parcels:
            break
        report.parcels += len(parcels)
        groups: dict[tuple[str, str], list[Parcel]] = defaultdict(list)
        for parcel in parcels:
            groups[(parcel.carrier, parcel.tracking_number)].append(parcel)
        for index, ((code, number), group) in enumerate(groups.items()):
            if timezone.now() >= deadline:
                left = [p.pk for g in list(groups.values())[index:] for p in g]
                Parcel.objects.filter(pk__in=left).update(tracking_lease_until=None)
                return report
            _ask(tenant_id, choices[code], number, group, report)
    return report
