import datetime as dt

import pytest

from saleor_oms_plugin.promising.calendars import calendar_index, calendars_warm
from saleor_oms_plugin.promising.errors import PromiseInputError, PromiseInputErrorCode
from saleor_oms_plugin.promising.model import Calendar

CHRISTMAS = frozenset({dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2027, 1, 1)})


def test_next_open_day_skips_weekends_and_holidays():
    index = calendar_index(Calendar(holidays=CHRISTMAS))

    assert index.next_open(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)  # a Wednesday
    assert index.next_open(dt.date(2026, 12, 5)) == dt.date(2026, 12, 7)  # Saturday -> Monday
    assert index.next_open(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)


def test_adding_open_days_crosses_the_new_year():
    index = calendar_index(Calendar(holidays=CHRISTMAS))

    assert index.add_open_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)
    assert index.add_open_days(dt.date(2026, 12, 30), 2) == dt.date(2027, 1, 4)
    assert index.add_open_days(dt.date(2026, 12, 26), 0) == dt.date(2026, 12, 28)
    # 258 working days follow 1 Jan 2026 that year (260 weekdays less 24 and 25 Dec); the other
    # 42 run from Monday 4 Jan 2027: eight weeks to Friday 26 Feb, then Monday and Tuesday.
    assert index.add_open_days(dt.date(2026, 1, 1), 300) == dt.date(2027, 3, 2)


def test_a_saturday_delivery_calendar_counts_saturdays():
    index = calendar_index(Calendar(open_weekdays=frozenset(range(6))))

    assert index.add_open_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 5)


def test_the_index_is_built_once_per_calendar():
    assert calendar_index(Calendar(holidays=CHRISTMAS)) is calendar_index(
        Calendar(holidays=CHRISTMAS)
    )


@pytest.mark.parametrize(
    ("weekdays", "code"),
    [
        (frozenset(), PromiseInputErrorCode.NO_OPEN_WEEKDAY),
        (frozenset({7}), PromiseInputErrorCode.INVALID_WEEKDAY),
    ],
)
def test_a_calendar_without_valid_open_weekdays_is_refused(weekdays, code):
    with pytest.raises(PromiseInputError) as error:
        Calendar(open_weekdays=weekdays)

    assert error.value.code == code


def test_a_calendar_closed_for_years_is_refused_with_a_code():
    mondays = frozenset(
        dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(52 * 7)
    )  # every Monday for seven years
    index = calendar_index(Calendar(open_weekdays=frozenset({0}), holidays=mondays))

    with pytest.raises(PromiseInputError) as error:
        index.next_open(dt.date(2026, 1, 1))

    assert error.value.code == PromiseInputErrorCode.CALENDAR_EXHAUSTED


def test_warming_builds_the_years_ahead():
    calendar = Calendar(holidays=frozenset({dt.date(2031, 1, 1)}))

    calendars_warm([calendar], range(2030, 2032))

    assert sorted(calendar_index(calendar)._years) == [2030, 2031]
