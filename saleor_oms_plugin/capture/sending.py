"""Creating captured orders in Saleor: batches of at most 50 through ``orderBulkCreate``.

Exactly once, by the order's external reference:

1. a batch of ``RECEIVED`` orders is claimed (``claimed_until``, committed) so a concurrent
   task leaves them alone while Saleor is asked, outside any transaction;
2. Saleor creates each order with ``errorPolicy: REJECT_FAILED_ROWS`` (a bad order never
   costs the others, and never leaves a partial order);
3. what it answered is recorded: ``CREATED`` with the Saleor order, or ``REFUSED`` with its
   errors. An order whose ``externalReference`` Saleor already holds (an earlier attempt
   created it and its answer was lost, or the claim lapsed) is looked up with
   ``order(externalReference:)`` and recorded as created: Saleor never holds two.

A batch that fails on the way (Saleor down, a timeout) keeps its orders ``RECEIVED``; the
task's retry, or the sweep on beat once the claim lapsed, sends them again, safely by step 3.
Every created order is stored in the webhooks inbox as the deliveries Saleor sends for a new
order (:mod:`saleor_oms_plugin.webhooks.internal`), which is how the OMS learns it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.capture.events import CaptureEvent
from saleor_oms_plugin.capture.inbound import InboundOrder
from saleor_oms_plugin.capture.locks import lock_claimed, lock_sendable
from saleor_oms_plugin.capture.models import CapturedOrder, CaptureSource
from saleor_oms_plugin.capture.saleor_input import (
    SourceDefaults,
    order_bulk_create_input,
    saleor_external_reference,
)
from saleor_oms_plugin.core.events import publish
from saleor_oms_plugin.inventory.skus import skus_resolve
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorNotFound
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from saleor_oms_plugin.webhooks.internal import bulk_created_order_store

logger = logging.getLogger(__name__)

#: Saleor's limit of orders per orderBulkCreate.
BATCH_SIZE = 50
#: How long a batch holds its orders while Saleor is asked; a crashed worker's orders are
#: sent again after it.
CLAIM_SECONDS = 300
ERROR_POLICY = "REJECT_FAILED_ROWS"
#: Saleor's default (UPDATE) refuses an order whose warehouse lacks the stock; the outside
#: channel sold it already, so capture never refuses for stock: SKIP leaves Saleor's stock as
#: it is, and routing allocates the order where it ships from (see docs/CAPTURE.md).
STOCK_UPDATE_POLICY = "SKIP"
DOCUMENT = "mutations/order_bulk_create"
LOOKUP_DOCUMENT = "queries/order_by_external_reference"
#: Saleor's error code for an externalReference another order holds.
NOT_UNIQUE = "UNIQUE"


@dataclass
class SendSummary:
    sent: int = 0
    created: int = 0
    refused: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def _claim(tenant_id: int, limit: int) -> list[CapturedOrder]:
    now = timezone.now()
    with transaction.atomic():
        rows = lock_sendable(tenant_id, now=now, limit=limit)
        sources = CaptureSource.objects.in_bulk({row.source_id for row in rows})
        for row in rows:
            row.source = sources[row.source_id]
            row.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
            row.attempts += 1
        CapturedOrder.objects.bulk_update(rows, ["claimed_until", "attempts"])
    return rows


def _release(tenant_id: int, pks: list[int]) -> None:
    CapturedOrder.objects.filter(
        tenant_id=tenant_id, pk__in=pks, state=CapturedOrder.State.RECEIVED
    ).update(claimed_until=None)


def _defaults(row: CapturedOrder) -> SourceDefaults:
    source = row.source
    return SourceDefaults(
        code=source.code,
        channel_slug=source.channel_slug,
        warehouse_id=source.warehouse_id,
        shipping_method_id=source.shipping_method_id,
        tax_class_id=source.tax_class_id,
    )


def _unknown_skus(order: InboundOrder, variant_ids: dict[str, str]) -> list[dict[str, Any]]:
    """Saleor's own error for a line whose SKU names no variant, as it words it."""
    return [
        {
            "path": f"lines.{index}.variant_sku",
            "code": "NOT_FOUND",
            "message": f"ProductVariant instance with sku={line.sku} doesn't exist.",
        }
        for index, line in enumerate(order.lines)
        if line.sku not in variant_ids
    ]


