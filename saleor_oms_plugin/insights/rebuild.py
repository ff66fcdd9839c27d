"""The rollups rebuilt from scratch: every order's facts recomputed from the read model
set-wise in SQL (one statement), then every bucket summed from them and inserted by the
database (one statement: no row passes through Python).

For a first fill (orders held before insights existed), after a change to what the figures
mean, or to check the incremental update. The rebuild replaces the tenant's rows in one
transaction: it deletes them first, which locks them, so an order write that refreshes an
existing bucket meanwhile waits for the rebuild and then recomputes that bucket again. An order
of a bucket that had no row yet, written meanwhile, can make the rebuild fail on the unique
constraint; nothing is changed then, and running it again is safe.

The days are those of the tenant's reporting time zone at the time of the rebuild; a change
of the time zone schedules one (``time_zones``).
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.insights.figures import facts_write, rollups_insert
from saleor_oms_plugin.insights.models import DailyRollup
from saleor_oms_plugin.insights.time_zones import reporting_time_zone
from saleor_oms_plugin.tenants.models import Tenant


def rollups_rebuild(*, tenant_id: int) -> int:
    """Replace the tenant's facts and rollup rows with those computed from its orders; how
    many rollup rows."""
    stored_settings = Tenant.objects.filter(pk=tenant_id).values_list("settings", flat=True)
    time_zone = reporting_time_zone(stored_settings.first())
    with transaction.atomic():
        DailyRollup.objects.filter(tenant_id=tenant_id).delete()
        facts_write(tenant_id=tenant_id, time_zone=time_zone)
        return rollups_insert(tenant_id=tenant_id)
