import datetime as dt

import pytest

from saleor_oms_plugin.promising.errors import PromiseInputError, PromiseInputErrorCode
from saleor_oms_plugin.promising.methods import (
    MethodRefusal,
    ShippingMethodOption,
    promise_days,
    shipping_methods_check,
)
from saleor_oms_plugin.promising.model import PlannedShipment

from .worlds import EXPRESS_SATURDAY, GROUND, line, request

FAR = PlannedShipment("DAL", (line("l2", "V2"),), 1800.0)  # Ground: 2 to 4 days


def test_methods_the_cart_can_make_are_kept_and_the_others_say_why():
    verdicts = shipping_methods_check(
        request(FAR),  # ordered Wednesday: Dallas ships Thursday (past its noon cut-off)
        [
            ShippingMethodOption("standard", GROUND, max_days=7),
            ShippingMethodOption("two-day", GROUND, max_days=2),
            ShippingMethodOption("next-day", EXPRESS_SATURDAY, max_days=2),
            ShippingMethodOption("economy", GROUND),
        ],
    )

    assert [(v.method_id, v.honoured, v.cause) for v in verdicts] == [
        ("standard", True, None),
        ("two-day", False, MethodRefusal.LATE),
        ("next-day", True, None),
        ("economy", True, None),
    ]
    assert verdicts[1].reason == (
        "Cannot arrive within 2 days: delivery by Wednesday 9 Dec at the latest"
    )
    assert verdicts[2].promise.delivery.latest == dt.date(2026, 12, 4)


def test_days_are_counted_from_the_order_date_in_the_stores_time_zone():
    # 12:50 on Wednesday in Los Angeles is 05:50 on Thursday in Tokyo: Friday is one day away.
    option = ShippingMethodOption("next-day", EXPRESS_SATURDAY, max_days=1)

    (pacific,) = shipping_methods_check(request(FAR), [option], timezone="America/Los_Angeles")
    (tokyo,) = shipping_methods_check(request(FAR), [option], timezone="Asia/Tokyo")

    assert pacific.promise.delivery.latest == dt.date(2026, 12, 4)
    assert not pacific.honoured
    assert tokyo.honoured


def test_out_of_range_and_out_of_stock_carts_are_refused_with_their_cause():
    too_far = PlannedShipment("DAL", (line("l2", "V2"),), 2500.0)
    not_stocked = PlannedShipment("DAL", (line("l1", "V1"),), 100.0)
    option = ShippingMethodOption("standard", GROUND, max_days=10)

    (far,) = shipping_methods_check(request(too_far), [option])
    (short,) = shipping_methods_check(request(not_stocked), [option])
    (empty,) = shipping_methods_check(request(), [option])

    assert (far.cause, far.reason) == (MethodRefusal.OUT_OF_RANGE, "Ground does not deliver here")
    assert (short.cause, short.reason) == (
        MethodRefusal.NOT_IN_STOCK,
        "Not every item in the cart is in stock",
    )
    assert empty.cause == MethodRefusal.NOTHING_TO_SHIP


def test_bad_method_inputs_are_refused_with_a_code():
    with pytest.raises(PromiseInputError) as days:
        ShippingMethodOption("x", GROUND, max_days=-1)
    with pytest.raises(PromiseInputError) as zone:
        shipping_methods_check(request(FAR), [], timezone="Nowhere/Else")

    assert days.value.code == PromiseInputErrorCode.INVALID_PROMISE_DAYS
    assert zone.value.code == PromiseInputErrorCode.UNKNOWN_TIMEZONE


def test_a_promise_reads_as_saleors_minimum_and_maximum_delivery_days():
    (standard,) = shipping_methods_check(request(FAR), [ShippingMethodOption("s", GROUND)])
    (short,) = shipping_methods_check(
        request(PlannedShipment("DAL", (line("l1", "V1"),), 100.0)),
        [ShippingMethodOption("s", GROUND)],
    )

    # Ordered Wednesday 2 Dec; Ground delivers Monday 7 to Wednesday 9 Dec.
    assert promise_days(standard.promise, timezone="America/Chicago") == (5, 7)
    assert promise_days(short.promise) is None


def test_a_one_day_promise_is_worded_in_the_singular():
    option = ShippingMethodOption("next-day", GROUND, max_days=1)
    (verdict,) = shipping_methods_check(request(FAR), [option])
    assert verdict.reason is not None
    assert verdict.reason.startswith("Cannot arrive within 1 day: delivery by ")
