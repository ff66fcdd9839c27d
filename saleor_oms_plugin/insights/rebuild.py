"""The rollups rebuilt from scratch: every bucket of a tenant recomputed from the read model.

For a first fill, after a change to what the figures mean, or to check the incremental update.
The rebuild replaces the tenant's rows in one transaction; orders written meanwhile update
their buckets again through the incremental path once it has committed.
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.insights.figures import rollup_rows
from saleor_oms_plugin.insights.models import DailyRollup

BATCH = 5000


def rollups_rebuild(*, tenant_id: int) -> int:
    """Replace the tenant's rollup rows with those computed from its orders; how many rows."""
    rows = rollup_rows(tenant_id=tenant_id)
    with transaction.atomic():
        DailyRollup.objects.filter(tenant_id=tenant_id).delete()
        DailyRollup.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
