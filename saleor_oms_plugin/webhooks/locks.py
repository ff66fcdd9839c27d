"""Row locks of the webhook inbox: a delivery is locked while it is processed, so a second
worker given the same delivery waits and then finds it finished."""

from __future__ import annotations

from saleor_oms_plugin.core.locks import lock_in_pk_order
from saleor_oms_plugin.webhooks.models import Delivery


def lock_delivery(delivery_id: int) -> Delivery | None:
    """Delivery ``delivery_id``, locked FOR UPDATE; None if there is none."""
    return Delivery.objects.select_for_update().filter(pk=delivery_id).first()


def lock_next_pending_delivery(tenant_id: int, *, exclude: list[int]) -> Delivery | None:
    """The tenant's next pending delivery (fewest attempts, then oldest) that no other worker
    holds and is not in ``exclude``, locked FOR UPDATE (SKIP LOCKED: two turns of one tenant
    take different deliveries); None if there is none."""
    return (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(tenant_id=tenant_id, status=Delivery.Status.PENDING)
        .exclude(pk__in=exclude)
        .order_by("attempts", "pk")
        .first()
    )


def lock_deliveries_waiting_for(tenant_id: int, subject: str) -> list[Delivery]:
    """The tenant's deliveries deferred until ``subject`` exists, locked, in primary-key order
    (not issue order: callers sort them for processing)."""
    return lock_in_pk_order(
        Delivery.objects.filter(
            tenant_id=tenant_id, status=Delivery.Status.DEFERRED, waiting_for=subject
        )
    )
