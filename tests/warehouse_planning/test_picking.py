"""Pick lists: invariants on random layouts and waves (hypothesis), and chosen cases."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.warehouse_planning.errors import LayoutInvalid, PickInputInvalid
from saleor_oms_plugin.warehouse_planning.layout import Bin, Layout
from saleor_oms_plugin.warehouse_planning.picking import (
    OrderLine,
    PickOrder,
    PickPlan,
    PickStrategy,
    plan_batches,
    plan_discrete,
    plan_zones,
)

SKUS = tuple(f"SKU-{n}" for n in range(12))


@st.composite
def warehouses(draw: st.DrawFn) -> tuple[Layout, dict[str, str]]:
    count = draw(st.integers(min_value=1, max_value=15))
    sequences = draw(st.permutations(range(count)))
    coordinate = st.floats(min_value=0, max_value=100, allow_nan=False)
    layout = Layout.of(
        Bin(f"B{n}", draw(st.sampled_from("AB")), sequences[n], draw(coordinate), draw(coordinate))
        for n in range(count)
    )
    bins = sorted(layout.bins)
    return layout, {sku: draw(st.sampled_from(bins)) for sku in SKUS}


@st.composite
def waves(draw: st.DrawFn) -> list[PickOrder]:
    count = draw(st.integers(min_value=0, max_value=30))
    line = st.builds(OrderLine, st.sampled_from(SKUS), st.integers(min_value=1, max_value=5))
    return [
        PickOrder(f"O{n}", tuple(draw(st.lists(line, min_size=1, max_size=5))))
        for n in range(count)
    ]


def ordered_units(orders: list[PickOrder]) -> Counter:
    units: Counter = Counter()
    for order in orders:
        for line in order.lines:
            units[(order.order_id, line.sku)] += line.quantity
    return units


def assert_plan_valid(orders, plan: PickPlan, layout: Layout, slotting, strategy, totes):
    picked: Counter = Counter()
    lists_of_order: Counter = Counter()
    for pick_list in plan.pick_lists:
        assert pick_list.strategy is strategy
        assert 1 <= len(pick_list.order_ids) <= totes
        lists_of_order.update(pick_list.order_ids)
        sequences = [line.sequence for line in pick_list.lines]
        assert sequences == sorted(sequences), "lines follow the walking sequence"
        for line in pick_list.lines:
            assert slotting[line.sku] == line.bin_id
            assert layout.bins[line.bin_id].sequence == line.sequence
            assert layout.bins[line.bin_id].zone == line.zone
            assert line.quantity == sum(s.quantity for s in line.splits)
            for split in line.splits:
                assert pick_list.order_ids[split.tote - 1] == split.order_id
                picked[(split.order_id, line.sku)] += split.quantity
    assert picked == ordered_units(orders), "every unit on exactly one pick list"
    assert lists_of_order == Counter(o.order_id for o in orders), "every order on one list"


@settings(max_examples=200, deadline=None)
@given(warehouse=warehouses(), orders=waves(), totes=st.integers(min_value=1, max_value=8))
def test_batches_put_every_unit_on_one_list_in_walking_sequence(warehouse, orders, totes):
    layout, slotting = warehouse

    plan = plan_batches(orders, layout, slotting, totes=totes)

    assert_plan_valid(orders, plan, layout, slotting, PickStrategy.BATCH, totes)


@settings(max_examples=100, deadline=None)
@given(warehouse=warehouses(), orders=waves())
def test_discrete_lists_are_one_order_each_in_walking_sequence(warehouse, orders):
    layout, slotting = warehouse

    plan = plan_discrete(orders, layout, slotting)

    assert_plan_valid(orders, plan, layout, slotting, PickStrategy.DISCRETE, 1)
    assert [p.order_ids for p in plan.pick_lists] == [(o.order_id,) for o in orders]


def aisle() -> Layout:
    # Five bins along one aisle, walked from the depot outwards.
    return Layout.of(Bin(f"B{n}", "A", n, 0.0, float(n + 1)) for n in range(5))


def test_a_batch_totals_each_sku_and_splits_it_per_tote():
    slotting = {"red": "B3", "blue": "B1"}
    orders = [
        PickOrder("O1", (OrderLine("red", 2), OrderLine("blue", 1), OrderLine("red", 1))),
        PickOrder("O2", (OrderLine("red", 4),)),
    ]

    (pick_list,) = plan_batches(orders, aisle(), slotting, totes=10).pick_lists

    assert [(line.bin_id, line.sku, line.quantity) for line in pick_list.lines] == [
        ("B1", "blue", 1),
        ("B3", "red", 7),
    ]
    red = pick_list.lines[1]
    assert {(s.order_id, s.quantity) for s in red.splits} == {("O1", 3), ("O2", 4)}


def test_walking_distance_is_manhattan_from_the_depot_and_back():
    layout = Layout.of([Bin("near", "A", 0, 3.0, 4.0), Bin("far", "A", 1, 3.0, 10.0)])

    assert layout.walk_distance(["near", "far"]) == 7.0 + 6.0 + 13.0
    assert layout.walk_distance([]) == 0.0


def test_batching_walks_less_than_discrete_picking():
    slotting = {"far": "B4"}
    orders = [PickOrder(f"O{n}", (OrderLine("far", 1),)) for n in range(4)]
    layout = aisle()

    batch = plan_batches(orders, layout, slotting, totes=4).walk_distance(layout)
    discrete = plan_discrete(orders, layout, slotting).walk_distance(layout)

    assert (batch, discrete) == (10.0, 40.0)


def test_layouts_refuse_duplicate_bins_and_sequence_numbers():
    with pytest.raises(LayoutInvalid):
        Layout.of([Bin("B1", "A", 0, 0, 0), Bin("B1", "A", 1, 0, 0)])
    with pytest.raises(LayoutInvalid):
        Layout.of([Bin("B1", "A", 0, 0, 0), Bin("B2", "A", 0, 0, 0)])


@pytest.mark.parametrize(
    ("orders", "slotting"),
    [
        ([PickOrder("O1", (OrderLine("red", 1),))], {}),
        ([PickOrder("O1", (OrderLine("red", 1),))], {"red": "nowhere"}),
        ([PickOrder("O1", (OrderLine("red", 0),))], {"red": "B1"}),
        ([PickOrder("O1", ()), PickOrder("O1", ())], {}),
    ],
    ids=["unslotted", "unknown-bin", "zero-quantity", "duplicate-order"],
)
def test_orders_that_cannot_be_picked_are_refused(orders, slotting):
    for plan in (plan_discrete, plan_batches, plan_zones):
        with pytest.raises(PickInputInvalid):
            plan(orders, aisle(), slotting)


@settings(max_examples=200, deadline=None)
@given(warehouse=warehouses(), orders=waves(), totes=st.integers(min_value=1, max_value=8))
def test_zone_lists_hold_one_zone_each_and_every_unit_once(warehouse, orders, totes):
    layout, slotting = warehouse

    plan = plan_zones(orders, layout, slotting, totes=totes)

    picked: Counter = Counter()
    for pick_list in plan.pick_lists:
        assert pick_list.strategy is PickStrategy.ZONE
        assert 1 <= len(pick_list.order_ids) <= totes
        assert len({line.zone for line in pick_list.lines}) == 1, "one zone per list"
        sequences = [line.sequence for line in pick_list.lines]
        assert sequences == sorted(sequences)
        for line in pick_list.lines:
            assert slotting[line.sku] == line.bin_id
            assert line.quantity == sum(s.quantity for s in line.splits)
            for split in line.splits:
                assert pick_list.order_ids[split.tote - 1] == split.order_id
                picked[(split.order_id, line.sku)] += split.quantity
    assert picked == ordered_units(orders), "every unit on exactly one pick list"
    zones_of_order = Counter(o for p in plan.pick_lists for o in p.order_ids)
    for order in orders:
        zones = {layout.bins[slotting[line.sku]].zone for line in order.lines}
        assert zones_of_order[order.order_id] == len(zones), "one list per zone of the order"


def test_zone_picking_splits_an_order_over_its_zones():
    layout = Layout.of(
        [Bin("A1", "A", 0, 0.0, 1.0), Bin("B1", "B", 1, 5.0, 1.0), Bin("A2", "A", 2, 0.0, 3.0)]
    )
    slotting = {"red": "A1", "blue": "B1", "green": "A2"}
    orders = [
        PickOrder("O1", (OrderLine("red", 1), OrderLine("blue", 2))),
        PickOrder("O2", (OrderLine("green", 1),)),
    ]

    plan = plan_zones(orders, layout, slotting, totes=5)

    assert [
        (p.order_ids, [(line.bin_id, line.quantity) for line in p.lines]) for p in plan.pick_lists
    ] == [
        (("O1", "O2"), [("A1", 1), ("A2", 1)]),
        (("O1",), [("B1", 2)]),
    ]
