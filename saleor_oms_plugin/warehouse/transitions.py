"""The allowed state changes of releases, waves and pick lists; anything else is refused."""

from __future__ import annotations

from saleor_oms_plugin.warehouse.error_codes import WarehouseErrorCode
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import PickList, Release, Wave

R, W, L = Release.State, Wave.State, PickList.State

RELEASE_TRANSITIONS: dict[str, frozenset[str]] = {
    R.RELEASED: frozenset({R.PICKING, R.CANCELLED}),
    R.PICKING: frozenset({R.PICKED, R.SHORT_PICKED, R.CANCELLED}),
    R.PICKED: frozenset({R.PACKED, R.CANCELLED}),
    R.PACKED: frozenset({R.SHIPPED, R.PICKED, R.CANCELLED}),  # picked: a parcel voided
    R.SHORT_PICKED: frozenset({R.CANCELLED}),
    R.SHIPPED: frozenset(),
    R.CANCELLED: frozenset(),
}

WAVE_TRANSITIONS: dict[str, frozenset[str]] = {
    W.OPEN: frozenset({W.RELEASED, W.CANCELLED}),
    W.RELEASED: frozenset({W.PICKING, W.DONE}),
    W.PICKING: frozenset({W.DONE}),
    W.DONE: frozenset(),
    W.CANCELLED: frozenset(),
}

PICK_LIST_TRANSITIONS: dict[str, frozenset[str]] = {
    L.OPEN: frozenset({L.PICKING, L.DONE}),
    L.PICKING: frozenset({L.DONE}),
    L.DONE: frozenset(),
    L.CANCELLED: frozenset(),
}


def check_transition(
    table: dict[str, frozenset[str]], kind: str, current: str, target: str
) -> None:
    if target not in table.get(current, frozenset()):
        raise WarehouseError(
            WarehouseErrorCode.INVALID_TRANSITION,
            f"a {kind} that is {current} cannot become {target}",
            field="state",
        )
