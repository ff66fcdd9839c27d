"""Sales velocity and days of cover: plain functions, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from saleor_oms_plugin.replenishment.alerts import wanted_kinds
from saleor_oms_plugin.replenishment.policy import Policy
from saleor_oms_plugin.replenishment.refresh import sold_units
from saleor_oms_plugin.replenishment.selectors import suggested_quantity
from saleor_oms_plugin.replenishment.velocity import (
    DECAY,
    HALF_LIFE_DAYS,
    Velocity,
    advance,
    days_of_cover,
    record_sale,
    run_out_date,
    units_per_day,
)

MONDAY = date(2026, 11, 2)


def _sell(daily: list[int], start: date = MONDAY) -> Velocity:
    state = Velocity.start(start)
    for offset, units in enumerate(daily):
        state = record_sale(state, day=start + timedelta(days=offset), units=units)
    return state


def test_a_steady_seller_has_its_daily_rate_as_velocity():
    state = _sell([10] * 30)
    assert units_per_day(state, MONDAY + timedelta(days=30)) == pytest.approx(10)


def test_the_open_day_does_not_count_until_it_is_over():
    state = _sell([4])
    # on the day itself nothing is known yet
    assert units_per_day(state, MONDAY) is None
    # the day after, one day of 4 units has been observed (no start-up bias towards 0)
    assert units_per_day(state, MONDAY + timedelta(days=1)) == pytest.approx(4)


def test_a_day_weighs_half_as_much_one_half_life_later():
    assert DECAY**HALF_LIFE_DAYS == pytest.approx(0.5)
    # 7 days of 10, then 7 days of nothing: the old days weigh half of the new ones
    state = _sell([10] * 7 + [0] * 7)
    recent_weight = sum(DECAY**i for i in range(7))
    old_weight = sum(DECAY**i for i in range(7, 14))
    expected = 10 * old_weight / (recent_weight + old_weight)
    assert units_per_day(state, MONDAY + timedelta(days=14)) == pytest.approx(expected)
    assert old_weight / recent_weight == pytest.approx(0.5)


def test_days_without_any_movement_decay_like_recorded_empty_days():
    # a gap of quiet days folded at once equals the same days folded one by one
    sparse = _sell([6])
    dense = _sell([6, 0, 0, 0, 0, 0])
    later = MONDAY + timedelta(days=6)
    a, b = advance(sparse, later), advance(dense, later)
    assert (a.ew_units, a.ew_days) == pytest.approx((b.ew_units, b.ew_days))
    assert a.bucket_day == b.bucket_day == later
    # one sale six days ago, weighted like every other day since
    assert units_per_day(sparse, later) == pytest.approx(
        6 * DECAY**5 / sum(DECAY**i for i in range(6))
    )


def test_a_late_movement_counts_in_the_open_day():
    state = record_sale(_sell([2, 2]), day=MONDAY, units=3)
    assert state.bucket_day == MONDAY + timedelta(days=1)
    assert state.bucket_units == 5


def test_days_of_cover_and_run_out_date():
    assert days_of_cover(30, 4.0) == pytest.approx(7.5)
    assert days_of_cover(0, 4.0) == 0
    assert days_of_cover(30, 0.0) is None
    assert days_of_cover(30, None) is None
    assert run_out_date(MONDAY, 7.5) == MONDAY + timedelta(days=7)
    assert run_out_date(MONDAY, None) is None


@pytest.mark.parametrize(
    ("reason", "on_hand", "allocated", "sold"),
    [
        ("FULFILMENT", -3, 0, 3),
        ("SALEOR_SYNC", -2, -2, 2),  # Saleor shipped allocated units
        ("SALEOR_SYNC", -5, -2, 2),  # and someone also counted 3 fewer
        ("SALEOR_SYNC", -4, 0, 0),  # a stock count, not a sale
        ("SALEOR_SYNC", 0, -1, 0),  # a cancelled order freed its allocation
        ("MANUAL_ADJUSTMENT", -4, 0, 0),
        ("RESERVATION_RELEASE", 0, 0, 0),
    ],
)
def test_which_movements_are_sales(reason, on_hand, allocated, sold):
    assert sold_units(reason, on_hand, allocated) == sold


POLICY = Policy(reorder_point=5, target_level=20, lead_time_days=10)


@pytest.mark.parametrize(
    ("available", "cover", "kinds"),
    [
        (12, None, set()),
        (12, 30.0, set()),
        (12, 9.5, {"RUN_OUT_BEFORE_RESTOCK"}),
        (5, None, {"LOW_STOCK"}),
        (3, 2.0, {"LOW_STOCK", "RUN_OUT_BEFORE_RESTOCK"}),
        (0, 0.0, {"LOW_STOCK", "OUT_OF_STOCK"}),
    ],
)
def test_which_alerts_a_stock_deserves(available, cover, kinds):
    assert wanted_kinds(available=available, policy=POLICY, cover=cover) == kinds


def test_an_untracked_stock_deserves_no_alert():
    assert wanted_kinds(available=0, policy=None, cover=0.0) == set()


@pytest.mark.parametrize(
    ("available", "inbound", "target", "quantity"),
    [(3, 0, 20, 17), (3, 10, 20, 7), (3, 30, 20, 0), (0, 0, 0, 0)],
)
def test_a_suggestion_tops_up_to_the_target_counting_what_is_on_its_way(
    available, inbound, target, quantity
):
    assert suggested_quantity(available=available, inbound=inbound, target_level=target) == quantity
