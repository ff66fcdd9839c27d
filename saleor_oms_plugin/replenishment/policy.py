"""Which reorder settings apply to a stock level: its own, else the tenant's defaults.

Tenant defaults are the ``replenishment`` settings (``reorder_point``, ``target_level``,
``lead_time_days``); without them (and without a setting of its own) a stock level is not
tracked: no alerts, no suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.replenishment.models import ReplenishmentSetting
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get


@dataclass(frozen=True)
class Policy:
    reorder_point: int
    target_level: int
    lead_time_days: int
    on_order: int = 0
    supplier: str = ""
    is_default: bool = False


def tenant_default(tenant: Tenant) -> Policy | None:
    defaults = tenant_settings_get(tenant=tenant).replenishment
    reorder, target = defaults.reorder_point, defaults.target_level
    # Updates refuse an inconsistent pair; one stored by hand still means "not tracked".
    if reorder is None or target is None or target < reorder:
        return None
    return Policy(reorder, target, defaults.lead_time_days, is_default=True)


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
