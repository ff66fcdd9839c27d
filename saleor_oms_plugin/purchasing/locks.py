"""Row locks of purchasing: each purchase order step locks its order, one row."""

from __future__ import annotations

from saleor_oms_plugin.purchasing.error_codes import PurchasingErrorCode
from saleor_oms_plugin.purchasing.errors import PurchasingError
from saleor_oms_plugin.purchasing.models import PurchaseOrder, Supplier


def lock_purchase_order(tenant_id: int, pk: int) -> PurchaseOrder:
    """The tenant's purchase order ``pk``, locked FOR UPDATE (every step of its lifecycle takes
    it); NOT_FOUND (field ``id``) if there is none."""
    order = PurchaseOrder.objects.select_for_update().filter(tenant_id=tenant_id, pk=pk).first()
    if order is None:
        raise PurchasingError(PurchasingErrorCode.NOT_FOUND, "No such purchase order.", field="id")
    return order


def lock_supplier(tenant_id: int, pk: int) -> Supplier:
    """The tenant's supplier ``pk``, locked FOR UPDATE; SUPPLIER_NOT_FOUND if there is none."""
    supplier = Supplier.objects.select_for_update().filter(tenant_id=tenant_id, pk=pk).first()
    if supplier is None:
        raise PurchasingError(
            PurchasingErrorCode.SUPPLIER_NOT_FOUND, "No such supplier.", field="supplier_id"
        )
    return supplier
