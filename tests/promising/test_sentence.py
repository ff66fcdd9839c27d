import datetime as dt

import pytest

from saleor_oms_plugin.promising.model import (
    Countdown,
    DeliveryWindow,
    OrderPromise,
    ShipmentPromise,
)
from saleor_oms_plugin.promising.sentence import (
    PromiseParts,
    english_date,
    english_sentence,
    promise_parts,
)

THURSDAY = dt.date(2026, 12, 3)
NOW = dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC)


def _promise(order_by: dt.datetime) -> OrderPromise:
    shipment = ShipmentPromise(
        "LA",
        "Los Angeles",
        ("l1",),
        dt.date(2026, 12, 2),
        order_by,
        Countdown.between(NOW, order_by),
        DeliveryWindow(THURSDAY, THURSDAY),
    )
    return OrderPromise(NOW, "ground", (shipment,))


@pytest.mark.parametrize(
    ("countdown", "expected"),
    [
        (Countdown(2, 10), "Order within 2 h 10 min, get it Thursday 3 Dec from Los Angeles"),
        (Countdown(2, 0), "Order within 2 h, get it Thursday 3 Dec from Los Angeles"),
        (Countdown(0, 45), "Order within 45 min, get it Thursday 3 Dec from Los Angeles"),
        (None, "Get it Thursday 3 Dec from Los Angeles"),
    ],
)
def test_the_countdown_is_worded_in_hours_and_minutes(countdown, expected):
    parts = PromiseParts(countdown, THURSDAY, THURSDAY, ("Los Angeles",), pickup=False)

    assert english_sentence(parts) == expected


def test_a_window_and_several_places_read_as_a_list():
    parts = PromiseParts(
        None, THURSDAY, dt.date(2027, 1, 4), ("Los Angeles", "Dallas", "Reno"), pickup=False
    )

    assert english_sentence(parts) == (
        "Get it between Thursday 3 Dec and Monday 4 Jan from Los Angeles, Dallas and Reno"
    )


def test_dates_are_worded_without_the_process_locale():
    assert english_date(dt.date(2026, 5, 31)) == "Sunday 31 May"


def test_a_countdown_longer_than_a_day_or_under_a_minute_is_left_out():
    far = promise_parts(_promise(NOW + dt.timedelta(hours=30)))
    near = promise_parts(_promise(NOW + dt.timedelta(seconds=50)))
    shown = promise_parts(_promise(NOW + dt.timedelta(hours=30)), countdown_limit=dt.timedelta(2))

    assert far is not None and far.countdown is None
    assert near is not None and near.countdown is None
    assert shown is not None and shown.countdown == Countdown(30, 0)
