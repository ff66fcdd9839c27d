"""Row locks of the checkout domain: one cart at a time (every writer of a cart takes it)."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.checkout.models import Cart
from saleor_oms_plugin.core.locks import lock_or_create


def lock_cart(tenant_id: int, checkout_id: str, *, create: dict[str, Any]) -> tuple[Cart, bool]:
    """The tenant's cart of ``checkout_id``, locked FOR UPDATE, created from ``create`` if
    missing; and whether this call created it."""
    return lock_or_create(
        Cart, lookup={"tenant_id": tenant_id, "checkout_id": checkout_id}, create=create
    )


def lock_cart_by_pk(tenant_id: int, pk: int) -> Cart | None:
    """The tenant's cart ``pk``, locked FOR UPDATE; None if there is none."""
    return Cart.objects.select_for_update().filter(tenant_id=tenant_id, pk=pk).first()
