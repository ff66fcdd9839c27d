"""Plain data for box suggestion: items, box types and the packed result.

Lengths are whole millimetres and weights whole grams, so placements are exact and the
checks on them (inside the box, no overlap) need no tolerance. Axes: ``x`` runs along the
width, ``y`` along the height (up) and ``z`` along the depth of a box.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Dimensions:
    width: int
    height: int
    depth: int

    @property
    def volume(self) -> int:
        return self.width * self.height * self.depth

    def orientations(self, *, keep_upright: bool = False) -> tuple[Dimensions, ...]:
        """The distinct orthogonal rotations; upright ones keep the height vertical."""
        w, h, d = self.width, self.height, self.depth
        if keep_upright:
            candidates = [(w, h, d), (d, h, w)]
        else:
            candidates = [(w, h, d), (w, d, h), (h, w, d), (h, d, w), (d, w, h), (d, h, w)]
        return tuple(Dimensions(*c) for c in dict.fromkeys(candidates))

    def fits_in(self, inner: Dimensions, *, keep_upright: bool = False) -> bool:
        return any(
            o.width <= inner.width and o.height <= inner.height and o.depth <= inner.depth
            for o in self.orientations(keep_upright=keep_upright)
        )


@dataclass(frozen=True)
class Item:
    """One unit to pack. Without dimensions, ``volume_hint`` (mm³) stands in for them."""

    item_id: str
    weight: int  # grams
    dimensions: Dimensions | None = None
    volume_hint: int = 0  # mm³, used only when dimensions are missing
    keep_upright: bool = False

    @property
    def volume(self) -> int:
        return self.dimensions.volume if self.dimensions else self.volume_hint


@dataclass(frozen=True)
class BoxType:
    box_id: str
    inner: Dimensions
    max_weight: int  # grams of contents
    cost: float = 0.0

    @property
    def volume(self) -> int:
        return self.inner.volume


@dataclass(frozen=True)
class Position:
    x: int
    y: int
    z: int


@dataclass(frozen=True)
class Placement:
    """Where an item sits; position and size (as rotated) are None when packed by volume."""

    item_id: str
    position: Position | None = None
    size: Dimensions | None = None

    def overlaps(self, other: Placement) -> bool:
        a, b = self.position, other.position
        sa, sb = self.size, other.size
        if a is None or b is None or sa is None or sb is None:
            return False
        return (
            a.x < b.x + sb.width
            and b.x < a.x + sa.width
            and a.y < b.y + sb.height
            and b.y < a.y + sa.height
            and a.z < b.z + sb.depth
            and b.z < a.z + sa.depth
        )


class PackingMode(StrEnum):
    GEOMETRIC = "geometric"  # every item has dimensions: 3D positions
    VOLUME = "volume"  # some item lacks them: volume and weight only


@dataclass(frozen=True)
class PackedBox:
    box: BoxType
    placements: tuple[Placement, ...]
    weight: int  # grams of contents
    items_volume: int

    @property
    def empty_volume(self) -> int:
        return self.box.volume - self.items_volume


@dataclass(frozen=True)
class BoxSuggestion:
    """The boxes to use, which item goes in which, and the lower bound on their count."""

    boxes: tuple[PackedBox, ...]
    mode: PackingMode
    lower_bound: int

    @property
    def box_count(self) -> int:
        return len(self.boxes)

    @property
    def empty_volume(self) -> int:
        return sum(b.empty_volume for b in self.boxes)

    @property
    def cost(self) -> float:
        return sum(b.box.cost for b in self.boxes)

    def box_index_by_item(self) -> dict[str, int]:
        """Item id → index of its box in ``boxes``."""
        return {p.item_id: i for i, b in enumerate(self.boxes) for p in b.placements}