def captured_orders_send(*, tenant_id: int, limit: int = BATCH_SIZE) -> SendSummary:
    """Send one batch of the tenant's received orders to Saleor; what happened to them.

    Saleor's transport failures propagate (the task retries); the batch's claim is released
    first so a retry sends it at once.
    """
    summary = SendSummary()
    rows = _claim(tenant_id, min(limit, BATCH_SIZE))
    if not rows:
        return summary
    pks = [row.pk for row in rows]
    tenant = Tenant.objects.get(pk=tenant_id)
    client = tenant_saleor_client(tenant=tenant)
    orders = {row.pk: InboundOrder.from_json(row.payload) for row in rows}
    # Refused here, as Saleor would: results by row id, for the rows not sent.
    results: dict[int, dict[str, Any]] = {}
    try:
        variant_ids = skus_resolve(
            tenant_id=tenant_id,
            skus={line.sku for order in orders.values() for line in order.lines},
            client=lambda: client,
        )
        for row in rows:
            if unknown := _unknown_skus(orders[row.pk], variant_ids):
                results[row.pk] = {"order": None, "errors": unknown}
        sent = [row for row in rows if row.pk not in results]
        if sent:
            results.update(_create(client, sent, orders, variant_ids))
        lookups = _lookups(client, sent, results)
    except Exception:
        _release(tenant_id, pks)
        raise
    summary.sent = len(rows)
    with transaction.atomic():
        for row in lock_claimed(tenant_id, pks):
            if row.state != CapturedOrder.State.RECEIVED:
                continue  # recorded meanwhile by a batch whose claim had lapsed
            result = results[row.pk]
            order = result.get("order") or lookups.get(row.pk)
            if order is not None:
                _created(row, order)
                summary.created += 1
            else:
                errors = result.get("errors") or []
                _refused(row, errors)
                summary.refused += 1
                for error in errors:
                    reason = str(error.get("code") or "UNKNOWN")
                    summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
    return summary


def _create(
    client: SaleorClient,
    rows: list[CapturedOrder],
    orders: dict[int, InboundOrder],
    variant_ids: dict[str, str],
) -> dict[int, dict[str, Any]]:
    """Saleor's result for each row (``order`` or ``errors``), by row id."""
    data = client.execute(
        DOCUMENT,
        {
            "orders": [
                order_bulk_create_input(
                    orders[row.pk], defaults=_defaults(row), variant_ids=variant_ids
                )
                for row in rows
            ],
            "errorPolicy": ERROR_POLICY,
            "stockUpdatePolicy": STOCK_UPDATE_POLICY,
        },
    )
    answer = data.get("orderBulkCreate")
    if answer is None:
        raise SaleorNotFound("orderBulkCreate returned nothing")
    results = answer["results"]
    if len(results) != len(rows):
        raise SaleorNotFound(
            f"orderBulkCreate answered {len(results)} results for {len(rows)} orders: "
            f"{answer.get('errors')}"
        )
    return {row.pk: result for row, result in zip(rows, results, strict=True)}


def _lookups(
    client: SaleorClient, rows: list[CapturedOrder], results: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """The orders Saleor already held for the rows it refused as not unique."""
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        result = results[row.pk]
        if result.get("order") is not None:
            continue
        codes = {error.get("code") for error in result.get("errors") or []}
        if NOT_UNIQUE not in codes:
            continue
        reference = saleor_external_reference(row.source.code, row.external_reference)
        order = client.execute(LOOKUP_DOCUMENT, {"externalReference": reference}).get("order")
        if order is not None:
            found[row.pk] = order
    return found


def _created(row: CapturedOrder, order: dict[str, Any]) -> None:
    row.state = CapturedOrder.State.CREATED
    row.saleor_order_id = order["id"]
    row.saleor_order_number = str(order.get("number") or "")
    row.errors = []
    row.claimed_until = None
    row.settled_at = timezone.now()
    row.save(
        update_fields=[
            "state",
            "saleor_order_id",
            "saleor_order_number",
            "errors",
            "claimed_until",
            "settled_at",
        ]
    )
    audit_record(
        tenant_id=row.tenant_id,
        subject=row,
        verb=CaptureEvent.CREATED,
        actor=Actor.system(),
        data={"source": row.source.code, "saleorOrder": row.saleor_order_id},
    )
    bulk_created_order_store(tenant_id=row.tenant_id, order=order)


def _refused(row: CapturedOrder, errors: list[dict[str, Any]]) -> None:
    row.state = CapturedOrder.State.REFUSED
    row.errors = [
        {"field": error.get("path"), "code": error.get("code"), "message": error.get("message")}
        for error in errors
    ] or [{"field": None, "code": "UNKNOWN", "message": "Saleor created no order."}]
    row.claimed_until = None
    row.settled_at = timezone.now()
    row.save(update_fields=["state", "errors", "claimed_until", "settled_at"])
    audit_record(
        tenant_id=row.tenant_id,
        subject=row,
        verb=CaptureEvent.REFUSED,
        actor=Actor.system(),
        data={"source": row.source.code, "errors": row.errors},
    )
    publish(
        tenant_id=row.tenant_id,
        event=CaptureEvent.REFUSED,
        subject_key=f"captured_order:{row.source.code}:{row.external_reference}",
        facts={
            "source": row.source.code,
            "externalReference": row.external_reference,
            "errors": row.errors,
        },
    )


def sendable_tenants(*, older_than_seconds: int = 60) -> list[int]:
    """Tenants with received orders no batch took for a while (the sweep on beat)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        CapturedOrder.objects.filter(state=CapturedOrder.State.RECEIVED, received_at__lt=cutoff)
        .values_list("tenant_id", flat=True)
        .distinct()
    )
