"""Units on order from suppliers: open quantities of purchase orders sent and not fully received.

Registered as an inbound source of replenishment's purchase suggestions (see apps.py), so a
shortfall a purchase order will cover is not suggested again. Drafts do not count: nothing is
on its way until the supplier has the order.
"""

from __future__ import annotations

from django.db.models import F, Sum

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseOrderLine

OPEN_STATES = (PurchaseOrder.State.SENT, PurchaseOrder.State.PARTIALLY_RECEIVED)


def open_units(
    *, tenant_id: int, location_ids: set[int], variant_ids: set[str]
) -> dict[tuple[int, str], int]:
    """Units ordered and not yet received per (location id, variant id) (one query)."""
    rows = (
        PurchaseOrderLine.objects.filter(
            tenant_id=tenant_id,
            order__state__in=OPEN_STATES,
            order__location_id__in=location_ids,
            variant_id__in=variant_ids,
        )
        .values("order__location_id", "variant_id")
        .annotate(units=Sum(F("quantity_ordered") - F("quantity_received")))
    )
    return {(row["order__location_id"], row["variant_id"]): row["units"] or 0 for row in rows}


def purchase_orders_inbound(tenant_id: int, stocks: list[StockLevel]) -> dict[int, int]:
    """``{stock pk: units on order}`` for these stock levels (the suggestions' inbound source)."""
    if not stocks:
        return {}
    units = open_units(
        tenant_id=tenant_id,
        location_ids={s.location_id for s in stocks},
        variant_ids={s.variant_id for s in stocks},
    )
    return {
        s.pk: units[(s.location_id, s.variant_id)]
        for s in stocks
        if units.get((s.location_id, s.variant_id))
    }
