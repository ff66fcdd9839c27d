"""State moves of releases, waves and pick lists: checked against the transition tables and
audited (``<kind>.<state>``), in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record, audit_record_many
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.models import PickList, Release, Wave
from saleor_oms_plugin.warehouse.transitions import (
    PICK_LIST_TRANSITIONS,
    RELEASE_TRANSITIONS,
    WAVE_TRANSITIONS,
    check_transition,
)


def release_move(
    release: Release, target: str, *, actor: Actor, data: dict[str, Any] | None = None
) -> None:
    check_transition(RELEASE_TRANSITIONS, "release", release.state, target)
    previous, release.state = release.state, target
    release.save(update_fields=["state", "wave", "short_lines", "updated_at"])
    audit_record(
        tenant_id=release.tenant_id,
        subject=release,
        verb=WarehouseEvent(f"warehouse_release.{target}"),
        actor=actor,
        data={"from": previous, "shipment": release.shipment_id, **(data or {})},
    )


def releases_move(
    releases: list[Release], target: str, *, actor: Actor, data: dict[str, Any] | None = None
) -> None:
    """:func:`release_move` for many releases of one tenant in one state, in one update and
    one audit insert (a wave's releases)."""
    if not releases:
        return
    previous = {r.state for r in releases}
    for state in previous:
        check_transition(RELEASE_TRANSITIONS, "release", state, target)
    Release.objects.filter(pk__in=[r.pk for r in releases]).update(
        state=target, updated_at=timezone.now()
    )
    for release in releases:
        release.state = target
    audit_record_many(
        tenant_id=releases[0].tenant_id,
        subjects=list(releases),
        verb=WarehouseEvent(f"warehouse_release.{target}"),
        actor=actor,
        data={"from": sorted(previous), **(data or {})},
    )


def wave_move(wave: Wave, target: str, *, actor: Actor, data: dict[str, Any] | None = None) -> None:
    check_transition(WAVE_TRANSITIONS, "wave", wave.state, target)
    previous, wave.state = wave.state, target
    wave.save()
    audit_record(
        tenant_id=wave.tenant_id,
        subject=wave,
        verb=WarehouseEvent(f"wave.{target}"),
        actor=actor,
        data={"from": previous, "number": wave.number, **(data or {})},
    )


def pick_list_move(pick_list: PickList, target: str, *, actor: Actor) -> None:
    check_transition(PICK_LIST_TRANSITIONS, "pick list", pick_list.state, target)
    previous, pick_list.state = pick_list.state, target
    pick_list.save(update_fields=["state", "updated_at"])
    audit_record(
        tenant_id=pick_list.tenant_id,
        subject=pick_list,
        verb=WarehouseEvent(f"pick_list.{target}"),
        actor=actor,
        data={"from": previous, "wave": pick_list.wave_id},
    )
