"""The full import of orders and warehouses from Saleor when a tenant is installed.

Real stores hold records Saleor itself cannot return: its own sample orders have a blank
``origin``, and asking for it nulls the whole ``orders`` page. So the pages never ask for
``origin`` (it is read apart, see :func:`order_origins_read`), and a page that still fails
because of one record is narrowed down to that record, which is skipped and listed
(:meth:`SaleorClient.pages_tolerant`). One bad record never costs the others.

It is the sync side's (beside the webhook handlers that write the same rows): a new order or
location releases the deliveries that waited for it. The tenant's import run calls it as its
first step through :mod:`saleor_oms_plugin.tenants.read_models_step`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import parse_location
from saleor_oms_plugin.locations.services import location_apply_payload
from saleor_oms_plugin.orders.payload import parse_order
from saleor_oms_plugin.orders.services import order_apply_payload
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import (
    SaleorAuthenticationError,
    SaleorGraphQLError,
    SaleorPermissionDenied,
)
from saleor_oms_plugin.tenants.events import TenantEvent
from saleor_oms_plugin.tenants.import_results import (
    KIND_LOCATION,
    KIND_ORDER,
    ImportSummary,
    SkippedRecord,
)
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from saleor_oms_plugin.webhooks.processing import deliveries_release
from saleor_oms_plugin.webhooks.registry import location_subject, order_subject

logger = logging.getLogger(__name__)

PAGE_SIZE = 100


def tenant_import_read_models_run(
    *, tenant_id: int, progress: Callable[[ImportSummary], None] | None = None
) -> ImportSummary:
    """Page through Saleor's warehouses and orders into the read models.

    Safe to run again at any time: every row is applied with the same versioning as webhook
    payloads, so what webhooks already brought is never overwritten with older data. Orders are
    versioned by their own ``updatedAt`` (Saleor's clock, not ours). Records Saleor cannot
    return are in ``skipped``; ``progress`` is called after every page.
    """
    tenant = Tenant.objects.get(pk=tenant_id, is_active=True)
    client = tenant_saleor_client(tenant=tenant)
    summary = ImportSummary()
    _locations_import(client, tenant_id, summary, progress)
    _orders_import(client, tenant_id, summary, progress)
    audit_record(
        tenant_id=tenant_id,
        subject=tenant,
        verb=TenantEvent.IMPORTED,
        actor=Actor.system(),
        data={
            **summary.counts(),
            "skipped_records": [record.as_dict() for record in summary.skipped],
        },
    )
    logger.info("tenant %s imported: %s", tenant_id, summary.counts())
    return summary


def _locations_import(
    client: SaleorClient,
    tenant_id: int,
    summary: ImportSummary,
    progress: Callable[[ImportSummary], None] | None,
) -> None:
    started = timezone.now()
    seen: set[str] = set()
    for page in client.pages_tolerant(
        "queries/warehouses_page",
        "warehouses",
        ids_document="queries/warehouses_page_ids",
        page_size=PAGE_SIZE,
    ):
        for unreadable in page.unreadable:
            # Still in Saleor, only unreadable: never marked deleted below.
            seen.add(unreadable.saleor_id)
            summary.skipped.append(
                SkippedRecord(KIND_LOCATION, unreadable.saleor_id, unreadable.reason)
            )
        for node in page.nodes:
            try:
                location = parse_location(node)
            except PayloadError as exc:
                seen.add(str(node.get("id") or ""))
                summary.skipped.append(SkippedRecord(KIND_LOCATION, str(node.get("id")), str(exc)))
                continue
            seen.add(location.saleor_id)
            with transaction.atomic():
                outcome = location_apply_payload(
                    tenant_id=tenant_id, data=location, issued_at=started
                )
                if outcome is ApplyOutcome.CREATED:
                    deliveries_release(
                        tenant_id=tenant_id, subject=location_subject(location.saleor_id)
                    )
            summary.locations += 1
        if progress is not None:
            progress(summary)
    summary.locations_removed = (
        Location.objects.saleor_warehouses()
        .filter(tenant_id=tenant_id, is_deleted=False, source_issued_at__lt=started)
        .exclude(saleor_id__in=seen)
        .update(is_deleted=True)
    )


def _orders_import(
    client: SaleorClient,
    tenant_id: int,
    summary: ImportSummary,
    progress: Callable[[ImportSummary], None] | None,
) -> None:
    for page in client.pages_tolerant(
        "queries/orders_page",
        "orders",
        ids_document="queries/orders_page_ids",
        page_size=PAGE_SIZE,
    ):
        for unreadable in page.unreadable:
            summary.skipped.append(
                SkippedRecord(KIND_ORDER, unreadable.saleor_id, unreadable.reason)
            )
        if not page.nodes:
            continue
        origins = order_origins_read(client=client, ids=[node["id"] for node in page.nodes])
        for node in page.nodes:
            origin = origins.get(node["id"], "")
            summary.orders_origin_unknown += not origin
            _order_import(tenant_id, {**node, "origin": origin}, summary)
        if progress is not None:
            progress(summary)


def _order_import(tenant_id: int, node: dict[str, Any], summary: ImportSummary) -> None:
    try:
        order = parse_order(node)
    except PayloadError as exc:
        summary.skipped.append(SkippedRecord(KIND_ORDER, str(node.get("id")), str(exc)))
        return
    with transaction.atomic():
        outcome = order_apply_payload(
            tenant_id=tenant_id, data=order, issued_at=order.saleor_updated_at
        )
        if outcome is ApplyOutcome.CREATED:
            deliveries_release(tenant_id=tenant_id, subject=order_subject(order.saleor_id))
    if outcome is ApplyOutcome.STALE:
        summary.orders_unchanged += 1
    else:
        summary.orders += 1


def order_origins_read(*, client: SaleorClient, ids: list[str]) -> dict[str, str]:
    """Saleor's ``origin`` of each of these orders (at most 100); absent when Saleor cannot say.

    Saleor nulls the whole answer when one of the orders has a blank origin, so a failed
    answer is split in halves until the blank ones stand alone. A clean page costs one small
    request; each blank order about two per halving.
    """
    if not ids:
        return {}
    try:
        data = client.execute("queries/order_origins", {"ids": ids, "first": len(ids)})
    except (SaleorPermissionDenied, SaleorAuthenticationError):
        raise
    except SaleorGraphQLError as exc:
        if not exc.about_records:
            raise
        data = {}
    page = data.get("orders")
    if page is not None:
        return {edge["node"]["id"]: edge["node"]["origin"] or "" for edge in page["edges"]}
    if len(ids) == 1:
        return {}
    middle = len(ids) // 2
    return {
        **order_origins_read(client=client, ids=ids[:middle]),
        **order_origins_read(client=client, ids=ids[middle:]),
    }
