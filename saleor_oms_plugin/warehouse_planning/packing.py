"""Box suggestion: which boxes to use for an order and where each item goes.

The objective, in order: fewest boxes, then least empty volume, then lowest cost; every box
within its inner dimensions and weight limit. When every item has dimensions the packer
places them in 3D (``GEOMETRIC``); when one lacks them the order is packed by volume and
weight alone (``VOLUME``): a box takes one item that fits it (by its dimensions, or by its
volume when they are unknown), or several within ``volume_fill`` of its volume, since several
goods never fill a box completely.

The method is a heuristic, fast enough for a pack station (milliseconds per order), run
with the items largest first and, while it uses more boxes than the lower bound of
``bounds``, again longest first and heaviest first, keeping the best result:
1. one box: the smallest (then cheapest) box type that takes everything;
2. otherwise boxes one at a time: each step takes the box type that finishes the order if
   one does (the smallest), or else the one that packs the most volume, then the smallest;
3. each box is then shrunk to the smallest type that still takes its contents.
Inside a box, items go largest first at the first free corner point (lowest, then nearest
the back and left) where one of their orientations fits without overlapping the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .bounds import lower_bound
from .errors import NoBoxFits, PlanningError, UnfitItem, UnfitReason
from .model import BoxSuggestion, BoxType, Item, PackedBox, PackingMode, Placement, Position

DEFAULT_VOLUME_FILL = 0.8


def suggest_boxes(
    items: Sequence[Item],
    catalogue: Sequence[BoxType],
    *,
    volume_fill: float = DEFAULT_VOLUME_FILL,
) -> BoxSuggestion:
    """Pack ``items`` into boxes of ``catalogue``; raises ``NoBoxFits`` if an item fits none."""
    mode = (
        PackingMode.GEOMETRIC
        if all(i.dimensions is not None for i in items)
        else PackingMode.VOLUME
    )
    ids = [i.item_id for i in items]
    if len(set(ids)) != len(ids):
        raise PlanningError("item ids must be unique: one item per unit")
    packer = _Packer(catalogue, mode, volume_fill)
    unfit = [u for u in (packer.unfit(i) for i in items) if u is not None]
    if unfit:
        raise NoBoxFits(unfit)
    geometric = mode is PackingMode.GEOMETRIC
    bound = lower_bound(
        items,
        catalogue,
        volume_fill=1.0 if geometric else volume_fill,
        geometric=geometric,
    )
    if not items:
        return BoxSuggestion(boxes=(), mode=mode, lower_bound=0)
    best: list[PackedBox] | None = None
    for order in _ITEM_ORDERS:
        boxes = packer.pack(sorted(items, key=order))
        if best is None or _score(boxes) < _score(best):
            best = boxes
        if len(best) == bound:
            break  # no packing uses fewer boxes
    assert best is not None
    return BoxSuggestion(boxes=tuple(best), mode=mode, lower_bound=bound)


def _score(boxes: list[PackedBox]) -> tuple[int, int, float]:
    return (len(boxes), sum(b.empty_volume for b in boxes), sum(b.box.cost for b in boxes))


def _largest_first(item: Item) -> tuple[int, int, int, str]:
    return (-item.volume, -_longest_side(item), -item.weight, item.item_id)


def _longest_first(item: Item) -> tuple[int, int, int, str]:
    return (-_longest_side(item), -item.volume, -item.weight, item.item_id)


def _heaviest_first(item: Item) -> tuple[int, int, int, str]:
    return (-item.weight, -item.volume, -_longest_side(item), item.item_id)


def _longest_side(item: Item) -> int:
    return max(_sides(item)) if item.dimensions else 0


# The orders tried, one after the other, while the box count stays above the lower bound.
_ITEM_ORDERS = (_largest_first, _longest_first, _heaviest_first)


def _sides(item: Item) -> tuple[int, int, int]:
    d = item.dimensions
    assert d is not None
    return d.width, d.height, d.depth


@dataclass
class _Fill:
    box: BoxType
    placements: list[Placement]
    weight: int
    volume: int
    leftover: list[Item]

    def packed(self) -> PackedBox:
        return PackedBox(
            box=self.box,
            placements=tuple(self.placements),
            weight=self.weight,
            items_volume=self.volume,
        )


class _Packer:
    def __init__(self, catalogue: Sequence[BoxType], mode: PackingMode, volume_fill: float):
        # Smallest first, then cheapest: the first box that takes a set is the best one.
        self.catalogue = sorted(catalogue, key=lambda b: (b.volume, b.cost, b.box_id))
        self.mode = mode
        self.volume_fill = volume_fill

    def capacity(self, box: BoxType) -> float:
        return box.volume * self.volume_fill if self.mode is PackingMode.VOLUME else box.volume

    def unfit(self, item: Item) -> UnfitItem | None:
        d = item.dimensions
        if item.weight < 0 or item.volume < 0 or (d and min(d.width, d.height, d.depth) <= 0):
            return UnfitItem(item.item_id, UnfitReason.INVALID)
        fitting = [b for b in self.catalogue if self._fits_alone(item, b)]
        if not fitting:
            return UnfitItem(item.item_id, UnfitReason.TOO_LARGE)
        if all(item.weight > b.max_weight for b in fitting):
            return UnfitItem(item.item_id, UnfitReason.TOO_HEAVY)
        return None

    def _fits_alone(self, item: Item, box: BoxType) -> bool:
        if item.dimensions and not item.dimensions.fits_in(
            box.inner, keep_upright=item.keep_upright
        ):
            return False
        return item.volume <= box.volume

    def pack(self, items: list[Item]) -> list[PackedBox]:
        whole = self.smallest_taking_all(items)
        if whole is not None:
            return [whole.packed()]
        boxes: list[PackedBox] = []
        remaining = items
        while remaining:
            fill = self.next_box(remaining)
            remaining = fill.leftover
            placed = fill.packed()
            shrunk = self.smallest_taking_all(self._items_of(placed, items))
            boxes.append(shrunk.packed() if shrunk is not None else placed)
        return boxes

    def smallest_taking_all(self, items: list[Item]) -> _Fill | None:
        weight = sum(i.weight for i in items)
        volume = sum(i.volume for i in items)
        for box in self.catalogue:
            if weight > box.max_weight or (len(items) > 1 and volume > self.capacity(box)):
                continue
            fill = self.fill(box, items, all_or_nothing=True)
            if fill is not None:
                return fill
        return None

    def next_box(self, items: list[Item]) -> _Fill:
        best: _Fill | None = None
        for box in self.catalogue:
            fill = self.fill(box, items, all_or_nothing=False)
            if fill is None or not fill.placements:
                continue
            if not fill.leftover:
                return fill  # the smallest box that finishes the order
            if best is None or fill.volume > best.volume:
                best = fill
        assert best is not None, "every item fits some box alone"
        return best

    @staticmethod
    def _items_of(box: PackedBox, items: list[Item]) -> list[Item]:
        ids = {p.item_id for p in box.placements}
        return [i for i in items if i.item_id in ids]

    def fill(self, box: BoxType, items: list[Item], *, all_or_nothing: bool) -> _Fill | None:
        """Put as many of ``items`` (in order) in one ``box`` as fit; None if all had to."""
        fill = _Fill(box=box, placements=[], weight=0, volume=0, leftover=[])
        corners = [Position(0, 0, 0)]
        capacity = self.capacity(box)
        for item in items:
            placement: Placement | None = None
            if fill.weight + item.weight <= box.max_weight and (
                fill.volume + item.volume <= capacity or not fill.placements
            ):
                if self.mode is PackingMode.VOLUME:
                    if self._fits_alone(item, box):
                        placement = Placement(item.item_id)
                else:
                    placement = _place(item, box, fill.placements, corners)
            if placement is None:
                if all_or_nothing:
                    return None
                fill.leftover.append(item)
                continue
            fill.placements.append(placement)
            fill.weight += item.weight
            fill.volume += item.volume
        return fill


def _place(
    item: Item, box: BoxType, placed: list[Placement], corners: list[Position]
) -> Placement | None:
    assert item.dimensions is not None
    inner = box.inner
    orientations = item.dimensions.orientations(keep_upright=item.keep_upright)
    corners.sort(key=lambda c: (c.y, c.z, c.x))
    for index, corner in enumerate(corners):
        for size in orientations:
            if (
                corner.x + size.width > inner.width
                or corner.y + size.height > inner.height
                or corner.z + size.depth > inner.depth
            ):
                continue
            candidate = Placement(item.item_id, corner, size)
            if any(candidate.overlaps(other) for other in placed):
                continue
            del corners[index]
            corners.extend(
                c
                for c in (
                    Position(corner.x + size.width, corner.y, corner.z),
                    Position(corner.x, corner.y + size.height, corner.z),
                    Position(corner.x, corner.y, corner.z + size.depth),
                )
                if c.x < inner.width and c.y < inner.height and c.z < inner.depth
            )
            return candidate
    return None
