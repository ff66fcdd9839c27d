"""The incremental update: an order changed, so its facts are recomputed from the read model
and its bucket summed again from its orders' facts.

An event costs the facts of one order (its lines, fulfilments, plans, shipments and promise:
one statement after one deleting the old ones) and one statement summing the bucket's narrow
fact rows (an indexed aggregate) into its rollup rows, which updates only the rows whose
figures changed. Summing the whole bucket (one day, channel and currency) rather than adding a
difference makes the update idempotent: a payload delivered twice, late or out of order leaves
the rows that the read model's state gives, whatever came before. The recomputation runs in
the writer's transaction with the bucket locked (its order-level row, which every writer of
the bucket locks first), so it commits with the change it counts.

Besides the read model's order changes (``orders.changes``), the order-flow events other
domains publish about an order (``core.events``: plans, plan shipments, short picks, promises
kept or broken) refresh its bucket: see ``published``.
"""

from __future__ import annotations

from django.db import transaction

from saleor_oms_plugin.insights.figures import Bucket, bucket_write, facts_write
from saleor_oms_plugin.insights.locks import lock_bucket
from saleor_oms_plugin.insights.time_zones import reporting_time_zone
from saleor_oms_plugin.orders.models import Order


def on_order_changed(tenant_id: int, order_id: int) -> None:
    """The listener of ``orders.changes``: recompute the order's facts, then sum its bucket
    (and the bucket its facts were in before, should that differ)."""
    order = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id)
        .values("saleor_created_at", "channel_slug", "currency", "tenant__settings")
        .first()
    )
    if order is None:
        return
    time_zone = reporting_time_zone(order["tenant__settings"])
    bucket = Bucket.of(
        order["saleor_created_at"], order["channel_slug"], order["currency"], time_zone
    )
    with transaction.atomic():
        lock_bucket(tenant_id, bucket)
        before = facts_write(tenant_id=tenant_id, time_zone=time_zone, order_id=order_id)
        bucket_write(tenant_id=tenant_id, bucket=bucket)
        if before is not None and before != (bucket.day, bucket.channel_slug, bucket.currency):
            bucket_refresh(tenant_id=tenant_id, bucket=Bucket(*before, time_zone))


def bucket_refresh(*, tenant_id: int, bucket: Bucket) -> None:
    """Replace the bucket's rows with the sums of its orders' stored facts; rows no longer
    backed by any order are deleted."""
    with transaction.atomic():
        lock_bucket(tenant_id, bucket)
        bucket_write(tenant_id=tenant_id, bucket=bucket)
