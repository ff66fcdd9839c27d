"""Celery tasks of the delivery domain: ids in, one service call, safe to run again."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from saleor_oms_plugin.delivery.sold_promises import promises_at_risk, sold_promise_refresh


@shared_task(acks_late=True)
def delivery_sold_promise_refresh(tenant_id: int, order_id: int) -> None:
    """Record the order's promise (first time) and check whether it was kept."""
    sold_promise_refresh(tenant_id=tenant_id, order_id=order_id, now=timezone.now())


@shared_task(acks_late=True)
def delivery_promises_at_risk() -> int:
    """Beat: promises whose ship deadline passed with parcels still to send."""
    return promises_at_risk(now=timezone.now())
