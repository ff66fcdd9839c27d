"""Dead letters: deliveries whose payload could not be applied, listed and processed again.

A failed delivery left nothing behind (its handlers ran in a savepoint), so after the cause is
fixed (a code fix deployed, the missing data imported) it can simply be processed again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from saleor_oms_plugin.webhooks.locks import lock_delivery
from saleor_oms_plugin.webhooks.models import Delivery
from saleor_oms_plugin.webhooks.scheduling import deliveries_process_now


def deliveries_list(
    *, status: str, tenant_id: int | None = None, limit: int = 50
) -> QuerySet[Delivery]:
    """Deliveries in ``status``, oldest first."""
    rows = Delivery.objects.filter(status=status).defer("payload").order_by("received_at", "pk")
    if tenant_id is not None:
        rows = rows.filter(tenant_id=tenant_id)
    return rows[:limit]


def deliveries_retry(*, delivery_ids: list[int]) -> list[int]:
    """Put failed deliveries back to pending and queue them; the ids that were retried
    (deliveries that are not failed, or do not exist, are left alone)."""
    retried: list[int] = []
    with transaction.atomic():
        for delivery_id in sorted(set(delivery_ids)):
            delivery = lock_delivery(delivery_id)
            if delivery is None or delivery.status != Delivery.Status.FAILED:
                continue
            delivery.status = Delivery.Status.PENDING
            delivery.save(update_fields=["status"])
            retried.append(delivery_id)
        if retried:
            transaction.on_commit(lambda: deliveries_process_now(delivery_ids=retried))
    return retried
