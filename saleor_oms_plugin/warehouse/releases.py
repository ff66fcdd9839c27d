"""Releases: fulfilment applied a shipment at an execution-enabled location, so its lines
become the location's work to pick, pack and ship.

fulfilment publishes every shipment move (``plan_shipment.<state>``, see its shipments.py)
with the shipment's facts; this domain hears them in :func:`on_published` (registered in
apps.py) without importing fulfilment. The same shipment released twice is one release (unique
per tenant and shipment). A cancelled shipment cancels its release.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.warehouse.events import WarehouseEvent
from saleor_oms_plugin.warehouse.locks import lock_release_by_shipment, lock_release_or_create
from saleor_oms_plugin.warehouse.models import LocationExecution, Release
from saleor_oms_plugin.warehouse.moves import release_move
from saleor_oms_plugin.warehouse.scheduling import auto_wave_after_commit
from saleor_oms_plugin.warehouse.transitions import RELEASE_TRANSITIONS

logger = logging.getLogger(__name__)

# fulfilment's event names (values of its FulfilmentEvent members; a test keeps them equal).
SHIPMENT_APPLIED = "plan_shipment.applied"
SHIPMENT_CANCELLED = "plan_shipment.cancelled"


def on_published(published: Published) -> None:
    """The listener the warehouse registers: runs in fulfilment's transaction."""
    name = published.event.value
    if name == SHIPMENT_APPLIED and published.order_id is not None:
        release_from_shipment(
            tenant_id=published.tenant_id, order_id=published.order_id, facts=published.facts
        )
    elif name == SHIPMENT_CANCELLED:
        release_cancel(
            tenant_id=published.tenant_id, shipment_id=int(published.facts["shipment_id"])
        )


def _lines(raw: Any) -> list[dict[str, Any]]:
    return [
        {
            "line_id": str(line["line_id"]),
            "variant_id": str(line.get("variant_id") or ""),
            "sku": str(line.get("sku") or ""),
            "quantity": int(line["quantity"]),
        }
        for line in raw or []
        if int(line["quantity"]) > 0
    ]


def release_from_shipment(
    *, tenant_id: int, order_id: int, facts: dict[str, Any]
) -> Release | None:
    """Release an applied shipment to its location if warehouse execution is on there; None
    when it is not (the location keeps today's behaviour). Idempotent per shipment."""
    location_id = int(facts["location_id"])
    execution = LocationExecution.objects.filter(
        tenant_id=tenant_id, location_id=location_id, enabled=True
    ).first()
    if execution is None:
        return None
    shipment_id = int(facts["shipment_id"])
    with transaction.atomic():
        release, created = lock_release_or_create(
            tenant_id,
            shipment_id,
            {
                "location_id": location_id,
                "order_id": order_id,
                "saleor_fulfillment_id": str(facts.get("saleor_fulfillment_id") or ""),
                "lines": _lines(facts.get("lines")),
            },
        )
        if not created:
            return release
        audit_record(
            tenant_id=tenant_id,
            subject=release,
            verb=WarehouseEvent.RELEASE_RELEASED,
            actor=Actor.system(),
            data={
                "shipment": shipment_id,
                "location": location_id,
                "fulfillment": release.saleor_fulfillment_id,
                "units": release.units,
            },
        )
        waiting = Release.objects.filter(
            tenant_id=tenant_id,
            location_id=location_id,
            state=Release.State.RELEASED,
            wave__isnull=True,
        ).count()
        if execution.wave_interval_minutes is not None and waiting >= execution.wave_size_cap:
            # A full wave waits: make it now rather than at the next interval.
            auto_wave_after_commit(tenant_id=tenant_id, location_id=location_id)
    return release


def release_cancel(*, tenant_id: int, shipment_id: int) -> Release | None:
    """The shipment's fulfilment was cancelled: its release stops (unless shipped already)."""
    with transaction.atomic():
        release = lock_release_by_shipment(tenant_id, shipment_id)
        if release is None or release.state == Release.State.CANCELLED:
            return release
        if Release.State.CANCELLED not in RELEASE_TRANSITIONS[release.state]:
            logger.warning("shipment %s cancelled after its release shipped", shipment_id)
            return release
        release_move(release, Release.State.CANCELLED, actor=Actor.saleor())
    return release
