"""Transfers of stock between two locations, through the ledger (reason TRANSFER).

Lifecycle (``TRANSITIONS``)::

    REQUESTED --dispatch--> IN_TRANSIT --receive--> RECEIVED
        |                       |
        +------cancel-----------+-----> CANCELLED

- **request** reserves the units at the source (``reserved += n``, all lines or none), so they
  are not sold while the transfer waits to be picked; a Saleor source is written back, so
  Saleor stops offering them too.
- **dispatch** takes them out: ``on_hand -= n`` and ``reserved -= n`` at the source (Saleor's
  quantity, on hand − reserved, does not move).
- **receive** puts the received quantities on hand at the destination; a shortfall is kept on
  the line (``received_quantity`` < ``quantity``) and in the audit event as a discrepancy.
- **cancel** gives the reservation back (REQUESTED) or returns the goods to the source's on
  hand (IN_TRANSIT).

A refused move (wrong state, not enough stock) raises and changes nothing: each move is one
transaction with the transfer row locked, and stock rows are changed in primary-key order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change, stock_ensure
from saleor_oms_plugin.inventory.locks import lock_transfer
from saleor_oms_plugin.inventory.models import StockMovement, Transfer, TransferLine
from saleor_oms_plugin.inventory.services import MAX_QUANTITY
from saleor_oms_plugin.locations.models import Location

State = Transfer.State
TRANSITIONS: dict[str, frozenset[str]] = {
    State.REQUESTED: frozenset({State.IN_TRANSIT, State.CANCELLED}),
    State.IN_TRANSIT: frozenset({State.RECEIVED, State.CANCELLED}),
    State.RECEIVED: frozenset(),
    State.CANCELLED: frozenset(),
}
MAX_LINES = 100


@dataclass(frozen=True)
class TransferLineRequest:
    variant_id: str
    quantity: int


def _location(tenant_id: int, pk: int, field: str) -> Location:
    location = Location.objects.filter(tenant_id=tenant_id, pk=pk, is_deleted=False).first()
    if location is None:
        raise InventoryError(
            InventoryErrorCode.LOCATION_NOT_FOUND, "No such location.", field=field
        )
    return location


def _merged(lines: Iterable[TransferLineRequest]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for line in lines:
        if not line.variant_id or not 0 < line.quantity <= MAX_QUANTITY:
            raise InventoryError(
                InventoryErrorCode.INVALID_LINES,
                "Every line needs a variant and a positive quantity.",
                field="lines",
            )
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    if not merged or len(merged) > MAX_LINES:
        raise InventoryError(
            InventoryErrorCode.INVALID_LINES, f"Give 1 to {MAX_LINES} lines.", field="lines"
        )
    return merged


def _origin(transfer: Transfer, actor: Actor, note: str = "") -> Origin:
    return Origin(StockMovement.Reason.TRANSFER, "transfer", actor, f"transfer:{transfer.pk}", note)


def _stocks(tenant_id: int, location: Location, variant_ids: Iterable[str]) -> dict[str, int]:
    """Stock level ids of the variants at a location (created empty where missing)."""
    return {
        vid: stock_ensure(tenant_id=tenant_id, location_id=location.pk, variant_id=vid).pk
        for vid in sorted(set(variant_ids))
    }


def _change_all(
    transfer: Transfer,
    location: Location,
    changes: Mapping[str, Change],
    actor: Actor,
    *,
    require_available: bool = False,
) -> None:
    stocks = _stocks(transfer.tenant_id, location, changes)
    origin = _origin(transfer, actor)
    for variant_id, stock_id in sorted(stocks.items(), key=lambda item: item[1]):
        change = changes[variant_id]
        if change.is_empty():
            continue
        stock_change(
            stock_id=stock_id,
            change=change,
            origin=origin,
            require_available=change.reserved if require_available else 0,
            write_back=location.is_saleor_warehouse,
        )


def transfer_request(
    *,
    tenant_id: int,
    from_location_id: int,
    to_location_id: int,
    lines: Iterable[TransferLineRequest],
    actor: Actor,
    reference: str = "",
    note: str = "",
) -> Transfer:
    """Ask for units to move; they are reserved at the source or INSUFFICIENT_STOCK."""
    wanted = _merged(lines)
    source = _location(tenant_id, from_location_id, "fromLocation")
    destination = _location(tenant_id, to_location_id, "toLocation")
    if source.pk == destination.pk:
        raise InventoryError(
            InventoryErrorCode.INVALID_LINES,
            "Source and destination must differ.",
            field="toLocation",
        )
    now = timezone.now()
    with transaction.atomic():
        transfer = Transfer.objects.create(
            tenant_id=tenant_id,
            from_location=source,
            to_location=destination,
            reference=reference.strip()[:255],
            note=note.strip()[:500],
            created_at=now,
            updated_at=now,
            actor_type=actor.type,
            actor_id=actor.id,
        )
        TransferLine.objects.bulk_create(
            TransferLine(transfer=transfer, variant_id=vid, quantity=qty)
            for vid, qty in sorted(wanted.items())
        )
        _change_all(
            transfer,
            source,
            {vid: Change(reserved=qty) for vid, qty in wanted.items()},
            actor,
            require_available=True,
        )
        audit_record(
            tenant_id=tenant_id,
            subject=transfer,
            verb=InventoryEvent.TRANSFER_REQUESTED,
            actor=actor,
            data={"from": source.pk, "to": destination.pk, "lines": wanted},
        )
    return transfer


def _locked(tenant_id: int, transfer_id: int, to: str) -> Transfer:
    transfer = lock_transfer(tenant_id, transfer_id)
    if transfer is None:
        raise InventoryError(InventoryErrorCode.TRANSFER_NOT_FOUND, "No such transfer.", field="id")
    if to not in TRANSITIONS[transfer.state]:
        raise InventoryError(
            InventoryErrorCode.ILLEGAL_TRANSITION,
            f"A {transfer.state.lower().replace('_', ' ')} transfer cannot become "
            f"{to.lower().replace('_', ' ')}.",
            field="id",
        )
    return transfer


def _moved(transfer: Transfer, to: str, actor: Actor, data: dict[str, object]) -> Transfer:
    before = transfer.state
    now = timezone.now()
    transfer.state, transfer.updated_at = to, now
    if to == State.IN_TRANSIT:
        transfer.dispatched_at = now
    if to == State.RECEIVED:
        transfer.received_at = now
    transfer.save(update_fields=["state", "updated_at", "dispatched_at", "received_at"])
    audit_record(
        tenant_id=transfer.tenant_id,
        subject=transfer,
        verb=InventoryEvent(f"transfer.{to.lower()}"),
        actor=actor,
        data={"from": before, **data},
    )
    return transfer


def _quantities(transfer: Transfer) -> dict[str, int]:
    return dict(transfer.lines.values_list("variant_id", "quantity"))


def transfer_dispatch(*, tenant_id: int, transfer_id: int, actor: Actor) -> Transfer:
    """The goods left the source: its reserved units leave on hand."""
    with transaction.atomic():
        transfer = _locked(tenant_id, transfer_id, State.IN_TRANSIT)
        changes = {
            vid: Change(on_hand=-qty, reserved=-qty) for vid, qty in _quantities(transfer).items()
        }
        _change_all(transfer, transfer.from_location, changes, actor)
        return _moved(transfer, State.IN_TRANSIT, actor, {})


def transfer_receive(
    *,
    tenant_id: int,
    transfer_id: int,
    actor: Actor,
    received: Mapping[str, int] | None = None,
) -> Transfer:
    """The goods arrived: ``received`` per variant goes on hand at the destination.

    Without ``received`` everything sent arrived; with it, a variant left out counts as none
    received (never more stock than was counted). Less than sent is recorded as a
    discrepancy; more than sent is refused."""
    with transaction.atomic():
        transfer = _locked(tenant_id, transfer_id, State.RECEIVED)
        lines = list(transfer.lines.all())
        sent = {line.variant_id: line.quantity for line in lines}
        counts = dict(sent if received is None else received)
        unknown = set(counts) - set(sent)
        if unknown:
            raise InventoryError(
                InventoryErrorCode.INVALID_LINES,
                f"Not in this transfer: {', '.join(sorted(unknown))}.",
                field="lines",
            )
        for vid, qty in counts.items():
            if not 0 <= qty <= sent[vid]:
                raise InventoryError(
                    InventoryErrorCode.INVALID_QUANTITY,
                    f"{vid}: received must be 0 to {sent[vid]}.",
                    field="lines",
                )
        for line in lines:
            line.received_quantity = counts.get(line.variant_id, 0)
        TransferLine.objects.bulk_update(lines, ["received_quantity"])
        changes = {line.variant_id: Change(on_hand=line.received_quantity or 0) for line in lines}
        _change_all(transfer, transfer.to_location, changes, actor)
        discrepancies = {line.variant_id: line.discrepancy for line in lines if line.discrepancy}
        return _moved(transfer, State.RECEIVED, actor, {"discrepancies": discrepancies})


def transfer_cancel(
    *, tenant_id: int, transfer_id: int, actor: Actor, reason: str = ""
) -> Transfer:
    """Before dispatch the reservation is released; in transit the goods return to the source."""
    with transaction.atomic():
        transfer = _locked(tenant_id, transfer_id, State.CANCELLED)
        in_transit = transfer.state == State.IN_TRANSIT
        changes = {
            vid: Change(on_hand=qty) if in_transit else Change(reserved=-qty)
            for vid, qty in _quantities(transfer).items()
        }
        _change_all(transfer, transfer.from_location, changes, actor)
        return _moved(transfer, State.CANCELLED, actor, {"reason": reason})
