"""The incremental update: an order changed, so its facts are recomputed from the read model
and its bucket summed again from its orders' facts.

An event costs the facts of one order (its lines, fulfilments, plans, shipments and promise)
and one indexed aggregate over the bucket's narrow fact rows. Summing the whole bucket (one
day, channel and currency) rather than adding a difference makes the update idempotent: a payload delivered twice, late or out of order leaves the rows
that the read model's state gives, whatever came before. The recomputation runs in the
writer's transaction with the bucket locked, so it commits with the change it counts.

Besides the read model's order changes (``orders.changes``), the order-flow events other
domains publish about an order (``core.events``: plans, plan shipments, short picks, promises
kept or broken) refresh its bucket: see ``published``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.insights.figures import FIGURES, Bucket, facts_write, rollup_rows
from saleor_oms_plugin.insights.locks import lock_bucket_rows
from saleor_oms_plugin.insights.models import DailyRollup, OrderFact
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
        before = (
            OrderFact.objects.filter(order_id=order_id)
            .values_list("day", "channel_slug", "currency")
            .first()
        )
        stored = lock_bucket_rows(tenant_id, bucket)
        facts_write(tenant_id=tenant_id, time_zone=time_zone, order_id=order_id)
        _bucket_write(tenant_id, bucket, stored)
        if before is not None and before != (bucket.day, bucket.channel_slug, bucket.currency):
            bucket_refresh(tenant_id=tenant_id, bucket=Bucket(*before, time_zone))


def bucket_refresh(*, tenant_id: int, bucket: Bucket) -> None:
    """Replace the bucket's rows with the sums of its orders' stored facts; rows no longer
    backed by any order are deleted."""
    with transaction.atomic():
        _bucket_write(tenant_id, bucket, lock_bucket_rows(tenant_id, bucket))


def _bucket_write(tenant_id: int, bucket: Bucket, stored: dict[str, DailyRollup]) -> None:
    to_update, to_create = [], []
    for row in rollup_rows(tenant_id=tenant_id, bucket=bucket):
        previous = stored.pop(row.warehouse_id, None)
        if previous is None:
            to_create.append(row)
        elif _figures(previous) != _figures(row):
            row.pk, row.updated_at = previous.pk, timezone.now()
            to_update.append(row)
    if stored:
        DailyRollup.objects.filter(pk__in=[row.pk for row in stored.values()]).delete()
    if to_update:
        DailyRollup.objects.bulk_update(to_update, [*FIGURES, "updated_at"])
    if to_create:
        DailyRollup.objects.bulk_create(to_create)


def _figures(row: DailyRollup) -> tuple:
    return tuple(getattr(row, name) for name in FIGURES)
