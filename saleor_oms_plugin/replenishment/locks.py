"""Row locks of replenishment: the dirty-stock queue, sales velocities and stock alerts."""

from __future__ import annotations

from collections.abc import Iterable

from saleor_oms_plugin.core.locks import lock_in_pk_order
from saleor_oms_plugin.replenishment.models import DirtyStock, SalesVelocity, StockAlert


def lock_dirty_stock_ids(tenant_id: int, limit: int) -> list[int]:
    """Claim up to ``limit`` of the tenant's dirty stock levels: their ids, in stock order, with
    the queue rows locked. Rows another refresh holds are skipped, never waited for (so this
    claim cannot deadlock and keeps the queue's stock order rather than primary-key order)."""
    return list(
        DirtyStock.objects.select_for_update(skip_locked=True)
        .filter(tenant_id=tenant_id)
        .order_by("stock_id")
        .values_list("stock_id", flat=True)[:limit]
    )


def lock_velocities(stock_ids: Iterable[int]) -> list[SalesVelocity]:
    """The sales velocities of the stock levels ``stock_ids`` that have one, locked, in
    primary-key order."""
    return lock_in_pk_order(SalesVelocity.objects.filter(stock_id__in=stock_ids))


def lock_alert(tenant_id: int, alert_id: int) -> StockAlert | None:
    """The tenant's stock alert ``alert_id``, locked FOR UPDATE; None if there is none."""
    return StockAlert.objects.select_for_update().filter(tenant_id=tenant_id, pk=alert_id).first()
