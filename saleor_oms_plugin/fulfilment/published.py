"""Events other domains publish that fulfilment acts on (``core.events.listen``).

The warehouse publishes ``pick.short`` when units of a released shipment could not be
picked; fulfilment's short-pick path (cancel the fulfilment, adjust stock, re-route) takes it
from there, exactly as for a ``reportShortPick`` by staff. Matched by name: the warehouse is
a sibling domain fulfilment does not import (a test keeps the name equal to its member).

The report runs once the warehouse's transaction commits, not inside it: the warehouse holds
its release locked while fulfilment's own paths lock the shipment before the release (a
cancelled fulfilment cancels its release), so taking the shipment inside could deadlock.
"""

from __future__ import annotations

import logging

from django.db import transaction

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.services import short_pick_report

logger = logging.getLogger(__name__)

WAREHOUSE_SHORT_PICK = "pick.short"


def on_published(published: Published) -> None:
    if published.event.value != WAREHOUSE_SHORT_PICK:
        return
    tenant_id = published.tenant_id
    shipment_id = int(published.facts["shipment_id"])
    missing = {str(k): int(v) for k, v in published.facts["missing"].items()}
    transaction.on_commit(lambda: short_pick_from_warehouse(tenant_id, shipment_id, missing))


def short_pick_from_warehouse(tenant_id: int, shipment_id: int, missing: dict[str, int]) -> None:
    try:
        short_pick_report(
            tenant_id=tenant_id,
            shipment_id=shipment_id,
            missing=missing,
            actor=Actor("system", "warehouse"),
        )
    except FulfilmentError as exc:
        # The shipment moved on meanwhile (its fulfilment was cancelled in Saleor).
        logger.warning("short pick of shipment %s not taken: %s", shipment_id, exc.message)
