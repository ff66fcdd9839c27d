"""A location's layout for picking: bins in zones, a walking sequence, and walking distance.

Every bin has a zone, a place in the walking sequence (the order a picker passes the bins,
unique within the layout) and floor coordinates in metres. Walking distance is Manhattan
(rectilinear) distance between consecutive stops, starting and ending at the depot (where
pickers take a cart and drop the totes): in a warehouse of parallel aisles, people walk
along aisles and cross-aisles, not diagonally through racks. It is a model, not a map: two
bins on either side of a rack count as close. A trip's distance is measured over its stops
in the order given, which for a pick list is the walking sequence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import LayoutInvalid


@dataclass(frozen=True)
class Bin:
    bin_id: str
    zone: str
    sequence: int  # the place in the walking sequence
    x: float  # metres
    y: float


@dataclass(frozen=True)
class Layout:
    bins: Mapping[str, Bin]
    depot: tuple[float, float] = (0.0, 0.0)

    @classmethod
    def of(cls, bins: Iterable[Bin], depot: tuple[float, float] = (0.0, 0.0)) -> Layout:
        """A layout from its bins; refuses duplicate bin ids or sequence numbers."""
        by_id: dict[str, Bin] = {}
        sequences: set[int] = set()
        for b in bins:
            if b.bin_id in by_id:
                raise LayoutInvalid(f"duplicate bin {b.bin_id}")
            if b.sequence in sequences:
                raise LayoutInvalid(f"bins {b.bin_id} and another share sequence {b.sequence}")
            by_id[b.bin_id] = b
            sequences.add(b.sequence)
        return cls(bins=by_id, depot=depot)

    def walk_distance(self, stops: Iterable[str]) -> float:
        """Metres walked from the depot through the bins ``stops`` (in order) and back."""
        x, y = self.depot
        total = 0.0
        for bin_id in stops:
            b = self.bins[bin_id]
            total += abs(b.x - x) + abs(b.y - y)
            x, y = b.x, b.y
        return total + abs(self.depot[0] - x) + abs(self.depot[1] - y)
