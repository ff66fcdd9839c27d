"""Checklist items about the initial import (orders, locations, stock, channels).

The import keeps no state of its own yet; when it does, this hook reports what went wrong
(a page Saleor refused, rows skipped) as items of the onboarding checklist, each with a link
to where it is fixed. The checklist calls it and shows whatever it returns.
"""

from __future__ import annotations

from saleor_oms_plugin.onboarding.items import ChecklistItem
from saleor_oms_plugin.tenants.models import Tenant


def onboarding_import_items(*, tenant: Tenant) -> list[ChecklistItem]:
    """Items about the tenant's imports; none until the import records its problems."""
    return []
