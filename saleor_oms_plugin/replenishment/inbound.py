"""Units already on their way to a location: open transfers (requested or in transit).

Registered as an inbound source of the purchase suggestions (``selectors``), so a shortfall a
transfer will cover is not bought again.
"""

from __future__ import annotations

from django.db.models import Sum

from saleor_oms_plugin.inventory.models import StockLevel, Transfer, TransferLine

OPEN_STATES = (Transfer.State.REQUESTED, Transfer.State.IN_TRANSIT)


def transfers_inbound(tenant_id: int, stocks: list[StockLevel]) -> dict[int, int]:
    """Units of open transfers bound for each stock level's location and variant (one query)."""
    if not stocks:
        return {}
    by_key = {(s.location_id, s.variant_id): s.pk for s in stocks}
    rows = (
        TransferLine.objects.filter(
            transfer__tenant_id=tenant_id,
            transfer__state__in=OPEN_STATES,
            transfer__to_location_id__in={s.location_id for s in stocks},
            variant_id__in={s.variant_id for s in stocks},
        )
        .values("transfer__to_location_id", "variant_id")
        .annotate(units=Sum("quantity"))
    )
    inbound: dict[int, int] = {}
    for row in rows:
        pk = by_key.get((row["transfer__to_location_id"], row["variant_id"]))
        if pk is not None:
            inbound[pk] = row["units"] or 0
    return inbound
