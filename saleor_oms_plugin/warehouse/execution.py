"""The per-location switch: warehouse execution on or off, and how waves are made there.

A location without a row (or with ``enabled`` off) keeps today's behaviour: applied
shipments are not released to it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_execution_or_create
from saleor_oms_plugin.warehouse.models import LocationExecution, Wave

MAX_WAVE = 10_000
MAX_TOTES = 200


@dataclass(frozen=True)
class ExecutionInput:
    enabled: bool
    wave_size_cap: int = 200
    totes_per_cart: int = 20
    strategy: str = Wave.Strategy.BATCH
    wave_interval_minutes: int | None = None
    cutoff_times: list[str] = field(default_factory=list)
    time_zone: str = "UTC"
    weight_tolerance_g: int = 50


def location_of(tenant_id: int, location_id: int) -> Location:
    location = Location.objects.filter(
        tenant_id=tenant_id, pk=location_id, is_deleted=False
    ).first()
    if location is None:
        raise WarehouseError(Code.LOCATION_NOT_FOUND, "No such location.", field="location_id")
    return location


def _check(data: ExecutionInput) -> list[str]:
    if not 1 <= data.wave_size_cap <= MAX_WAVE:
        raise WarehouseError(Code.INVALID, "Between 1 and 10,000.", field="wave_size_cap")
    if not 1 <= data.totes_per_cart <= MAX_TOTES:
        raise WarehouseError(Code.INVALID, "Between 1 and 200.", field="totes_per_cart")
    if data.strategy not in Wave.Strategy.values:
        raise WarehouseError(Code.INVALID, "discrete, batch or zone.", field="strategy")
    if data.wave_interval_minutes is not None and not 1 <= data.wave_interval_minutes <= 1440:
        raise WarehouseError(Code.INVALID, "Between 1 and 1440.", field="wave_interval_minutes")
    if not 0 <= data.weight_tolerance_g <= 100_000:
        raise WarehouseError(Code.INVALID, "Between 0 and 100,000 g.", field="weight_tolerance_g")
    try:
        zoneinfo.ZoneInfo(data.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise WarehouseError(Code.INVALID, "An IANA time zone.", field="time_zone") from None
    cutoffs = []
    for raw in data.cutoff_times:
        try:
            cutoffs.append(dt.time.fromisoformat(raw).strftime("%H:%M"))
        except ValueError:
            raise WarehouseError(
                Code.INVALID, f"{raw!r} is not a time (HH:MM).", field="cutoff_times"
            ) from None
    return sorted(set(cutoffs))


def execution_set(
    *, tenant_id: int, location_id: int, data: ExecutionInput, actor: Actor
) -> LocationExecution:
    """Switch warehouse execution on or off for a location and set how its waves are made.
    Only shipments applied while it is on are released to the location."""
    cutoffs = _check(data)
    location_of(tenant_id, location_id)
    with transaction.atomic():
        row = lock_execution_or_create(tenant_id, location_id)
        before = row.enabled
        row.enabled = data.enabled
        row.wave_size_cap = data.wave_size_cap
        row.totes_per_cart = data.totes_per_cart
        row.strategy = data.strategy
        row.wave_interval_minutes = data.wave_interval_minutes
        row.cutoff_times = cutoffs
        row.time_zone = data.time_zone
        row.weight_tolerance_g = data.weight_tolerance_g
        row.save()
        audit_record(
            tenant_id=tenant_id,
            subject=row,
            verb=WarehouseEvent.EXECUTION_UPDATED,
            actor=actor,
            data={
                "location": location_id,
                "enabled": data.enabled,
                "was_enabled": before,
                "wave_size_cap": data.wave_size_cap,
                "totes_per_cart": data.totes_per_cart,
                "strategy": data.strategy,
                "wave_interval_minutes": data.wave_interval_minutes,
                "cutoff_times": cutoffs,
                "time_zone": data.time_zone,
                "weight_tolerance_g": data.weight_tolerance_g,
            },
        )
    return row
