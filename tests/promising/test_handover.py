"""Ship dates and deadlines on worked examples, including the nights the clocks change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from saleor_oms_plugin.promising.errors import PromiseInputError, PromiseInputErrorCode
from saleor_oms_plugin.promising.handover import hand_over
from saleor_oms_plugin.promising.model import (
    Calendar,
    Countdown,
    Handling,
    HandlingUnit,
    LocationProfile,
)

LA = ZoneInfo("America/Los_Angeles")
WARSAW = ZoneInfo("Europe/Warsaw")
EVERY_DAY = Calendar(frozenset(range(7)))
CHRISTMAS = Calendar(holidays=frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25)}))


def _la(**overrides) -> LocationProfile:
    values = {"cutoff": dt.time(14), "calendar": Calendar()} | overrides
    return LocationProfile("LA", "Los Angeles", "America/Los_Angeles", **values)


def _at(tz: ZoneInfo, *args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz, fold=fold).astimezone(dt.UTC)


def test_an_order_before_the_cutoff_ships_the_same_day_and_after_it_the_next_working_day():
    profile = _la()

    before = hand_over(profile, _at(LA, 2026, 12, 4, 13, 59))  # Friday
    after = hand_over(profile, _at(LA, 2026, 12, 4, 14, 0))

    assert before.ship_date == dt.date(2026, 12, 4)
    assert before.order_by == _at(LA, 2026, 12, 4, 14, 0)
    assert after.ship_date == dt.date(2026, 12, 7)  # Monday
    assert after.order_by == _at(LA, 2026, 12, 7, 14, 0)


def test_holidays_and_handling_days_push_the_ship_date():
    profile = _la(calendar=CHRISTMAS, handling=Handling(1))

    handover = hand_over(profile, _at(LA, 2026, 12, 23, 10))  # Wednesday, before the cut-off

    assert handover.ship_date == dt.date(2026, 12, 28)  # one working day after Wednesday


def test_the_cutoff_is_judged_in_the_locations_time_zone_not_the_customers():
    profile = _la()
    # 23:00 in Warsaw is 14:00 in Los Angeles: just past the cut-off there.
    handover = hand_over(profile, _at(WARSAW, 2026, 12, 2, 23, 0))

    assert handover.ship_date == dt.date(2026, 12, 3)


def test_without_a_cutoff_an_order_counts_until_midnight():
    profile = _la(cutoff=None)

    handover = hand_over(profile, _at(LA, 2026, 12, 2, 23, 59))

    assert handover.ship_date == dt.date(2026, 12, 2)
    assert handover.order_by == _at(LA, 2026, 12, 3, 0, 0)


def test_handling_hours_must_be_done_by_the_cutoff():
    profile = _la(cutoff=dt.time(17), handling=Handling(4, HandlingUnit.HOURS))

    in_time = hand_over(profile, _at(LA, 2026, 12, 2, 12, 59))
    too_late = hand_over(profile, _at(LA, 2026, 12, 2, 13, 0))
    weekend = hand_over(profile, _at(LA, 2026, 12, 5, 10, 0))  # Saturday

    assert in_time.ship_date == dt.date(2026, 12, 2)
    assert in_time.order_by == _at(LA, 2026, 12, 2, 13, 0)
    assert too_late.ship_date == dt.date(2026, 12, 3)
    # On a closed day the clock starts at midnight of the next working day.
    assert weekend.ship_date == dt.date(2026, 12, 7)
    assert weekend.order_by == _at(LA, 2026, 12, 7, 13, 0)


def test_a_deadline_on_a_closed_day_is_the_start_of_the_weekend():
    # 30 hours of handling for Monday's 17:00 cut-off would mean ordering on Sunday 11:00, but
    # Sunday orders start the clock on Monday: the last order that makes it is Friday's.
    profile = _la(cutoff=dt.time(17), handling=Handling(30, HandlingUnit.HOURS))

    handover = hand_over(profile, _at(LA, 2026, 12, 4, 9, 0))  # Friday: ready Saturday 15:00

    assert handover.ship_date == dt.date(2026, 12, 7)
    assert handover.order_by == _at(LA, 2026, 12, 5, 0, 0)


# ------------------------------------------------------------------------------ DST


def test_the_countdown_is_real_time_on_the_night_los_angeles_springs_forward():
    profile = _la(cutoff=dt.time(12), calendar=EVERY_DAY)
    order_time = _at(LA, 2026, 3, 8, 0, 30)  # PST; at 02:00 the clocks jump to 03:00 PDT

    handover = hand_over(profile, order_time)

    assert handover.ship_date == dt.date(2026, 3, 8)
    assert Countdown.between(order_time, handover.order_by) == Countdown(10, 30)


def test_the_countdown_is_real_time_on_the_night_los_angeles_falls_back():
    profile = _la(cutoff=dt.time(12), calendar=EVERY_DAY)
    order_time = _at(LA, 2026, 11, 1, 0, 30)  # PDT; at 02:00 the clocks go back to 01:00 PST

    handover = hand_over(profile, order_time)

    assert Countdown.between(order_time, handover.order_by) == Countdown(12, 30)


def test_a_cutoff_in_the_repeated_hour_passes_the_first_time_the_clock_shows_it():
    profile = _la(cutoff=dt.time(1, 30), calendar=EVERY_DAY)

    first_pass = hand_over(profile, _at(LA, 2026, 11, 1, 1, 40))  # PDT
    second_pass = hand_over(profile, _at(LA, 2026, 11, 1, 1, 10, fold=1))  # PST, an hour later

    assert first_pass.ship_date == dt.date(2026, 11, 2)
    assert second_pass.ship_date == dt.date(2026, 11, 2)  # not back to the 1st


def test_a_cutoff_in_the_skipped_hour_passes_at_the_same_time_on_the_new_offset():
    profile = _la(cutoff=dt.time(2, 30), calendar=EVERY_DAY)  # 02:30 never shows on 8 March

    before = hand_over(profile, _at(LA, 2026, 3, 8, 1, 20))  # PST
    after = hand_over(profile, _at(LA, 2026, 3, 8, 1, 40))  # PST, = 02:40 PDT

    assert before.ship_date == dt.date(2026, 3, 8)
    assert before.order_by == dt.datetime(2026, 3, 8, 9, 30, tzinfo=dt.UTC)  # 02:30 PDT
    assert after.ship_date == dt.date(2026, 3, 9)


def test_handling_hours_count_real_hours_across_the_spring_change():
    profile = _la(cutoff=dt.time(9), calendar=EVERY_DAY, handling=Handling(12, HandlingUnit.HOURS))

    # Saturday 20:00 PST + 12 h = Sunday 09:00 PDT (not 08:00): exactly at the cut-off, too late.
    handover = hand_over(profile, _at(LA, 2026, 3, 7, 20, 0))

    assert handover.ship_date == dt.date(2026, 3, 9)


def test_warsaw_spring_forward_and_fall_back():
    profile = LocationProfile("WAW", "Warsaw", "Europe/Warsaw", EVERY_DAY, cutoff=dt.time(15, 0))
    spring_order = _at(WARSAW, 2026, 3, 29, 1, 0)  # CET; at 02:00 the clocks jump to 03:00 CEST
    autumn_order = _at(WARSAW, 2026, 10, 25, 1, 0)  # CEST; at 03:00 they go back to 02:00 CET
    late = LocationProfile("WAW", "Warsaw", "Europe/Warsaw", EVERY_DAY, cutoff=dt.time(2, 30))

    spring = hand_over(profile, spring_order)
    autumn = hand_over(profile, autumn_order)

    assert spring.ship_date == dt.date(2026, 3, 29)
    assert Countdown.between(spring_order, spring.order_by) == Countdown(13, 0)
    assert autumn.ship_date == dt.date(2026, 10, 25)
    assert Countdown.between(autumn_order, autumn.order_by) == Countdown(15, 0)
    # 02:40 CET comes after 02:30 CEST: the cut-off (02:30, shown twice) passed an hour ago.
    assert hand_over(late, _at(WARSAW, 2026, 10, 25, 2, 40, fold=1)).ship_date == dt.date(
        2026, 10, 26
    )


# ------------------------------------------------------------------------------ inputs


def test_bad_location_inputs_are_refused_with_a_code():
    with pytest.raises(PromiseInputError) as zone:
        LocationProfile("X", "X", "Mars/Olympus_Mons")
    with pytest.raises(PromiseInputError) as handling:
        Handling(-1)

    assert zone.value.code == PromiseInputErrorCode.UNKNOWN_TIMEZONE
    assert handling.value.code == PromiseInputErrorCode.INVALID_HANDLING
