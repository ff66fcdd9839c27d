"""Tracking numbers we make ourselves: a prefix, an 8-digit serial and a Luhn check digit, so
any single mistyped digit (and most swaps of two neighbours) is caught when the number is
scanned or typed back. (UPU S10's modulo-11 digit was not taken: its 10 → 0 and 11 → 5 rule
lets some single-digit errors through, e.g. 00000000-5 and 01000000-5.)"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from .errors import CarrierError, CarrierErrorCode

SERIAL_LIMIT = 10**8
PREFIX = re.compile(r"^[A-Z0-9]{1,6}$")


def check_digit(digits: str) -> int:
    """The Luhn digit to append to ``digits``."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def tracking_number_make(prefix: str, serial: int) -> str:
    """``prefix`` + the serial as 8 digits + its check digit, e.g. ``OF123456782``."""
    if not PREFIX.match(prefix):
        raise CarrierError(
            CarrierErrorCode.INVALID_INPUT, "The prefix must be 1 to 6 capital letters or digits."
        )
    if not 0 <= serial < SERIAL_LIMIT:
        raise CarrierError(CarrierErrorCode.INVALID_INPUT, "The serial must have 8 digits.")
    return f"{prefix}{serial:08d}{check_digit(f'{serial:08d}')}"


def tracking_number_valid(number: str, prefix: str) -> bool:
    """Whether ``number`` is one ``tracking_number_make(prefix, …)`` could have made."""
    digits = number[len(prefix) :] if number.startswith(prefix) else ""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    return check_digit(digits[:8]) == int(digits[8])


def random_serials() -> Callable[[], int]:
    """Serials from the operating system's randomness. A deployment that must never repeat
    one passes a database sequence instead (the warehouse domain does)."""
    return lambda: secrets.randbelow(SERIAL_LIMIT)
