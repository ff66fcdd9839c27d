"""The full import of orders and warehouses from Saleor when a tenant is installed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.outcomes import ApplyOutcome
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.locations.payload import parse_location
from saleor_oms_plugin.locations.services import location_apply_payload
from saleor_oms_plugin.orders.payload import parse_order
from saleor_oms_plugin.orders.services import order_apply_payload
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client
from saleor_oms_plugin.webhooks.processing import deliveries_release
from saleor_oms_plugin.webhooks.registry import location_subject, order_subject

logger = logging.getLogger(__name__)

PAGE_SIZE = 100


@dataclass
class ImportSummary:
    locations: int = 0
    locations_removed: int = 0
    orders: int = 0
    orders_unchanged: int = 0


def tenant_import_read_models_run(*, tenant_id: int) -> ImportSummary:
    """Page through Saleor's warehouses and orders into the read models.

    Safe to run again at any time: every row is applied with the same versioning as webhook
    payloads, so what webhooks already brought is never overwritten with older data. Orders are
    versioned by their own ``updatedAt`` (Saleor's clock, not ours).
    """
    tenant = Tenant.objects.get(pk=tenant_id, is_active=True)
    client = tenant_saleor_client(tenant=tenant)
    summary = ImportSummary()

    started = timezone.now()
    seen: set[str] = set()
    for node in client.paginate("queries/warehouses_page", "warehouses", page_size=PAGE_SIZE):
        location = parse_location(node)
        seen.add(location.saleor_id)
        with transaction.atomic():
            outcome = location_apply_payload(tenant_id=tenant_id, data=location, issued_at=started)
            if outcome is ApplyOutcome.CREATED:
                deliveries_release(
                    tenant_id=tenant_id, subject=location_subject(location.saleor_id)
                )
        summary.locations += 1
    summary.locations_removed = (
        Location.objects.saleor_warehouses()
        .filter(tenant_id=tenant_id, is_deleted=False, source_issued_at__lt=started)
        .exclude(saleor_id__in=seen)
        .update(is_deleted=True)
    )

    for node in client.paginate("queries/orders_page", "orders", page_size=PAGE_SIZE):
        order = parse_order(node)
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

    audit_record(
        tenant_id=tenant_id,
        subject=tenant,
        verb="tenant.imported",
        actor=Actor.system(),
        data=summary.__dict__,
    )
    logger.info("tenant %s imported: %s", tenant_id, summary)
    return summary
