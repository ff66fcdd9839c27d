"""How availability's services hand work to its Celery tasks, by name.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue, enqueue_after_commit, enqueue_debounced

AVAILABILITY_PUSH = "saleor_oms_plugin.availability.tasks.availability_push"
AVAILABILITY_SUBSCRIPTION_SYNC = (
    "saleor_oms_plugin.availability.tasks.availability_subscription_sync"
)
AVAILABILITY_DELIVER = "saleor_oms_plugin.availability.tasks.availability_deliver"
AVAILABILITY_SWEEP_TENANT = "saleor_oms_plugin.availability.tasks.availability_sweep_tenant"


def push_debounced(*, tenant_id: int, seconds: int) -> bool:
    """Compare and send the tenant's dirty variants ``seconds`` from now."""
    return enqueue_debounced(
        AVAILABILITY_PUSH, tenant_id=tenant_id, key="availability:push", seconds=seconds
    )


def subscription_sync_after_commit(*, tenant_id: int, subscription_id: int) -> None:
    """Send a subscription everything it should know, once the caller commits."""
    enqueue_after_commit(AVAILABILITY_SUBSCRIPTION_SYNC, tenant_id, subscription_id)


def delivery_send_now(*, delivery_pk: int) -> None:
    """Attempt a queued delivery now."""
    enqueue(AVAILABILITY_DELIVER, delivery_pk)


def delivery_send_after_commit(*, delivery_pk: int) -> None:
    enqueue_after_commit(AVAILABILITY_DELIVER, delivery_pk)


def tenant_sweep_now(*, tenant_id: int) -> None:
    """Compare every subscription of the tenant in full, now."""
    enqueue(AVAILABILITY_SWEEP_TENANT, tenant_id)
