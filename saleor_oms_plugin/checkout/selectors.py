"""Tenant-scoped reads of carts."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.inventory.models import Reservation


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
