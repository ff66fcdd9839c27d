"""Tenant-scoped reads of suppliers, their items and purchase orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from saleor_oms_plugin.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierItem,
)


def supplier_list(*, tenant_id: int, search: str | None = None) -> QuerySet[Supplier]:
    rows = Supplier.objects.filter(tenant_id=tenant_id)
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.order_by("name", "pk")


def supplier_get(*, tenant_id: int, pk: int) -> Supplier | None:
    return Supplier.objects.filter(tenant_id=tenant_id, pk=pk).first()


def supplier_items(*, tenant_id: int, supplier_id: int) -> QuerySet[SupplierItem]:
    return SupplierItem.objects.filter(tenant_id=tenant_id, supplier_id=supplier_id).order_by(
        "sku", "pk"
    )


def supplier_items_for_skus(*, tenant_id: int, skus: Iterable[str]) -> dict[str, SupplierItem]:
    """The preferred supplier item of each SKU (lowest priority, then oldest), one query."""
    chosen: dict[str, SupplierItem] = {}
    rows = (
        SupplierItem.objects.filter(tenant_id=tenant_id, sku__in=set(skus) - {""})
        .select_related("supplier")
        .order_by("sku", "priority", "pk")
    )
    for item in rows:
        chosen.setdefault(item.sku, item)
    return chosen


def purchase_order_list(
    *,
    tenant_id: int,
    states: Iterable[str] | None = None,
    supplier_id: int | None = None,
    location_id: int | None = None,
    expected_before: date | None = None,
    search: str | None = None,
) -> QuerySet[PurchaseOrder]:
    """Newest first; ``search`` matches the number or a line's SKU."""
    rows = PurchaseOrder.objects.filter(tenant_id=tenant_id).select_related("supplier", "location")
    if states is not None:
        rows = rows.filter(state__in=list(states))
    if supplier_id is not None:
        rows = rows.filter(supplier_id=supplier_id)
    if location_id is not None:
        rows = rows.filter(location_id=location_id)
    if expected_before is not None:
        rows = rows.filter(expected_on__lt=expected_before)
    if search:
        skus = PurchaseOrderLine.objects.filter(tenant_id=tenant_id, sku__icontains=search)
        rows = rows.filter(Q(number__icontains=search) | Q(pk__in=skus.values("order_id")))
    return rows.prefetch_related(
        Prefetch("lines", queryset=PurchaseOrderLine.objects.order_by("pk"))
    ).order_by("-created_at", "-pk")


def purchase_order_get(*, tenant_id: int, pk: int) -> PurchaseOrder | None:
    return (
        PurchaseOrder.objects.filter(tenant_id=tenant_id, pk=pk)
        .select_related("supplier", "location")
        .prefetch_related(Prefetch("lines", queryset=PurchaseOrderLine.objects.order_by("pk")))
        .first()
    )


def open_units_of(lines: Iterable[PurchaseOrderLine]) -> int:
    return sum(line.quantity_open for line in lines)


def open_value_of(lines: Iterable[PurchaseOrderLine]) -> Decimal:
    """What the units still to come cost, in the order's currency."""
    return sum((line.unit_cost * line.quantity_open for line in lines), Decimal(0))


def total_value_of(lines: Iterable[PurchaseOrderLine]) -> Decimal:
    return sum((line.unit_cost * line.quantity_ordered for line in lines), Decimal(0))
