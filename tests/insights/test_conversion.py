"""Conversion into the reporting currency: each day at its own rate, rounded once, and never a
sum of amounts of different currencies left unconverted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.insights.conversion import (
    DayAmounts,
    Rate,
    RateTable,
    convert,
    minor_unit,
)

D1, D2, D3 = date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)


def _day(day, currency, gross):
    return DayAmounts(day, currency, {"gross_total": Decimal(gross)})


def test_each_day_is_converted_at_the_rate_valid_that_day():
    table = RateTable("EUR", [Rate("USD", D1, Decimal("0.9")), Rate("USD", D3, Decimal("0.5"))])
    days = [
        _day(D1, "USD", "10"),
        _day(D2, "USD", "10"),
        _day(D3, "USD", "10"),
        _day(D2, "EUR", "1"),
    ]

    converted = convert(days, table, ["gross_total"])

    # 9 + 9 (the rate of D1 still holds on D2) + 5 + 1 EUR as it is
    assert converted.totals == {"gross_total": Decimal("24.00")}
    assert converted.included == {"USD", "EUR"} and not converted.unconverted


def test_a_currency_without_a_rate_on_some_day_is_left_out_and_named():
    table = RateTable("EUR", [Rate("USD", D2, Decimal("0.9"))])
    days = [
        _day(D1, "USD", "10"),
        _day(D2, "USD", "10"),
        _day(D2, "EUR", "3"),
        _day(D1, "GBP", "7"),
    ]

    converted = convert(days, table, ["gross_total"])

    assert converted.totals == {"gross_total": Decimal("3.00")}
    assert converted.unconverted == {"USD", "GBP"}


def test_rounded_once_at_the_end_to_the_minor_unit():
    # 0.333… per day would round to 0.33 each day (0.99); summed exactly it is 1.00
    table = RateTable("EUR", [Rate("USD", D1, Decimal("0.3333333333"))])
    days = [_day(day, "USD", "1.0001") for day in (D1, D2, D3)]
    assert convert(days, table, ["gross_total"]).totals["gross_total"] == Decimal("1.00")
    assert minor_unit("JPY") == Decimal(1) and minor_unit("KWD") == Decimal("0.001")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["USD", "EUR", "GBP"]),
            st.integers(min_value=1, max_value=1_000_000),
        ),
        min_size=1,
        max_size=10,
    )
)
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_never_the_plain_sum_of_different_currencies(amounts):
    """With every foreign rate at 2, the converted total is the reporting currency's own
    amounts plus twice the others': a plain sum across currencies would differ whenever a
    foreign amount is present."""
    table = RateTable("EUR", [Rate("USD", D1, Decimal(2)), Rate("GBP", D1, Decimal(2))])
    amounts = [(currency, Decimal(cents) / 100) for currency, cents in amounts]
    days = [_day(D1, currency, amount) for currency, amount in amounts]

    total = convert(days, table, ["gross_total"]).totals["gross_total"]

    own = sum((a for c, a in amounts if c == "EUR"), Decimal(0))
    foreign = sum((a for c, a in amounts if c != "EUR"), Decimal(0))
    assert total == own + 2 * foreign
    if foreign:
        assert total != own + foreign
