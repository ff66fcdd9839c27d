"""The daily stock snapshot: every stock level's on hand and available, once a day per stock,
taken by beat (``insights.tasks``) and read for the stock-out days of the last 30 days.

Beat may take it several times a day: each run updates the day's row (latest on hand and
available) and keeps the lowest available seen that day, so a stock-out between two runs of
the same day still counts once a run saw it. One SQL statement per tenant (an INSERT … SELECT
from the ledger, upserting): the snapshot costs the same few round trips for 10 or 100,000
stock levels. Rows older than ``KEEP_DAYS`` are pruned by the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from saleor_oms_plugin.insights.models import StockSnapshot
from saleor_oms_plugin.inventory.models import StockLevel

KEEP_DAYS = 400
STOCK_OUT_WINDOW_DAYS = 30

_UPSERT = """
INSERT INTO {snapshots} (tenant_id, stock_id, day, on_hand, available, min_available, taken_at)
SELECT s.tenant_id, s.id, %(day)s, s.on_hand, a.available, a.available, %(now)s
FROM {stocks} s
CROSS JOIN LATERAL (
    SELECT GREATEST(0, s.on_hand - s.allocated - s.reserved - s.held - s.safety_stock)
        AS available
) a
WHERE s.tenant_id = %(tenant_id)s
ON CONFLICT (stock_id, day) DO UPDATE SET
    on_hand = EXCLUDED.on_hand,
    available = EXCLUDED.available,
    min_available = LEAST({snapshots}.min_available, EXCLUDED.min_available),
    taken_at = EXCLUDED.taken_at
"""


@dataclass(frozen=True)
class SnapshotResult:
    day: date
    stocks: int
    pruned: int


def stock_snapshot_take(*, tenant_id: int, now: datetime) -> SnapshotResult:
    """Snapshot every stock level of the tenant for the UTC day of ``now``; prune old days."""
    day = now.astimezone(UTC).date()
    sql = _UPSERT.format(
        snapshots=connection.ops.quote_name(StockSnapshot._meta.db_table),
        stocks=connection.ops.quote_name(StockLevel._meta.db_table),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, {"day": day, "now": now, "tenant_id": tenant_id})
        stocks = cursor.rowcount
        pruned, _ = StockSnapshot.objects.filter(
            tenant_id=tenant_id, day__lt=day - timedelta(days=KEEP_DAYS)
        ).delete()
    return SnapshotResult(day, stocks, pruned)


def stock_out_window(today: date) -> tuple[date, date]:
    """The last 30 days, today included."""
    return today - timedelta(days=STOCK_OUT_WINDOW_DAYS - 1), today
