"""Tenant-scoped reads of the order read model."""

from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.orders.models import Order


def order_list(
    *, tenant_id: int, status: str | None = None, number: str | None = None
) -> QuerySet[Order]:
    """Newest first (the model's ordering), optionally one status or one order number."""
    orders = Order.objects.filter(tenant_id=tenant_id)
    if status:
        orders = orders.filter(status=status)
    if number is not None:
        # Merchants write "#1234" as often as "1234".
        orders = orders.filter(number=number.strip().lstrip("#"))
    return orders


def order_get(
    *,
    tenant_id: int,
    pk: int | None = None,
    saleor_id: str | None = None,
    number: str | None = None,
) -> Order | None:
    orders = order_list(tenant_id=tenant_id, number=number)
    if pk is not None:
        orders = orders.filter(pk=pk)
    if saleor_id is not None:
        orders = orders.filter(saleor_id=saleor_id)
    return orders.first()
