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
    (verdict,) = pickup_points_check(points={point_id: point_name}, lines=lines, stock=stock)
    return verdict


def pickup_points_check(
    *,
    points: Mapping[str, str],
    lines: Sequence[PromiseLine],
    stock: Mapping[str, Mapping[str, int]],
) -> tuple[PickupVerdict, ...]:
    """``pickup_check`` for many points (id -> name shown, "" for the id), the cart read once."""
    wanted: dict[str, int] = defaultdict(int)
    skus: dict[str, str] = {}
    for line in lines:
        wanted[line.variant_id] += line.quantity
        skus.setdefault(line.variant_id, line.sku or line.variant_id)
    if not wanted:
        return tuple(PickupVerdict(point_id, False, "The cart is empty") for point_id in points)
    demand = tuple(wanted.items())
    verdicts = []
    for point_id, point_name in points.items():
        held = stock.get(point_id, {})
        short = tuple(
            ShortLine(variant, skus[variant], units, max(0, held.get(variant, 0)))
            for variant, units in demand
            if held.get(variant, 0) < units
        )
        if not short:
            verdicts.append(PickupVerdict(point_id, True, None))
            continue
        detail = ", ".join(f"{s.sku} ({s.available} of {s.wanted})" for s in short)
        reason = f"Not in stock at {point_name or point_id}: {detail}"
        verdicts.append(PickupVerdict(point_id, False, reason, short))
    return tuple(verdicts)
