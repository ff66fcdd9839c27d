"""What each location can still promise of a cart's variants, from the inventory ledger.

One query, never Saleor (Saleor is waiting on our answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from saleor_oms_plugin.inventory.models import StockLevel


def cart_stock(
    *, tenant_id: int, location_pks: Mapping[str, int], variant_ids: Iterable[str]
) -> dict[str, dict[str, int]]:
    """variant id -> Saleor warehouse id -> units available (on hand − allocated − reserved −
    safety stock), for the locations given (Saleor warehouse id -> Location pk)."""
    by_pk = {pk: saleor_id for saleor_id, pk in location_pks.items()}
    ids = list(dict.fromkeys(variant_ids))
    stock: dict[str, dict[str, int]] = {variant_id: {} for variant_id in ids}
    rows = StockLevel.objects.filter(
        tenant_id=tenant_id, variant_id__in=ids, location_id__in=list(by_pk)
    ).values_list("location_id", "variant_id", "on_hand", "allocated", "reserved", "safety_stock")
    for location_id, variant_id, on_hand, allocated, reserved, safety in rows:
        # StockLevel.available, without building a model instance per row
        stock[variant_id][by_pk[location_id]] = max(0, on_hand - allocated - reserved - safety)
    return stock
