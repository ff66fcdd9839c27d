"""Saleor's own allocation strategies, re-implemented from their described behaviour.

Used as the benchmark's baseline, never to route. Saleor allocates line by line, ignoring the
destination and what other lines need:

- PRIORITIZE_SORTING_ORDER: warehouses in the channel's order (``CandidateLocation.priority``);
  each line takes what it can from the first warehouse with stock, the rest from the next.
- PRIORITIZE_HIGH_STOCK: per line, warehouses by descending available stock of that variant.

Stock is drawn down as lines are allocated (the over-allocation bug of 3.23.28 is left out: it
would flatter us by producing plans that cannot be fulfilled).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from .model import BackorderLine, CandidateLocation, OrderLine, RoutingRequest
from .plan import Plan, PlannedShipment


class SaleorStrategy(StrEnum):
    PRIORITIZE_SORTING_ORDER = "PRIORITIZE_SORTING_ORDER"
    PRIORITIZE_HIGH_STOCK = "PRIORITIZE_HIGH_STOCK"


def saleor_allocate(request: RoutingRequest, strategy: SaleorStrategy) -> Plan:
    warehouses = [loc for loc in request.locations if loc.ships]
    remaining = {loc.location_id: dict(loc.stock) for loc in warehouses}
    order: Callable[[OrderLine], list[CandidateLocation]]
    if strategy == SaleorStrategy.PRIORITIZE_SORTING_ORDER:
        by_channel = sorted(warehouses, key=lambda loc: loc.priority)

        def order(line: OrderLine) -> list[CandidateLocation]:
            return by_channel

    else:

        def order(line: OrderLine) -> list[CandidateLocation]:
            return sorted(
                warehouses,
                key=lambda loc: -remaining[loc.location_id].get(line.variant_id, 0),
            )

    shipped: dict[str, dict[OrderLine, int]] = {}
    backorder = []
    for line in request.lines:
        need = line.quantity
        for loc in order(line):
            if need == 0:
                break
            stock = remaining[loc.location_id]
            take = min(need, stock.get(line.variant_id, 0))
            if take > 0:
                stock[line.variant_id] -= take
                shipped.setdefault(loc.location_id, {})[line] = take
                need -= take
        if need:
            backorder.append(BackorderLine(line.line_id, line.variant_id, line.sku, need))
    by_id = {loc.location_id: loc for loc in warehouses}
    shipments = tuple(PlannedShipment(by_id[loc_id], units) for loc_id, units in shipped.items())
    return Plan(shipments, tuple(backorder))
