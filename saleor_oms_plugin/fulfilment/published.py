"""Events other domains publish that fulfilment acts on (``core.events.listen``).

The warehouse publishes ``pick.short`` when units of a released shipment could not be
picked; fulfilment's short-pick path (cancel the fulfilment, adjust stock, re-route) takes it
from there, exactly as for a ``reportShortPick`` by staff. Matched by name: the warehouse is
a sibling domain fulfilment does not import (a test keeps the name equal to its member).
"""

from __future__ import annotations

import logging

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.events import Published
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.services import short_pick_report

logger = logging.getLogger(__name__)

WAREHOUSE_SHORT_PICK = "pick.short"


def on_published(published: Published) -> None:
    if published.event.value != WAREHOUSE_SHORT_PICK:
        return
    facts = published.facts
    try:
        short_pick_report(
            tenant_id=published.tenant_id,
            shipment_id=int(facts["shipment_id"]),
            missing={str(k): int(v) for k, v in facts["missing"].items()},
            actor=Actor("system", "warehouse"),
        )
    except FulfilmentError as exc:
        # Never fail the warehouse's change: the shipment moved on (cancelled meanwhile).
        logger.warning("short pick of shipment %s not taken: %s", facts["shipment_id"], exc)
