"""Which reorder settings apply to a stock level: its own, else the tenant's defaults.

Tenant defaults live in ``Tenant.settings["replenishment"]``, e.g.
``{"reorder_point": 5, "target_level": 20, "lead_time_days": 7}``; without them (and without a
setting of its own) a stock level is not tracked: no alerts, no suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.replenishment.models import ReplenishmentSetting
from saleor_oms_plugin.tenants.models import Tenant


@dataclass(frozen=True)
class Policy:
    reorder_point: int
    target_level: int
    lead_time_days: int
    on_order: int = 0
    supplier: str = ""
    is_default: bool = False


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def tenant_default(tenant: Tenant) -> Policy | None:
    raw = (tenant.settings or {}).get("replenishment")
    if not isinstance(raw, dict):
        return None
    reorder, target = _count(raw.get("reorder_point")), _count(raw.get("target_level"))
    if reorder is None or target is None or target < reorder:
        return None
    return Policy(reorder, target, _count(raw.get("lead_time_days")) or 0, is_default=True)


def policies_for(tenant: Tenant, stocks: Iterable[StockLevel]) -> dict[int, Policy | None]:
    """The policy of each stock level (by pk): two queries whatever the number of stocks."""
    stocks = list(stocks)
    default = tenant_default(tenant)
    own: dict[tuple[int, str], Policy] = {}
    settings = ReplenishmentSetting.objects.filter(
        tenant_id=tenant.pk,
        variant_id__in={s.variant_id for s in stocks},
        location_id__in={s.location_id for s in stocks},
    )
    for row in settings:
        own[(row.location_id, row.variant_id)] = Policy(
            row.reorder_point, row.target_level, row.lead_time_days, row.on_order, row.supplier
        )
    return {s.pk: own.get((s.location_id, s.variant_id), default) for s in stocks}
