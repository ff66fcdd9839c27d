"""Celery tasks of order capture: ids in, the tenant reloaded, safe to run again."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.capture.scheduling import SEND_CAPTURED_ORDERS, captured_orders_turn_request
from saleor_oms_plugin.capture.sending import BATCH_SIZE, captured_orders_send, sendable_tenants
from saleor_oms_plugin.capture.services import MAX_REPLAY_WINDOW
from saleor_oms_plugin.capture.webhook import signatures_prune
from saleor_oms_plugin.core.turns import turn_started
from saleor_oms_plugin.saleor.errors import SaleorResponseError, SaleorTransportError
from saleor_oms_plugin.tenants.models import Tenant

#: Batches one task sends before it hands the rest to a fresh task (other tenants' turn).
BATCHES_PER_TASK = 20


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, SaleorTransportError, SaleorResponseError),
    retry_backoff=2,
    retry_backoff_max=300,
    max_retries=10,
)
def send_captured_orders(tenant_id: int) -> dict[str, int]:
    """One turn of the tenant: its received orders created in Saleor, batch by batch, up to
    BATCHES_PER_TASK batches (then its next turn, at the back of the queue); counts of what
    happened."""
    turn_started(SEND_CAPTURED_ORDERS, tenant_id=tenant_id)
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return {}
    totals = {"sent": 0, "created": 0, "refused": 0}
    for _ in range(BATCHES_PER_TASK):
        summary = captured_orders_send(tenant_id=tenant_id)
        totals["sent"] += summary.sent
        totals["created"] += summary.created
        totals["refused"] += summary.refused
        if summary.sent < BATCH_SIZE:
            return totals
    captured_orders_turn_request(tenant_id=tenant_id)
    return totals


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def sweep_captured_orders() -> int:
    """On beat: tenants whose received orders no batch took (a lost task, a lapsed claim);
    and the webhook signatures no replay window accepts any more are forgotten."""
    signatures_prune(older_than_seconds=2 * MAX_REPLAY_WINDOW)
    tenants = sendable_tenants()
    for tenant_id in tenants:
        captured_orders_turn_request(tenant_id=tenant_id, force=True)
    return len(tenants)
