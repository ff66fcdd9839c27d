"""The return rollups kept incrementally, and rebuilt from scratch.

Two things move them: an order of the read model changed (its units sold, heard through
``orders.changes``), or a return moved (``return.<status>`` published by the returns domain,
heard through ``core.events``). Either way the buckets concerned (a UTC day of a channel) are
recomputed whole from the read model and the returns (``returns_figures.return_rows``), in the
writer's transaction with the bucket locked, so the update commits with the change it counts
and an event delivered twice or out of order leaves the same rows.

The rebuild replaces the tenant's rows in one transaction (for a first fill, after a change of
what the figures mean, or to check the incremental update); like the order rollups' rebuild, a
bucket created meanwhile can make it fail on a unique constraint, and running it again is safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.insights.locks import lock_return_bucket
from saleor_oms_plugin.insights.models import RefundRollup, ReturnReasonRollup, ReturnRollup
from saleor_oms_plugin.insights.returns_figures import ReturnBucket, ReturnRows, return_rows
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.returns.events import ReturnEvent
from saleor_oms_plugin.returns.models import ReturnRequest

BATCH = 5000
_TABLES = (ReturnRollup, ReturnReasonRollup, RefundRollup)


def on_order_changed_returns(tenant_id: int, order_id: int) -> None:
    """The listener of ``orders.changes``: recompute the bucket of the order's creation."""
    order = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id)
        .values("saleor_created_at", "channel_slug")
        .first()
    )
    if order is not None:
        return_bucket_refresh(
            tenant_id=tenant_id,
            bucket=ReturnBucket.of(order["saleor_created_at"], order["channel_slug"]),
        )


def on_return_published(published: Published) -> None:
    """The listener of ``core.events``: a return of an order moved, so the buckets of that
    order's returns (the days they were requested) are recomputed."""
    if not isinstance(published.event, ReturnEvent) or published.order_id is None:
        return
    requested = ReturnRequest.objects.filter(
        tenant_id=published.tenant_id, order_id=published.order_id
    ).values_list("created_at", "order__channel_slug")
    for bucket in sorted({ReturnBucket.of(moment, channel) for moment, channel in requested}):
        return_bucket_refresh(tenant_id=published.tenant_id, bucket=bucket)


def return_bucket_refresh(*, tenant_id: int, bucket: ReturnBucket) -> None:
    """Replace the bucket's rows with those the read model and the returns give now."""
    with transaction.atomic():
        lock_return_bucket(tenant_id, bucket.day, bucket.channel_slug)
        for table in _TABLES:
            table.objects.filter(
                tenant_id=tenant_id, day=bucket.day, channel_slug=bucket.channel_slug
            ).delete()
        _store(return_rows(tenant_id=tenant_id, bucket=bucket))


@dataclass(frozen=True)
class ReturnRebuild:
    rollups: int
    reasons: int
    refunds: int


def return_rollups_rebuild(*, tenant_id: int) -> ReturnRebuild:
    """Replace the tenant's return rollups with those computed from scratch."""
    with transaction.atomic():
        for table in _TABLES:
            table.objects.filter(tenant_id=tenant_id).delete()
        rows = return_rows(tenant_id=tenant_id)
        _store(rows)
    return ReturnRebuild(len(rows.rollups), len(rows.reasons), len(rows.refunds))


def _store(rows: ReturnRows) -> None:
    if rows.rollups:
        ReturnRollup.objects.bulk_create(rows.rollups, batch_size=BATCH)
    if rows.reasons:
        ReturnReasonRollup.objects.bulk_create(rows.reasons, batch_size=BATCH)
    if rows.refunds:
        RefundRollup.objects.bulk_create(rows.refunds, batch_size=BATCH)
