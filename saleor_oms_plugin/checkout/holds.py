"""What a cart holds in the ledger: one inventory reservation, replaced when the lines change.

The reservation's reference is ``checkout:<checkout id>:<n>``, ``n`` counting the cart's holds,
so a replayed event finds the reservation it made. A new set of lines is held in a savepoint
that first releases the old hold: when the new lines cannot all be held (short stock, a
channel the ledger does not know), the savepoint is rolled back, the old hold stays and the
cart says why (``hold_problem``). A cart never holds part of its lines.
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.models import Reservation
from saleor_oms_plugin.inventory.reservations import (
    RequestedLine,
    reservation_convert,
    reservation_create,
    reservation_release,
)

RESERVED = Reservation.State.RESERVED


def _held(cart: Cart) -> Reservation | None:
    reservation = cart.reservation
    if reservation is None or reservation.state != RESERVED:
        return None
    return reservation


def held_units(cart: Cart) -> dict[str, int]:
    """Units per variant the cart holds now ({} when nothing)."""
    reservation = _held(cart)
    if reservation is None:
        return {}
    units: dict[str, int] = {}
    for line in reservation.lines.all():
        units[line.variant_id] = units.get(line.variant_id, 0) + line.quantity
    return units


def hold_replace(cart: Cart, wanted: dict[str, int]) -> bool:
    """Make the locked ``cart`` hold exactly ``wanted`` in its channel; whether it changed.

    Fields changed on ``cart`` are saved by the caller.
    """
    current = _held(cart)
    if current is not None and current.channel.slug == cart.channel_slug:
        if held_units(cart) == wanted:
            cart.hold_problem = ""
            return False
    if not wanted:
        changed = hold_release(cart, reason="checkout emptied")
        cart.hold_problem = ""
        return changed
    sequence = cart.hold_sequence + 1
    try:
        with transaction.atomic():
            if current is not None:
                reservation_release(
                    tenant_id=cart.tenant_id,
                    reservation_id=current.pk,
                    actor=Actor.saleor(),
                    reason="checkout changed",
                )
            reservation = reservation_create(
                tenant_id=cart.tenant_id,
                channel_slug=cart.channel_slug,
                reference=f"checkout:{cart.checkout_id}:{sequence}",
                lines=[RequestedLine(variant, units) for variant, units in sorted(wanted.items())],
                actor=Actor.saleor(),
                soft=True,  # held, never written back: Saleor counts its own checkout
            )
    except InventoryError as exc:
        # The old hold (if any) stands; the new lines wait for the next change to try again.
        cart.hold_problem = f"{exc.code}: {exc.message}"[:500]
        return False
    cart.reservation, cart.hold_sequence, cart.hold_problem = reservation, sequence, ""
    return True


def hold_release(cart: Cart, *, reason: str) -> bool:
    """Give the cart's hold back (the units are available again); whether there was one."""
    current = _held(cart)
    cart.reservation = None
    if current is None:
        return False
    reservation_release(
        tenant_id=cart.tenant_id, reservation_id=current.pk, actor=Actor.saleor(), reason=reason
    )
    return True


def hold_convert(cart: Cart, *, order_saleor_id: str) -> bool:
    """The cart's order arrived: Saleor allocated the units to it, so the hold is given up as
    converted (on hand stays); whether there was one."""
    current = _held(cart)
    if current is None:
        return False
    reservation_convert(
        tenant_id=cart.tenant_id,
        reservation_id=current.pk,
        actor=Actor.saleor(),
        saleor_took_over=True,
        reason=f"order {order_saleor_id} placed",
    )
    return True
