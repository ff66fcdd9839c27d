"""Reservations for orders of outside channels: all lines or nothing, never oversold.

A reservation locks the candidate stock rows (the requested variants at the locations serving
the channel) in primary-key order, splits each line over those locations in the channel's
priority order, and takes each share with the ledger's conditional UPDATE. A line that cannot
be covered raises, and the transaction takes every share and the reservation row back with it.

Buffers do not limit reservations: they shape what a channel is *shown*, and an order placed
against a buffered figure always fits the real one.

Lifecycle (``TRANSITIONS``): RESERVED → RELEASED (cancelled), EXPIRED (by the beat sweep) or
CONVERTED (fulfilled: the units leave on hand); the other states are final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.events import InventoryEvent
from saleor_oms_plugin.inventory.ledger import Change, Origin, stock_change
from saleor_oms_plugin.inventory.locks import lock_reservation, lock_stock_levels_of
from saleor_oms_plugin.inventory.models import (
    Channel,
    Reservation,
    ReservationLine,
    StockLevel,
    StockMovement,
)

State = Reservation.State
Reason = StockMovement.Reason
TRANSITIONS: dict[str, frozenset[str]] = {
    State.RESERVED: frozenset({State.RELEASED, State.EXPIRED, State.CONVERTED}),
    State.RELEASED: frozenset(),
    State.EXPIRED: frozenset(),
    State.CONVERTED: frozenset(),
}
MAX_LINES = 100
MAX_TTL = timedelta(days=30)


@dataclass(frozen=True)
class RequestedLine:
    variant_id: str
    quantity: int


def _merged(lines: Iterable[RequestedLine]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for line in lines:
        if not line.variant_id or line.quantity <= 0:
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


def reservation_create(
    *,
    tenant_id: int,
    channel_slug: str,
    reference: str,
    lines: Iterable[RequestedLine],
    actor: Actor,
    expires_at: datetime | None = None,
    order_saleor_id: str = "",
    soft: bool = False,
) -> Reservation:
    """Reserve every line in the channel's locations, or raise INSUFFICIENT_STOCK.

    ``soft``: a cart's hold: the units are ``held`` rather than ``reserved``, so the channels'
    available-to-sell drops but Saleor's own quantity does not (Saleor's checkout counts them
    itself when that checkout completes).

    ``order_saleor_id``: the Saleor order the units are held for, when the outside order is
    fulfilled through Saleor; that order's fulfilment then converts the reservation.

    ``reference`` is an idempotency key: the same request again returns the same reservation;
    another request under a used reference is REFERENCE_IN_USE.
    """
    wanted = _merged(lines)
    reference = reference.strip()
    if not reference or len(reference) > 255:
        raise InventoryError(
            InventoryErrorCode.INVALID_LINES, "A reference of 1-255 characters.", field="reference"
        )
    now = timezone.now()
    if expires_at is not None and not now < expires_at <= now + MAX_TTL:
        raise InventoryError(
            InventoryErrorCode.INVALID_EXPIRY,
            "Expiry must be in the next 30 days.",
            field="expiresAt",
        )
    channel = Channel.objects.filter(tenant_id=tenant_id, slug=channel_slug).first()
    if channel is None:
        raise InventoryError(
            InventoryErrorCode.CHANNEL_NOT_FOUND, f"No channel {channel_slug!r}.", field="channel"
        )
    existing = Reservation.objects.filter(tenant_id=tenant_id, reference=reference).first()
    if existing is not None:
        return _replayed(existing, channel, wanted)
    priority = dict(channel.channel_locations.values_list("location_id", "priority"))
    # Refuse without a lock what is short already (as of this read): under a rush on the last
    # units most requests fail, and they must not queue behind the row locks to learn it.
    _split(list(_candidates(tenant_id, wanted, priority)), priority, wanted, channel)
    try:
        with transaction.atomic():
            # Inserted first: a concurrent request with the same reference waits on the
            # unique index here, then fails and is answered with the winner's reservation.
            reservation = Reservation.objects.create(
                tenant_id=tenant_id,
                channel=channel,
                reference=reference,
                order_saleor_id=order_saleor_id.strip()[:255],
                soft=soft,
                expires_at=expires_at,
                created_at=now,
                updated_at=now,
                actor_type=actor.type,
                actor_id=actor.id,
            )
            _take(reservation, channel, wanted, priority, actor)
            audit_record(
                tenant_id=tenant_id,
                subject=reservation,
                verb=InventoryEvent.RESERVATION_CREATED,
                actor=actor,
                data={"channel": channel.slug, "lines": wanted},
            )
    except IntegrityError:
        existing = Reservation.objects.filter(tenant_id=tenant_id, reference=reference).first()
        if existing is None:
            raise
        return _replayed(existing, channel, wanted)
    return reservation


def _replayed(existing: Reservation, channel: Channel, wanted: dict[str, int]) -> Reservation:
    had: dict[str, int] = {}
    for line in existing.lines.all():
        had[line.variant_id] = had.get(line.variant_id, 0) + line.quantity
    if existing.channel_id != channel.pk or had != wanted:
        raise InventoryError(
            InventoryErrorCode.REFERENCE_IN_USE,
            f"Reference {existing.reference!r} is used by another reservation.",
            field="reference",
        )
    return existing


def _candidates(
    tenant_id: int, wanted: dict[str, int], priority: dict[int, int]
) -> QuerySet[StockLevel]:
    return StockLevel.objects.filter(
        tenant_id=tenant_id,
        variant_id__in=wanted,
        location_id__in=priority,
        location__is_deleted=False,
    ).order_by("pk")


def _split(
    stocks: list[StockLevel], priority: dict[int, int], wanted: dict[str, int], channel: Channel
) -> list[tuple[StockLevel, int]]:
    """Each line's shares over the locations in the channel's priority order, or raise."""
    shares: list[tuple[StockLevel, int]] = []
    for variant_id, quantity in sorted(wanted.items()):
        remaining = quantity
        candidates = sorted(
            (s for s in stocks if s.variant_id == variant_id),
            key=lambda s: (priority[s.location_id], s.pk),
        )
        for stock in candidates:
            share = min(remaining, stock.available)
            if share > 0:
                shares.append((stock, share))
                remaining -= share
        if remaining:
            raise InventoryError(
                InventoryErrorCode.INSUFFICIENT_STOCK,
                f"{variant_id}: {quantity - remaining} of {quantity} available in channel "
                f"{channel.slug}.",
                field="lines",
            )
    return shares


def _take(
    reservation: Reservation,
    channel: Channel,
    wanted: dict[str, int],
    priority: dict[int, int],
    actor: Actor,
) -> None:
    stocks = lock_stock_levels_of(_candidates(reservation.tenant_id, wanted, priority))
    shares = _split(stocks, priority, wanted, channel)
    origin = Origin(Reason.RESERVATION, f"channel:{channel.slug}", actor, reservation.reference)
    for stock, share in sorted(shares, key=lambda item: item[0].pk):
        stock_change(
            stock_id=stock.pk,
            change=Change(held=share) if reservation.soft else Change(reserved=share),
            origin=origin,
            require_available=share,
            write_back=True,
        )
    ReservationLine.objects.bulk_create(
        ReservationLine(
            reservation=reservation, stock=stock, variant_id=stock.variant_id, quantity=share
        )
        for stock, share in shares
    )


def _finish(
    *,
    tenant_id: int,
    reservation_id: int,
    to: str,
    actor: Actor,
    reason: str = "",
    fulfilled_in_saleor: bool = False,
) -> Reservation:
    with transaction.atomic():
        reservation = lock_reservation(tenant_id, reservation_id)
        if reservation is None:
            raise InventoryError(
                InventoryErrorCode.RESERVATION_NOT_FOUND, "No such reservation.", field="id"
            )
        if to not in TRANSITIONS[reservation.state]:
            raise InventoryError(
                InventoryErrorCode.ILLEGAL_TRANSITION,
                f"A {reservation.state.lower()} reservation cannot become {to.lower()}.",
                field="id",
            )
        # Fulfilled through Saleor: Saleor took the units out of its own stock, and the re-read
        # of the variants brings that into on hand; only the hold is given up here.
        units_leave = to == State.CONVERTED and not fulfilled_in_saleor
        origin = Origin(
            Reason.FULFILMENT if to == State.CONVERTED else Reason.RESERVATION_RELEASE,
            f"channel:{reservation.channel.slug}",
            actor,
            reservation.reference,
            reason,
        )
        for line in reservation.lines.order_by("stock_id", "pk"):
            change = Change(
                held=-line.quantity if reservation.soft else 0,
                reserved=0 if reservation.soft else -line.quantity,
                on_hand=-line.quantity if units_leave else 0,
            )
            stock_change(stock_id=line.stock_id, change=change, origin=origin, write_back=True)
        before = reservation.state
        reservation.state, reservation.updated_at = to, timezone.now()
        reservation.save(update_fields=["state", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=reservation,
            verb=InventoryEvent(f"reservation.{to.lower()}"),
            actor=actor,
            data={"from": before, "reason": reason},
        )
    return reservation


def reservation_release(
    *, tenant_id: int, reservation_id: int, actor: Actor, reason: str = ""
) -> Reservation:
    """The order was cancelled: the units become available again."""
    return _finish(
        tenant_id=tenant_id,
        reservation_id=reservation_id,
        to=State.RELEASED,
        actor=actor,
        reason=reason,
    )


def reservation_convert(
    *,
    tenant_id: int,
    reservation_id: int,
    actor: Actor,
    saleor_took_over: bool = False,
    reason: str = "",
) -> Reservation:
    """The order was fulfilled: the reserved units leave the location (on hand and reserved).

    ``saleor_took_over``: a Saleor order now holds the units itself (a cart's order, which
    Saleor allocated): only the hold is given up, on hand stays.
    """
    return _finish(
        tenant_id=tenant_id,
        reservation_id=reservation_id,
        to=State.CONVERTED,
        actor=actor,
        reason=reason,
        fulfilled_in_saleor=saleor_took_over,
    )


def reservation_link_order(
    *, tenant_id: int, reservation_id: int, order_saleor_id: str, actor: Actor
) -> Reservation:
    """Name the Saleor order a held reservation is for (its fulfilment converts it)."""
    order_saleor_id = order_saleor_id.strip()
    if not 0 < len(order_saleor_id) <= 255:
        raise InventoryError(
            InventoryErrorCode.INVALID_LINES, "A Saleor order ID is required.", field="orderId"
        )
    with transaction.atomic():
        reservation = lock_reservation(tenant_id, reservation_id)
        if reservation is None:
            raise InventoryError(
                InventoryErrorCode.RESERVATION_NOT_FOUND, "No such reservation.", field="id"
            )
        if reservation.state != State.RESERVED:
            raise InventoryError(
                InventoryErrorCode.ILLEGAL_TRANSITION,
                f"A {reservation.state.lower()} reservation cannot be linked.",
                field="id",
            )
        reservation.order_saleor_id, reservation.updated_at = order_saleor_id, timezone.now()
        reservation.save(update_fields=["order_saleor_id", "updated_at"])
        audit_record(
            tenant_id=tenant_id,
            subject=reservation,
            verb=InventoryEvent.RESERVATION_LINKED,
            actor=actor,
            data={"order": order_saleor_id},
        )
    return reservation


def reservations_convert_for_order(*, tenant_id: int, order_saleor_id: str) -> int:
    """A Saleor order was fulfilled: convert the held reservations linked to it.

    Idempotent (a converted reservation is skipped, and so is one released or expired since
    it was listed); run inside the webhook's transaction. Returns how many were converted.
    """
    held = list(
        Reservation.objects.filter(
            tenant_id=tenant_id, order_saleor_id=order_saleor_id, state=State.RESERVED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    converted = 0
    for pk in held:
        try:
            _finish(
                tenant_id=tenant_id,
                reservation_id=pk,
                to=State.CONVERTED,
                actor=Actor.saleor(),
                reason="fulfilled in Saleor",
                fulfilled_in_saleor=True,
            )
        except InventoryError as exc:
            # Released or expired meanwhile: nothing is held for the order any more.
            if exc.code is not InventoryErrorCode.ILLEGAL_TRANSITION:
                raise
            continue
        converted += 1
    return converted


def reservations_expire(*, now: datetime | None = None, limit: int = 500) -> int:
    """Beat: release reservations whose time ran out. Returns how many expired."""
    now = now or timezone.now()
    due = list(
        Reservation.objects.filter(state=State.RESERVED, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("tenant_id", "pk")[:limit]
    )
    expired = 0
    for tenant_id, pk in due:
        try:
            _finish(tenant_id=tenant_id, reservation_id=pk, to=State.EXPIRED, actor=Actor.system())
        except InventoryError as exc:
            # Released or converted meanwhile by its owner: nothing left to expire.
            if exc.code is not InventoryErrorCode.ILLEGAL_TRANSITION:
                raise
            continue
        expired += 1
    return expired
