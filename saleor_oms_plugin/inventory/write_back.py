"""Writing changes that started here back to Saleor: batched, retried, never sent twice.

Each open :class:`StockWriteBack` says "Saleor's quantity of this stock level must become our
target (on hand − reserved)". A run:

1. re-reads the variants' stocks from Saleor and merges Saleor's own changes (so the absolute
   value we send includes them: Saleor has no relative stock write);
2. in one transaction, with the stock rows locked, moves the intents to SENDING and records the
   quantity each will send (``sent_quantity``); intents already satisfied are closed;
3. sends the batch after commit (``stockBulkUpdate`` for stocks Saleor has,
   ``productVariantStocksUpdate`` per variant for stocks it lacks);
4. records the outcome: the sent quantity becomes the merge base. An intent whose target moved
   meanwhile is reopened rather than closed, so the newer change is sent next.

A timeout leaves an intent PENDING with its ``sent_quantity``: the next run finds Saleor
holding exactly that value and counts it as landed instead of sending again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_oms_plugin.inventory.locks import (
    lock_pending_write_backs,
    lock_stock_levels,
    lock_write_backs,
)
from saleor_oms_plugin.inventory.models import StockLevel, StockWriteBack
from saleor_oms_plugin.inventory.reconcile import saleor_variants_read
from saleor_oms_plugin.inventory.sync import SaleorVariant, stocks_apply_from_saleor
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorError, SaleorMutationError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

logger = logging.getLogger(__name__)

BATCH = 100
STALLED_SENDING = timedelta(minutes=5)
State = StockWriteBack.State


@dataclass
class WriteBackReport:
    sent: int = 0
    already_in_sync: int = 0
    reopened: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Item:
    intent_id: int
    stock_id: int
    variant_id: str
    warehouse_id: str
    quantity: int
    exists_in_saleor: bool


def write_back_run(*, tenant_id: int, client: SaleorClient | None = None) -> WriteBackReport:
    """Send every open intent of a tenant, a batch at a time. Raises SaleorError when Saleor
    cannot be reached (the intents stay open for the retry)."""
    client = client or tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    report = WriteBackReport()
    done: set[int] = set()
    while True:
        open_ids = list(
            StockWriteBack.objects.filter(tenant_id=tenant_id, state=State.PENDING)
            .exclude(pk__in=done)
            .order_by("pk")
            .values_list("pk", "stock__variant_id")[:BATCH]
        )
        if not open_ids:
            return report
        done.update(pk for pk, _ in open_ids)
        variants = {vid for _, vid in open_ids}
        read = {v.variant_id: v for v in saleor_variants_read(client=client, variant_ids=variants)}
        items = _claim(tenant_id, [pk for pk, _ in open_ids], read, report)
        _send(client, items, report)


def _claim(
    tenant_id: int, intent_ids: list[int], read: dict[str, SaleorVariant], report: WriteBackReport
) -> list[_Item]:
    with transaction.atomic():
        variant_ids = set(
            StockWriteBack.objects.filter(pk__in=intent_ids).values_list(
                "stock__variant_id", flat=True
            )
        )
        stocks_apply_from_saleor(
            tenant_id=tenant_id,
            variants=[read.get(vid) or SaleorVariant(vid, "", ()) for vid in variant_ids],
        )
        intents = lock_pending_write_backs(intent_ids)
        items: list[_Item] = []
        now = timezone.now()
        for intent in intents:
            stock = intent.stock
            if not stock.location.is_saleor_warehouse:
                # Defence in depth: the ledger opens none for outside locations.
                intent.state, intent.sent_quantity = State.DONE, None
            elif stock.saleor_target == (stock.saleor_quantity or 0) and (
                stock.saleor_quantity is not None or stock.saleor_target == 0
            ):
                intent.state, intent.sent_quantity = State.DONE, None
                report.already_in_sync += 1
            else:
                intent.state, intent.sent_quantity = State.SENDING, stock.saleor_target
                intent.attempts += 1
                items.append(
                    _Item(
                        intent_id=intent.pk,
                        stock_id=stock.pk,
                        variant_id=stock.variant_id,
                        warehouse_id=stock.location.saleor_id,
                        quantity=stock.saleor_target,
                        exists_in_saleor=stock.saleor_quantity is not None,
                    )
                )
            intent.updated_at = now
        StockWriteBack.objects.bulk_update(
            intents, ["state", "sent_quantity", "attempts", "updated_at"]
        )
    return items


def _send(client: SaleorClient, items: list[_Item], report: WriteBackReport) -> None:
    existing = [item for item in items if item.exists_in_saleor]
    outcomes: dict[int, str] = {}  # intent id -> "" (landed) or an error message
    try:
        if existing:
            payload = client.mutate(
                "mutations/inventory_stock_bulk_update",
                {
                    "stocks": [
                        {
                            "variantId": i.variant_id,
                            "warehouseId": i.warehouse_id,
                            "quantity": i.quantity,
                        }
                        for i in existing
                    ]
                },
                payload="stockBulkUpdate",
            )
            for item, result in zip(existing, payload.get("results") or [], strict=False):
                errors = result.get("errors") or []
                outcomes[item.intent_id] = (
                    "; ".join(f"{e.get('code')}: {e.get('message')}" for e in errors)
                    if errors or not result.get("stock")
                    else ""
                )
        by_variant: dict[str, list[_Item]] = {}
        for item in items:
            if not item.exists_in_saleor:
                by_variant.setdefault(item.variant_id, []).append(item)
        for variant_id, group in sorted(by_variant.items()):
            try:
                client.mutate(
                    "mutations/inventory_variant_stocks_update",
                    {
                        "variantId": variant_id,
                        "stocks": [
                            {"warehouse": i.warehouse_id, "quantity": i.quantity} for i in group
                        ],
                    },
                    payload="productVariantStocksUpdate",
                )
                outcomes.update({i.intent_id: "" for i in group})
            except SaleorMutationError as exc:
                outcomes.update({i.intent_id: str(exc) for i in group})
    except SaleorMutationError as exc:
        outcomes.update({i.intent_id: str(exc) for i in existing if i.intent_id not in outcomes})
    except SaleorError as exc:
        # Unknown outcome (timeout) or Saleor unreachable: reopen, keeping sent_quantity.
        _record(items, outcomes, report, unsent_error=str(exc))
        raise
    _record(items, outcomes, report, unsent_error="Saleor did not answer for this stock")


def _record(
    items: list[_Item], outcomes: dict[int, str], report: WriteBackReport, *, unsent_error: str
) -> None:
    now = timezone.now()
    with transaction.atomic():
        intents = {intent.pk: intent for intent in lock_write_backs(i.intent_id for i in items)}
        landed = {
            stock.pk: stock
            for stock in lock_stock_levels(
                i.stock_id for i in items if outcomes.get(i.intent_id) == ""
            )
        }
        for item in sorted(items, key=lambda i: i.stock_id):
            error = outcomes.get(item.intent_id)
            intent = intents[item.intent_id]
            if error is None:
                intent.state, intent.last_error = State.PENDING, unsent_error
            elif error:
                intent.state, intent.last_error = State.FAILED, error
                report.failed += 1
                report.errors.append(f"{item.variant_id}@{item.warehouse_id}: {error}")
            else:
                stock = landed[item.stock_id]
                StockLevel.objects.filter(pk=stock.pk).update(
                    saleor_quantity=item.quantity, version=F("version") + 1
                )
                report.sent += 1
                intent.sent_quantity = None
                if stock.saleor_target != item.quantity:
                    # Changed while we were sending: the newer target goes next.
                    intent.state = State.PENDING
                    report.reopened += 1
                else:
                    intent.state, intent.last_error = State.DONE, ""
            intent.updated_at = now
            intent.save(update_fields=["state", "last_error", "sent_quantity", "updated_at"])


def write_backs_recover(*, now: Any = None) -> list[int]:
    """Beat: reopen intents stuck in SENDING (a worker died mid-call) and name the tenants
    with open intents, so their senders run again."""
    now = now or timezone.now()
    StockWriteBack.objects.filter(state=State.SENDING, updated_at__lt=now - STALLED_SENDING).update(
        state=State.PENDING, updated_at=now
    )
    return sorted(
        set(StockWriteBack.objects.filter(state=State.PENDING).values_list("tenant_id", flat=True))
    )
