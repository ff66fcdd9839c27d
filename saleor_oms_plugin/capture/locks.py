"""Row locks of order capture."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.core.locks import lock_in_pk_order


def lock_sendable(tenant_id: int, *, now: datetime, limit: int) -> list[CapturedOrder]:
    """Claim up to ``limit`` received orders no other batch holds (unclaimed or whose claim
    lapsed), oldest first, locked by one query; rows another transaction locks are skipped,
    never waited for (so the claim cannot deadlock)."""
    return list(
        CapturedOrder.objects.select_for_update(skip_locked=True)
        .filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            tenant_id=tenant_id,
            state=CapturedOrder.State.RECEIVED,
        )
        .order_by("pk")[:limit]
    )


def lock_claimed(tenant_id: int, pks: list[int]) -> list[CapturedOrder]:
    """The batch's rows, locked to record what Saleor answered."""
    return lock_in_pk_order(
        CapturedOrder.objects.filter(tenant_id=tenant_id, pk__in=pks).select_related("source")
    )


def lock_captured_order(tenant_id: int, pk: int) -> CapturedOrder | None:
    """One captured order, locked while staff correct or discard it (a batch sending it waits)."""
    return (
        CapturedOrder.objects.select_for_update(of=("self",))
        .select_related("source")
        .filter(tenant_id=tenant_id, pk=pk)
        .first()
    )
