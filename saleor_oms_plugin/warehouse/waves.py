"""Waves: a set of one location's releases picked together, planned into pick lists.

A wave is made by hand (chosen releases, or the oldest waiting ones up to a size cap) or by
beat (:func:`auto_wave_due`: every N minutes while releases wait, and at each carrier
cut-off). Releasing a wave plans its pick lists with ``warehouse_planning`` (discrete, batch
or zone, each list in the walking sequence) and stores them with their per-tote splits; a
wave that cannot be planned (an SKU without a bin) is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode as Code
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.execution import MAX_TOTES, MAX_WAVE, location_of
from saleor_oms_plugin.warehouse.locks import lock_execution_or_create, lock_releases, lock_wave
from saleor_oms_plugin.warehouse.models import (
    Bin,
    LocationExecution,
    PickList,
    Release,
    Slot,
    Wave,
)
from saleor_oms_plugin.warehouse.moves import releases_move, wave_move
from saleor_oms_plugin.warehouse.pick_store import LineRow, SplitRow, pick_rows_insert
from saleor_oms_plugin.warehouse_planning import picking as planner
from saleor_oms_plugin.warehouse_planning.errors import PlanningError
from saleor_oms_plugin.warehouse_planning.layout import Bin as PlannedBin
from saleor_oms_plugin.warehouse_planning.layout import Layout

R, W = Release.State, Wave.State


def _waiting(tenant_id: int, location_id: int):
    return Release.objects.filter(
        tenant_id=tenant_id, location_id=location_id, state=R.RELEASED, wave__isnull=True
    )


def _still_waiting(releases: list[Release], tenant_id: int, location_id: int) -> list[Release]:
    """Those of the locked ``releases`` that (still) wait at the location."""
    return [
        r
        for r in releases
        if r.tenant_id == tenant_id
        and r.location_id == location_id
        and r.state == R.RELEASED
        and r.wave_id is None
    ]


def wave_create(
    *,
    tenant_id: int,
    location_id: int,
    actor: Actor,
    release_ids: Sequence[int] | None = None,
    size_cap: int | None = None,
    strategy: str | None = None,
    totes: int | None = None,
    trigger: str = Wave.Trigger.MANUAL,
) -> Wave:
    """Gather releases waiting at a location into an open wave: ``release_ids`` (each must be
    waiting there), or else the oldest waiting ones, at most ``size_cap`` (the location's cap
    by default). Defaults for strategy and totes come from the location's settings."""
    location_of(tenant_id, location_id)
    with transaction.atomic():
        execution = lock_execution_or_create(tenant_id, location_id)
        if not execution.enabled:
            raise WarehouseError(
                Code.EXECUTION_OFF,
                "Warehouse execution is off for this location.",
                field="location_id",
            )
        cap = execution.wave_size_cap if size_cap is None else size_cap
        carts = execution.totes_per_cart if totes is None else totes
        chosen = execution.strategy if strategy is None else strategy
        if not 1 <= cap <= MAX_WAVE:
            raise WarehouseError(Code.INVALID, "Between 1 and 10,000.", field="size_cap")
        if not 1 <= carts <= MAX_TOTES:
            raise WarehouseError(Code.INVALID, "Between 1 and 200.", field="totes")
        if chosen not in Wave.Strategy.values:
            raise WarehouseError(Code.INVALID, "discrete, batch or zone.", field="strategy")
        if release_ids is not None:
            wanted = set(release_ids)
            if len(wanted) > cap:
                raise WarehouseError(
                    Code.INVALID, f"At most {cap} releases in a wave.", field="release_ids"
                )
            releases = _still_waiting(lock_releases(wanted), tenant_id, location_id)
            if len(releases) != len(wanted):
                raise WarehouseError(
                    Code.NOT_PICKABLE,
                    "Some releases are not waiting at this location.",
                    field="release_ids",
                )
        else:
            oldest = list(
                _waiting(tenant_id, location_id)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)[:cap]
            )
            releases = _still_waiting(lock_releases(oldest), tenant_id, location_id)
        if not releases:
            raise WarehouseError(
                Code.NOTHING_TO_WAVE, "No release waits at this location.", field="location_id"
            )
        number = (
            Wave.objects.filter(location_id=location_id).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        wave = Wave.objects.create(
            tenant_id=tenant_id,
            location_id=location_id,
            number=number,
            strategy=chosen,
            trigger=trigger,
            size_cap=cap,
            totes=carts,
        )
        Release.objects.filter(pk__in=[r.pk for r in releases]).update(wave=wave)
        audit_record(
            tenant_id=tenant_id,
            subject=wave,
            verb=WarehouseEvent.WAVE_OPEN,
            actor=actor,
            data={
                "number": number,
                "location": location_id,
                "releases": sorted(r.pk for r in releases),
                "strategy": chosen,
                "trigger": trigger,
            },
        )
    return wave


def wave_cancel(*, tenant_id: int, wave_id: int, actor: Actor) -> Wave:
    """Give up an open wave: its releases wait again."""
    with transaction.atomic():
        wave = lock_wave(tenant_id, wave_id)
        if wave is None:
            raise WarehouseError(Code.NOT_FOUND, "No such wave.", field="id")
        wave_move(wave, W.CANCELLED, actor=actor)
        Release.objects.filter(wave=wave, state=R.RELEASED).update(wave=None)
    return wave


def _layout(tenant_id: int, location_id: int) -> tuple[Layout, dict[str, str], dict[str, Bin]]:
    bins = {
        b.code: b
        for b in Bin.objects.filter(tenant_id=tenant_id, location_id=location_id).select_related(
            "zone"
        )
    }
    layout = Layout.of(
        PlannedBin(code, b.zone.code, b.sequence, b.x, b.y) for code, b in bins.items()
    )
    slotting = dict(
        Slot.objects.filter(tenant_id=tenant_id, location_id=location_id).values_list(
            "sku", "bin__code"
        )
    )
    return layout, slotting, bins


def wave_plan(
    releases: Sequence[Release], strategy: str, totes: int, layout: Layout, slotting: dict
) -> planner.PickPlan:
    """The pick plan of a wave's releases (order id: the release's primary key)."""
    orders = [
        planner.PickOrder(
            str(r.pk),
            tuple(planner.OrderLine(line["sku"], int(line["quantity"])) for line in r.lines),
        )
        for r in releases
    ]
    if strategy == Wave.Strategy.DISCRETE:
        return planner.plan_discrete(orders, layout, slotting)
    if strategy == Wave.Strategy.ZONE:
        return planner.plan_zones(orders, layout, slotting, totes=totes)
    return planner.plan_batches(orders, layout, slotting, totes=totes)


def wave_release(*, tenant_id: int, wave_id: int, actor: Actor) -> Wave:
    """Plan an open wave's pick lists and hand them to the pickers; its releases are being
    picked. Refused, with nothing written, when a release cannot be picked here."""
    with transaction.atomic():
        wave = lock_wave(tenant_id, wave_id)
        if wave is None:
            raise WarehouseError(Code.NOT_FOUND, "No such wave.", field="id")
        if wave.state != W.OPEN:
            raise WarehouseError(
                Code.INVALID_TRANSITION, f"The wave is {wave.state} already.", field="id"
            )
        releases = lock_releases(wave.releases.values_list("pk", flat=True))
        try:
            layout, slotting, bins = _layout(tenant_id, wave.location_id)
            plan = wave_plan(releases, wave.strategy, wave.totes, layout, slotting)
        except PlanningError as exc:
            raise WarehouseError(Code.NOT_PICKABLE, str(exc), field="id") from None
        _store(wave, plan, bins, {str(r.pk): r for r in releases}, layout)
        wave.released_at = timezone.now()
        wave.walk_distance_m = plan.walk_distance(layout)
        wave_move(
            wave,
            W.RELEASED,
            actor=actor,
            data={"pick_lists": len(plan.pick_lists), "walk_m": round(wave.walk_distance_m, 1)},
        )
        releases_move(releases, R.PICKING, actor=actor, data={"wave": wave.pk})
    return wave


def _store(
    wave: Wave,
    plan: planner.PickPlan,
    bins: dict[str, Bin],
    releases: dict[str, Release],
    layout: Layout,
) -> None:
    lists = PickList.objects.bulk_create(
        PickList(
            tenant_id=wave.tenant_id,
            wave=wave,
            position=n,
            strategy=wave.strategy,
            zone=p.lines[0].zone if p.strategy is planner.PickStrategy.ZONE and p.lines else "",
            releases=[int(order_id) for order_id in p.order_ids],
            walk_distance_m=p.walk_distance(layout),
        )
        for n, p in enumerate(plan.pick_lists, start=1)
    )
    lines: list[LineRow] = []
    splits: list[SplitRow] = []
    for stored, planned in zip(lists, plan.pick_lists, strict=True):
        for n, line in enumerate(planned.lines, start=1):
            lines.append(LineRow(stored.pk, n, bins[line.bin_id].pk, line.sku, line.quantity))
            splits.extend(
                SplitRow((stored.pk, n), releases[s.order_id].pk, s.tote, s.quantity)
                for s in line.splits
            )
    pick_rows_insert(tenant_id=wave.tenant_id, lines=lines, splits=splits)


# -- automatic waves -------------------------------------------------------------------------


def auto_wave_due(execution: LocationExecution, now: dt.datetime) -> str | None:
    """Whether beat should make the location's next wave now, and why (a ``Wave.Trigger``):
    a carrier cut-off passed since the last automatic wave, or the interval elapsed."""
    last = execution.last_auto_wave_at
    zone = zoneinfo.ZoneInfo(execution.time_zone)
    local_now = now.astimezone(zone)
    for raw in execution.cutoff_times:
        cutoff = dt.datetime.combine(local_now.date(), dt.time.fromisoformat(raw), zone)
        if cutoff <= local_now and (last is None or last < cutoff):
            return Wave.Trigger.CUTOFF
    minutes = execution.wave_interval_minutes
    if minutes is not None and (last is None or now - last >= dt.timedelta(minutes=minutes)):
        return Wave.Trigger.SCHEDULE
    return None


def auto_wave(*, tenant_id: int, location_id: int, force: bool = False) -> Wave | None:
    """Beat (or a full wave, ``force``): make and release the location's next wave if one is
    due and releases wait; None otherwise."""
    now = timezone.now()
    with transaction.atomic():
        execution = lock_execution_or_create(tenant_id, location_id)
        if not execution.enabled:
            return None
        trigger = auto_wave_due(execution, now) or (Wave.Trigger.SCHEDULE if force else None)
        if trigger is None:
            return None
        execution.last_auto_wave_at = now
        execution.save(update_fields=["last_auto_wave_at", "updated_at"])
        if not _waiting(tenant_id, location_id).exists():
            return None
        wave = wave_create(
            tenant_id=tenant_id, location_id=location_id, actor=Actor.system(), trigger=trigger
        )
        return wave_release(tenant_id=tenant_id, wave_id=wave.pk, actor=Actor.system())


def auto_wave_locations() -> list[tuple[int, int]]:
    """(tenant id, location id) of every location where beat may make waves."""
    return list(
        LocationExecution.objects.filter(enabled=True, tenant__is_active=True)
        .exclude(wave_interval_minutes__isnull=True, cutoff_times=[])
        .values_list("tenant_id", "location_id")
    )
