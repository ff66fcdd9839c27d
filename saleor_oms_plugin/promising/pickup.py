"""Can the cart be collected at a pickup point? Every line, in stock there, now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import PromiseLine


@dataclass(frozen=True)
class ShortLine:
    variant_id: str
    sku: str
    wanted: int  # units the cart asks for (lines of one variant summed)
    available: int


@dataclass(frozen=True)
class PickupVerdict:
    point_id: str
    feasible: bool
    reason: str | None  # for the customer, when not feasible
    short: tuple[ShortLine, ...] = ()


def pickup_check(
    *,
    point_id: str,
    lines: Sequence[PromiseLine],
    stock: Mapping[str, Mapping[str, int]],
    point_name: str = "",
) -> PickupVerdict:
    """Whether the collection point holds every line of the cart; if not, which and why.

    ``stock`` is location id -> variant id -> units available (ATS) now; a point missing from
    it holds nothing.
    """
    wanted: dict[str, int] = defaultdict(int)
    skus: dict[str, str] = {}
    for line in lines:
        wanted[line.variant_id] += line.quantity
        skus.setdefault(line.variant_id, line.sku or line.variant_id)
    held = stock.get(point_id, {})
    short = tuple(
        ShortLine(variant, skus[variant], units, max(0, held.get(variant, 0)))
        for variant, units in wanted.items()
        if held.get(variant, 0) < units
    )
    if not wanted:
        return PickupVerdict(point_id, False, "The cart is empty")
    if not short:
        return PickupVerdict(point_id, True, None)
    name = point_name or point_id
    detail = ", ".join(f"{s.sku} ({s.available} of {s.wanted})" for s in short)
    return PickupVerdict(point_id, False, f"Not in stock at {name}: {detail}", short)
