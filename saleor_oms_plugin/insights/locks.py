"""Row locks of the rollups. The order-level row of a bucket serialises every writer of the
bucket's rows, so two orders of the same day and channel changing at once cannot leave a
recomputation that missed the other's change."""

from __future__ import annotations

import zlib
from datetime import date

from django.db import connection

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


def lock_return_bucket(tenant_id: int, day: date, channel_slug: str) -> None:
    """Serialise the writers of one return bucket (a day of a channel) until the transaction
    ends. A bucket has no row of its own to lock (its variants come and go), so a PostgreSQL
    transaction-level advisory lock on (tenant, a hash of the bucket) stands in for one."""
    key = zlib.crc32(f"insights.returns:{day.isoformat()}:{channel_slug}".encode())
    with connection.cursor() as cursor:
        # pg_advisory_xact_lock(int4, int4): the hash as a signed 32-bit integer.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [tenant_id, key - (1 << 32) * (key >> 31)]
        )
