"""Row locks on orders. An order's row lock serialises every writer of that order: Saleor's
payloads, routing and returns."""

from __future__ import annotations

from typing import Any

from saleor_oms_plugin.core.locks import lock_or_create
from saleor_oms_plugin.orders.models import Order


def lock_order(tenant_id: int, order_id: int) -> Order | None:
    """The tenant's order ``order_id``, locked FOR UPDATE; None if there is none."""
    return Order.objects.select_for_update().filter(tenant_id=tenant_id, pk=order_id).first()


def lock_order_by_saleor_id(tenant_id: int, saleor_id: str) -> Order | None:
    """The tenant's order with Saleor id ``saleor_id``, locked FOR UPDATE; None if not synced."""
    return (
        Order.objects.select_for_update().filter(tenant_id=tenant_id, saleor_id=saleor_id).first()
    )


def lock_or_create_order(
    tenant_id: int, saleor_id: str, *, create: dict[str, Any]
) -> tuple[Order, bool]:
    """The order with Saleor id ``saleor_id``, locked, created from ``create`` if missing;
    and whether it was created (see :func:`~saleor_oms_plugin.core.locks.lock_or_create`)."""
    return lock_or_create(
        Order, lookup={"tenant_id": tenant_id, "saleor_id": saleor_id}, create=create
    )
