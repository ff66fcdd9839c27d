"""Delivery service settings are checked as a whole; each refusal names its field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.service_document import (
    holidays_clean,
    rate_for,
    rates_clean,
    rates_parse,
    transit_bands_clean,
    weekdays_clean,
)

BANDS = [{"upToKm": 500, "minDays": 1, "maxDays": 2}, {"upToKm": None, "minDays": 3, "maxDays": 5}]


def test_bands_going_outwards_with_an_open_end_are_kept():
    assert transit_bands_clean(BANDS) == BANDS


@pytest.mark.parametrize(
    "bands",
    [
        [],
        "500km",
        [{"upToKm": None, "minDays": 1, "maxDays": 2}, {"upToKm": 900, "minDays": 1, "maxDays": 2}],
        [{"upToKm": 500, "minDays": 1, "maxDays": 2}, {"upToKm": 400, "minDays": 1, "maxDays": 2}],
        [{"upToKm": 500, "minDays": 3, "maxDays": 2}],
        [{"upToKm": 500, "minDays": -1, "maxDays": 2}],
        [{"upToKm": 500, "minDays": True, "maxDays": 2}],
        [{"upToKm": "far", "minDays": 1, "maxDays": 2}],
        [{"upToKm": 500, "minDays": 1, "maxDays": 99}],
    ],
)
def test_bad_bands_are_refused_naming_the_field(bands):
    with pytest.raises(DeliveryError) as refused:
        transit_bands_clean(bands)
    assert refused.value.field == "transitBands"


def test_rates_pick_the_first_band_of_the_currency_that_takes_the_weight():
    rates = rates_parse(
        rates_clean(
            [
                {"currency": "usd", "upToKg": 1, "amount": "5"},
                {"currency": "USD", "upToKg": 5, "amount": "8.50"},
                {"currency": "EUR", "upToKg": None, "amount": "9"},
            ]
        )
    )
    assert rate_for(rates, currency="USD", weight_kg=0.5) == Decimal("5")
    assert rate_for(rates, currency="USD", weight_kg=1.0) == Decimal("5")
    assert rate_for(rates, currency="USD", weight_kg=3) == Decimal("8.50")
    assert rate_for(rates, currency="USD", weight_kg=6) is None  # too heavy: not offered
    assert rate_for(rates, currency="EUR", weight_kg=60) == Decimal("9")
    assert rate_for(rates, currency="PLN", weight_kg=1) is None


@pytest.mark.parametrize(
    "rates",
    [
        [],
        [{"currency": "US", "upToKg": 1, "amount": "5"}],
        [{"currency": "USD", "upToKg": 1, "amount": "five"}],
        [{"currency": "USD", "upToKg": 1, "amount": "-1"}],
        [{"currency": "USD", "upToKg": 1, "amount": "NaN"}],
        [{"currency": "USD", "upToKg": 0, "amount": "1"}],
        [
            {"currency": "USD", "upToKg": 2, "amount": "1"},
            {"currency": "USD", "upToKg": 1, "amount": "1"},
        ],
        [
            {"currency": "USD", "upToKg": None, "amount": "1"},
            {"currency": "USD", "upToKg": 9, "amount": "1"},
        ],
    ],
)
def test_bad_rates_are_refused(rates):
    with pytest.raises(DeliveryError) as refused:
        rates_clean(rates)
    assert refused.value.field == "rates"


def test_weekdays_and_holidays_are_normalised_or_refused():
    assert weekdays_clean([4, 0, 4], field="w") == [0, 4]
    assert holidays_clean(["2026-12-25", "2026-01-01", "2026-12-25"], field="h") == [
        "2026-01-01",
        "2026-12-25",
    ]
    for bad in ([], [7], [True], "mon"):
        with pytest.raises(DeliveryError):
            weekdays_clean(bad, field="w")
    with pytest.raises(DeliveryError, match="not a date"):
        holidays_clean(["25/12/2026"], field="h")
