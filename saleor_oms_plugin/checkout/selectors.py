"""Tenant-scoped reads of carts."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.inventory.models import Reservation, ReservationLine


def cart_list(
    *,
    tenant_id: int,
    state: str | None = None,
    channel_slug: str | None = None,
    holding: bool | None = None,
) -> QuerySet[Cart]:
    """The tenant's carts, last changed first. ``holding``: only carts that hold stock now
    (True) or only those that do not (False)."""
    carts = Cart.objects.filter(tenant_id=tenant_id)
    if state:
        carts = carts.filter(state=state)
    if channel_slug:
        carts = carts.filter(channel_slug=channel_slug)
    if holding is not None:
        held = {"reservation__state": Reservation.State.RESERVED}
        carts = carts.filter(**held) if holding else carts.exclude(**held)
    return carts.order_by("-saleor_updated_at", "-pk")


def cart_get(*, tenant_id: int, pk: int) -> Cart | None:
    return Cart.objects.filter(tenant_id=tenant_id, pk=pk).first()


def cart_holding(*, tenant_id: int, checkout_id: str) -> dict[str, dict[str, int]]:
    """What the checkout's own cart holds now: variant id -> Saleor warehouse id -> units (one
    query). A question about the cart counts these units as its own."""
    held: dict[str, dict[str, int]] = {}
    rows = ReservationLine.objects.filter(
        reservation__tenant_id=tenant_id,
        reservation__state=Reservation.State.RESERVED,
        reservation_id__in=Cart.objects.filter(tenant_id=tenant_id, checkout_id=checkout_id).values(
            "reservation_id"
        ),
    ).values_list("variant_id", "stock__location__saleor_id", "quantity")
    for variant_id, location_id, quantity in rows:
        per_location = held.setdefault(variant_id, {})
        per_location[location_id] = per_location.get(location_id, 0) + quantity
    return held
