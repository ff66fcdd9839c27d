"""Typed errors of the planning core: each says what was refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UnfitReason(StrEnum):
    TOO_LARGE = "too_large"  # no box holds it in any orientation (or by volume)
    TOO_HEAVY = "too_heavy"  # heavier than every box's weight limit that it fits
    INVALID = "invalid"  # a negative weight, a zero or negative dimension


@dataclass(frozen=True)
class UnfitItem:
    item_id: str
    reason: UnfitReason


class PlanningError(ValueError):
    """Root of the planning core's refusals."""


class NoBoxFits(PlanningError):
    """Some items fit no box of the catalogue; nothing was packed."""

    def __init__(self, items: list[UnfitItem]) -> None:
        self.items = tuple(items)
        super().__init__(
            "no box fits: " + ", ".join(f"{i.item_id} ({i.reason})" for i in self.items)
        )


class LayoutInvalid(PlanningError):
    """The location layout is inconsistent (duplicate bins or walking sequence numbers)."""


class PickInputInvalid(PlanningError):
    """An order cannot be picked: an SKU without a bin, a quantity below one."""
