"""Turn a solver allocation into shipments and backorder lines, never exceeding stock.

The solver pools lines by variant and treats keep-together groups as single units; here they
become order lines again. Stock is consumed from a running ledger so that a variant appearing
both in a group and in a loose line cannot be promised twice (the solver's model counts such
stock for each; see the module docstring of ``problem.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import BackorderLine, CandidateLocation, OrderLine
from .problem import Allocation, Problem


@dataclass(frozen=True)
class PlannedShipment:
    location: CandidateLocation
    units: dict[OrderLine, int]  # insertion order follows the order's lines


@dataclass(frozen=True)
class Plan:
    shipments: tuple[PlannedShipment, ...]
    backorder: tuple[BackorderLine, ...]


def plan_from_allocation(
    problem: Problem, allocation: Allocation, lines: tuple[OrderLine, ...]
) -> Plan:
    ledger: dict[tuple[int, str], int] = {}
    # Keyed by line id, not by line: hashing a frozen dataclass hashes every field each time.
    shipped: dict[int, dict[str, int]] = defaultdict(dict)
    sent: dict[str, int] = defaultdict(int)

    def available(loc: int, variant: str) -> int:
        key = (loc, variant)
        if key not in ledger:
            ledger[key] = problem.locations[loc].stock.get(variant, 0)
        return ledger[key]

    def take(loc: int, line: OrderLine, quantity: int) -> None:
        ledger[(loc, line.variant_id)] = available(loc, line.variant_id) - quantity
        here = shipped[loc]
        here[line.line_id] = here.get(line.line_id, 0) + quantity
        sent[line.line_id] += quantity

    for item, fill in zip(problem.items, allocation.fills, strict=True):
        for loc, units in fill:
            if item.is_group:
                needs: dict[str, int] = defaultdict(int)
                for line in item.lines:
                    needs[line.variant_id] += line.quantity
                if all(available(loc, variant) >= qty for variant, qty in needs.items()):
                    for line in item.lines:
                        take(loc, line, line.quantity)
                continue
            remaining = units
            for line in item.lines:  # pooled lines of one variant, filled in order-line order
                quantity = min(
                    remaining, line.quantity - sent[line.line_id], available(loc, line.variant_id)
                )
                if quantity > 0:
                    take(loc, line, quantity)
                    remaining -= quantity
    shipments = tuple(
        PlannedShipment(
            problem.locations[loc],
            {line: shipped[loc][line.line_id] for line in lines if line.line_id in shipped[loc]},
        )
        for loc in sorted(shipped, key=lambda loc: problem.locations[loc].location_id)
    )
    backorder = tuple(
        BackorderLine(line.line_id, line.variant_id, line.sku, line.quantity - sent[line.line_id])
        for line in lines
        if sent[line.line_id] < line.quantity
    )
    return Plan(shipments, backorder)
