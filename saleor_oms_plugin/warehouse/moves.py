"""State moves of releases, waves and pick lists: checked against the transition tables and
audited (``<kind>.<state>``), in the caller's transaction."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.audit.services import Actor, audit_record
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
