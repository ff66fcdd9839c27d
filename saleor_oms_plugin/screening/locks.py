"""Row locks of order screening."""

from __future__ import annotations

from saleor_oms_plugin.screening.models import ScreeningResult


def lock_result(tenant_id: int, order_id: int) -> ScreeningResult | None:
    """The screening result of the tenant's order, locked FOR UPDATE; None if there is none."""
    return (
        ScreeningResult.objects.select_for_update()
        .filter(tenant_id=tenant_id, order_id=order_id)
        .first()
    )
