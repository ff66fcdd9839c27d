"""Lower bounds on the number of boxes an order needs, whatever the packer does.

Three bounds, the largest wins:
- volume: the items' total volume over the largest box's volume;
- weight: their total weight over the highest weight limit;
- conflicts: items no two of which can share any box need one box each. Whether two items
  can share a box is decided exactly: two boxes sit side by side in a third exactly when, in
  some orientations, they are separated along one axis (their sizes on it add up within the
  box) and each fits on the other two axes; and both must fit the box's weight limit and
  usable volume. A large set of pairwise conflicting items (a clique of the conflict graph)
  is found greedily from every item in turn.
When packing by volume (some item lacks dimensions) two items share a box when each fits it
alone and together they are within its weight limit and its usable volume (``volume_fill`` of
it: the share the packer fills with several items).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .model import BoxType, Dimensions, Item


def lower_bound(
    items: Sequence[Item],
    catalogue: Sequence[BoxType],
    *,
    volume_fill: float = 1.0,
    geometric: bool = True,
) -> int:
    """The fewest boxes any packing of ``items`` into ``catalogue`` can use.

    ``volume_fill`` is the share of a box's volume the packer fills with several items
    (below 1 when packing by volume alone, ``geometric=False``).
    """
    if not items or not catalogue:
        return 0
    capacity = max(b.volume for b in catalogue)
    by_volume = math.ceil(sum(i.volume for i in items) / capacity) if capacity > 0 else 0
    max_weight = max(b.max_weight for b in catalogue)
    by_weight = math.ceil(sum(i.weight for i in items) / max_weight) if max_weight > 0 else 0
    by_conflicts = _conflict_clique(items, catalogue, volume_fill, geometric)
    return max(1, by_volume, by_weight, by_conflicts)


def _conflict_clique(
    items: Sequence[Item], catalogue: Sequence[BoxType], volume_fill: float, geometric: bool
) -> int:
    largest_first = sorted(catalogue, key=lambda box: -box.volume)
    homes = [frozenset(b.box_id for b in largest_first if _fits_alone(i, b)) for i in items]
    n = len(items)
    conflicts: list[set[int]] = [set() for _ in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            shared = homes[a] & homes[b]
            if not any(
                _pair_fits(items[a], items[b], box, volume_fill, geometric)
                for box in largest_first
                if box.box_id in shared
            ):
                conflicts[a].add(b)
                conflicts[b].add(a)
    best = 0
    for start in sorted(range(n), key=lambda i: -len(conflicts[i])):
        if len(conflicts[start]) < best:
            break  # a clique through this item cannot be larger than its degree + 1
        clique = [start]
        for other in sorted(conflicts[start], key=lambda i: -len(conflicts[i])):
            if all(other in conflicts[member] for member in clique):
                clique.append(other)
        best = max(best, len(clique))
    return best


def _fits_alone(item: Item, box: BoxType) -> bool:
    if item.dimensions is None:
        return item.volume <= box.volume
    return item.dimensions.fits_in(box.inner, keep_upright=item.keep_upright)


def _pair_fits(a: Item, b: Item, box: BoxType, volume_fill: float, geometric: bool) -> bool:
    if a.weight + b.weight > box.max_weight or a.volume + b.volume > box.volume * volume_fill:
        return False
    if not geometric:
        return True
    assert a.dimensions is not None and b.dimensions is not None
    for oa in a.dimensions.orientations(keep_upright=a.keep_upright):
        for ob in b.dimensions.orientations(keep_upright=b.keep_upright):
            if _separated_fit(oa, ob, box.inner):
                return True
    return False


def _separated_fit(a: Dimensions, b: Dimensions, inner: Dimensions) -> bool:
    w_ok = max(a.width, b.width) <= inner.width
    h_ok = max(a.height, b.height) <= inner.height
    d_ok = max(a.depth, b.depth) <= inner.depth
    return (
        (a.width + b.width <= inner.width and h_ok and d_ok)
        or (a.height + b.height <= inner.height and w_ok and d_ok)
        or (a.depth + b.depth <= inner.depth and w_ok and h_ok)
    )
