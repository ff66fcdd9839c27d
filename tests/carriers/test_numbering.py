"""Tracking numbers we make: prefix, 8-digit serial, Luhn check digit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.carriers.errors import CarrierError
from saleor_oms_plugin.carriers.numbering import (
    check_digit,
    tracking_number_make,
    tracking_number_valid,
)


def test_the_check_digit_is_luhns():
    assert check_digit("7992739871") == 3  # the textbook example
    assert tracking_number_make("OF", 12345678) == "OF123456782"


@given(serial=st.integers(0, 10**8 - 1), position=st.integers(0, 7), digit=st.integers(0, 9))
def test_a_single_mistyped_digit_is_caught(serial, position, digit):
    number = tracking_number_make("OF", serial)
    digits = list(number[2:])
    if digits[position] == str(digit):
        return
    digits[position] = str(digit)

    assert tracking_number_valid(number, "OF")
    assert not tracking_number_valid("OF" + "".join(digits), "OF")


@pytest.mark.parametrize(
    "number", ["", "OF", "OF12345678", "XX123456782", "OF12345678x", "OF1234567822"]
)
def test_malformed_numbers_are_not_valid(number):
    assert not tracking_number_valid(number, "OF")


@pytest.mark.parametrize(
    ("prefix", "serial"), [("of", 1), ("TOOLONGX", 1), ("", 1), ("OF", -1), ("OF", 10**8)]
)
def test_a_bad_prefix_or_serial_is_refused(prefix, serial):
    with pytest.raises(CarrierError):
        tracking_number_make(prefix, serial)
