"""How screening hears about new orders and how it keeps routing waiting.

:func:`on_order_changed` is an ``orders.changes`` listener (in the read-model writer's
transaction, so cheap): a new order of a channel that screens gets a pending result, and the
checks run in a task after commit; a held order that changed in Saleor (address corrected,
payment arrived) is checked again. :func:`screening_gate` is the ``orders.gates`` gate that
keeps ``fulfilment`` from routing an order while its screening is pending, held or cancelled.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.screening.models import ScreeningResult
from saleor_oms_plugin.screening.scheduling import screen_order_after_commit
from saleor_oms_plugin.screening.selectors import (
    config_document_subqueries,
    settings_of_documents,
)
from saleor_oms_plugin.screening.services import screening_pending
from saleor_oms_plugin.screening.transitions import BLOCKING_STATES

# An order is new to screening while it waits to ship and is this young: a full import of a
# store's history, or enabling screening, never sends old orders to the review queue.
NEW_ORDER_STATUSES = frozenset({"UNCONFIRMED", "UNFULFILLED"})
NEW_ORDER_MAX_AGE = timedelta(days=2)


def on_order_changed(tenant_id: int, order_id: int) -> None:
    tenant_document, channel_document = config_document_subqueries()
    row = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id)
        .annotate(
            screening_tenant_document=tenant_document,
            screening_channel_document=channel_document,
        )
        .values(
            "status",
            "channel_slug",
            "currency",
            "saleor_created_at",
            "saleor_updated_at",
            "screening__state",
            "screening__order_updated_at",
            "screening_tenant_document",
            "screening_channel_document",
        )
        .first()
    )
    if row is None:
        return
    if row["screening__state"] is not None:
        screened_version = row["screening__order_updated_at"]
        if row["screening__state"] == ScreeningResult.State.HELD and (
            screened_version is None or row["saleor_updated_at"] > screened_version
        ):
            screen_order_after_commit(tenant_id=tenant_id, order_id=order_id)
        return
    if (
        row["status"] not in NEW_ORDER_STATUSES
        or row["saleor_created_at"] < timezone.now() - NEW_ORDER_MAX_AGE
    ):
        return
    settings = settings_of_documents(
        tenant_id=tenant_id,
        channel_slug=row["channel_slug"],
        tenant_document=row["screening_tenant_document"],
        channel_document=row["screening_channel_document"],
    )
    if not settings.enabled:
        return
    screening_pending(
        tenant_id=tenant_id,
        order_id=order_id,
        channel_slug=row["channel_slug"],
        currency=row["currency"],
    )
    # Queued even if a concurrent writer created the row first: screening twice is a no-op.
    screen_order_after_commit(tenant_id=tenant_id, order_id=order_id)


def screening_gate(tenant_id: int, order_id: int) -> str | None:
    state = (
        ScreeningResult.objects.filter(tenant_id=tenant_id, order_id=order_id)
        .values_list("state", flat=True)
        .first()
    )
    if state in BLOCKING_STATES:
        return f"order screening is {str(state).lower()}"
    return None
