"""Box suggestion: invariants on random orders and catalogues (hypothesis), and chosen cases."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.warehouse_planning.bounds import lower_bound
from saleor_oms_plugin.warehouse_planning.errors import NoBoxFits, PlanningError, UnfitReason
from saleor_oms_plugin.warehouse_planning.model import (
    BoxSuggestion,
    BoxType,
    Dimensions,
    Item,
    PackingMode,
    Placement,
)
from saleor_oms_plugin.warehouse_planning.packing import DEFAULT_VOLUME_FILL, suggest_boxes

side = st.integers(min_value=10, max_value=500)
dimensions = st.builds(Dimensions, side, side, side)


@st.composite
def orders(draw: st.DrawFn) -> list[Item]:
    count = draw(st.integers(min_value=0, max_value=10))
    return [
        Item(
            item_id=f"i{n}",
            weight=draw(st.integers(min_value=0, max_value=20_000)),
            dimensions=draw(st.one_of(dimensions, dimensions, dimensions, st.none())),
            volume_hint=draw(st.integers(min_value=0, max_value=30_000_000)),
            keep_upright=draw(st.booleans()),
        )
        for n in range(count)
    ]


@st.composite
def catalogues(draw: st.DrawFn) -> list[BoxType]:
    count = draw(st.integers(min_value=1, max_value=4))
    box_side = st.integers(min_value=50, max_value=700)
    return [
        BoxType(
            box_id=f"b{n}",
            inner=Dimensions(draw(box_side), draw(box_side), draw(box_side)),
            max_weight=draw(st.integers(min_value=1_000, max_value=30_000)),
            cost=draw(st.floats(min_value=0, max_value=5, allow_nan=False)),
        )
        for n in range(count)
    ]


def fits_alone(item: Item, box: BoxType, mode: PackingMode) -> bool:
    if item.weight > box.max_weight:
        return False
    if item.dimensions and not item.dimensions.fits_in(box.inner, keep_upright=item.keep_upright):
        return False
    return item.volume <= box.volume


def intersect(a: Placement, b: Placement) -> bool:
    """Whether two placed items share volume (computed here, not by the model)."""
    assert a.position and a.size and b.position and b.size
    spans = (
        (a.position.x, a.size.width, b.position.x, b.size.width),
        (a.position.y, a.size.height, b.position.y, b.size.height),
        (a.position.z, a.size.depth, b.position.z, b.size.depth),
    )
    return all(max(pa, pb) < min(pa + la, pb + lb) for pa, la, pb, lb in spans)


def assert_valid(items: list[Item], suggestion: BoxSuggestion) -> None:
    by_id = {i.item_id: i for i in items}
    placed = [p.item_id for b in suggestion.boxes for p in b.placements]
    assert sorted(placed) == sorted(by_id), "every item is placed exactly once"
    assert suggestion.box_count >= suggestion.lower_bound
    for packed in suggestion.boxes:
        box = packed.box
        contents = [by_id[p.item_id] for p in packed.placements]
        assert packed.placements, "no empty boxes"
        assert sum(i.weight for i in contents) == packed.weight <= box.max_weight
        assert sum(i.volume for i in contents) == packed.items_volume
        if suggestion.mode is PackingMode.VOLUME:
            if len(contents) > 1:
                assert packed.items_volume <= box.volume * DEFAULT_VOLUME_FILL
            assert all(fits_alone(i, box, suggestion.mode) for i in contents)
            continue
        for p in packed.placements:
            item = by_id[p.item_id]
            assert p.position is not None and p.size is not None and item.dimensions
            assert p.size in item.dimensions.orientations(keep_upright=item.keep_upright)
            assert min(p.position.x, p.position.y, p.position.z) >= 0
            assert p.position.x + p.size.width <= box.inner.width
            assert p.position.y + p.size.height <= box.inner.height
            assert p.position.z + p.size.depth <= box.inner.depth
        for n, a in enumerate(packed.placements):
            for b in packed.placements[n + 1 :]:
                assert not intersect(a, b), f"{a} overlaps {b}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=orders(), catalogue=catalogues())
def test_packing_places_every_item_within_limits_or_refuses(items, catalogue):
    mode = (
        PackingMode.GEOMETRIC
        if all(i.dimensions is not None for i in items)
        else PackingMode.VOLUME
    )
    try:
        suggestion = suggest_boxes(items, catalogue)
    except NoBoxFits as refusal:
        refused = {u.item_id for u in refusal.items}
        assert refused
        for item in items:
            fits_somewhere = any(fits_alone(item, box, mode) for box in catalogue)
            assert (item.item_id in refused) == (not fits_somewhere)
        return
    assert suggestion.mode is mode
    assert_valid(items, suggestion)


def box(box_id, w, h, d, *, max_weight=20_000, cost=1.0):
    return BoxType(box_id, Dimensions(w, h, d), max_weight=max_weight, cost=cost)


def test_the_smallest_box_that_takes_everything_wins_and_then_the_cheapest():
    items = [Item("a", 500, Dimensions(100, 100, 100)), Item("b", 500, Dimensions(100, 100, 100))]
    catalogue = [
        box("big", 400, 400, 400),
        box("pricey", 200, 100, 100, cost=2.0),
        box("cheap", 100, 200, 100, cost=1.0),
    ]

    suggestion = suggest_boxes(items, catalogue)

    assert [b.box.box_id for b in suggestion.boxes] == ["cheap"]
    assert suggestion.boxes[0].empty_volume == 0
    assert suggestion.box_index_by_item() == {"a": 0, "b": 0}


def test_weight_limits_split_an_order_that_would_fit_one_box_by_size():
    items = [Item(f"i{n}", 4_000, Dimensions(50, 50, 50)) for n in range(3)]

    suggestion = suggest_boxes(items, [box("only", 500, 500, 500, max_weight=10_000)])

    assert suggestion.box_count == 2 == suggestion.lower_bound
    assert all(b.weight <= 10_000 for b in suggestion.boxes)


def test_items_that_fit_no_box_are_refused_with_the_reason():
    items = [
        Item("fits", 100, Dimensions(50, 50, 50)),
        Item("long", 100, Dimensions(900, 10, 10)),
        Item("heavy", 50_000, Dimensions(50, 50, 50)),
    ]

    with pytest.raises(NoBoxFits) as refusal:
        suggest_boxes(items, [box("only", 300, 300, 300)])

    assert {(u.item_id, u.reason) for u in refusal.value.items} == {
        ("long", UnfitReason.TOO_LARGE),
        ("heavy", UnfitReason.TOO_HEAVY),
    }


def test_rotation_is_used_unless_the_item_must_stay_upright():
    catalogue = [box("flat", 300, 100, 300)]
    lying = Item("lying", 100, Dimensions(100, 200, 50))

    suggestion = suggest_boxes([lying], catalogue)

    assert suggestion.boxes[0].placements[0].size.height <= 100
    upright = Item("upright", 100, Dimensions(100, 200, 50), keep_upright=True)
    with pytest.raises(NoBoxFits):
        suggest_boxes([upright], catalogue)


def test_without_dimensions_an_order_is_packed_by_volume_and_weight():
    items = [
        Item("known", 1_000, Dimensions(100, 100, 100)),
        Item("unknown", 1_000, volume_hint=700_000),
    ]
    catalogue = [box("small", 100, 100, 100), box("larger", 200, 100, 100)]

    suggestion = suggest_boxes(items, catalogue)

    assert suggestion.mode is PackingMode.VOLUME
    # 1.7 litres is over 80 % of the 2-litre box; alone, each item takes the 1-litre box.
    assert suggestion.box_count == 2 == suggestion.lower_bound
    assert [b.box.box_id for b in suggestion.boxes] == ["small", "small"]
    assert all(p.position is None for b in suggestion.boxes for p in b.placements)


def test_the_conflict_bound_counts_items_that_can_never_share_a_box():
    # The long item goes only in the tube, the cube never does: two boxes, though their volume
    # and weight would fit the largest box together.
    long = Item("long", 500, Dimensions(700, 90, 90))
    cube = Item("cube", 500, Dimensions(200, 200, 200))
    catalogue = [box("tube", 1000, 100, 100), box("cube", 400, 400, 400)]

    assert lower_bound([long, cube], catalogue) == 2
    assert lower_bound([long, long], catalogue) == 2  # two 90 mm rods do not share a 100 mm tube
    assert lower_bound([cube, cube], catalogue) == 1
    suggestion = suggest_boxes([long, cube], catalogue)
    assert suggestion.box_count == 2 == suggestion.lower_bound


def test_item_ids_must_be_unique():
    item = Item("same", 100, Dimensions(10, 10, 10))

    with pytest.raises(PlanningError):
        suggest_boxes([item, item], [box("only", 100, 100, 100)])
