"""Row locks of the rollups. The order-level row of a bucket serialises every writer of the
bucket's rows, so two orders of the same day and channel changing at once cannot leave a
recomputation that missed the other's change."""

from __future__ import annotations

from saleor_oms_plugin.core.locks import lock_or_create
from saleor_oms_plugin.insights.figures import Bucket
from saleor_oms_plugin.insights.models import DailyRollup


def lock_bucket(tenant_id: int, bucket: Bucket) -> DailyRollup:
    """The bucket's order-level row, locked FOR UPDATE, created (all zero) if missing."""
    row, _ = lock_or_create(
        DailyRollup,
        lookup={
            "tenant_id": tenant_id,
            "day": bucket.day,
            "channel_slug": bucket.channel_slug,
            "currency": bucket.currency,
            "warehouse_id": "",
        },
        create={},
    )
    return row
