"""What each location can still promise of a cart's variants, from the inventory ledger.

One query, never Saleor (Saleor is waiting on our answer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection

from saleor_oms_plugin.inventory.models import StockLevel


def cart_stock(
    *, tenant_id: int, location_pks: Mapping[str, int], variant_ids: Iterable[str]
) -> dict[str, dict[str, int]]:
    """variant id -> Saleor warehouse id -> units available (on hand − allocated − reserved −
    held − safety stock), for the locations given (Saleor warehouse id -> Location pk)."""
    by_pk = {pk: saleor_id for saleor_id, pk in location_pks.items()}
    ids = list(dict.fromkeys(variant_ids))
    stock: dict[str, dict[str, int]] = {variant_id: {} for variant_id in ids}
    # The answer path runs this on every question while the customer waits: one plain
    # statement without model instances (StockLevel.available, computed in SQL); IN lists,
    # which PostgreSQL and the embedded SQLite both take.
    if not ids or not by_pk:
        return stock
    locations = list(by_pk)
    sql = (
        "SELECT location_id, variant_id, on_hand - allocated - reserved - held - safety_stock "
        f"FROM {StockLevel._meta.db_table} WHERE tenant_id = %s "
        f"AND variant_id IN ({', '.join(['%s'] * len(ids))}) "
        f"AND location_id IN ({', '.join(['%s'] * len(locations))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tenant_id, *ids, *locations])
        for location_id, variant_id, available in cursor.fetchall():
            stock[variant_id][by_pk[location_id]] = max(0, available)
    return stock
