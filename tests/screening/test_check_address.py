"""The address check: postal codes against bundled data, house numbers, PO boxes."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.screening.checks.address import check_address
from saleor_oms_plugin.screening.facts import Outcome
from tests.fixtures.screening import address, facts, screening


def _check(ship, **settings):
    return check_address(facts(shipping=ship), screening(**settings))


def test_a_matching_us_address_passes():
    result = _check(address())

    assert (result.outcome, result.code) == (Outcome.PASS, "OK")


def test_a_zip_code_of_another_state_is_a_fix_with_the_state_and_city_of_the_zip():
    result = _check(address(city="LOS ANGELES", country_area="CA"))

    assert (result.outcome, result.code) == (Outcome.FIX, "POSTAL_CODE_STATE_MISMATCH")
    assert result.suggestion == {"countryArea": "NY", "city": "NEW YORK"}


def test_a_city_the_usps_does_not_accept_for_the_zip_is_a_fix_with_its_city():
    result = _check(address(city="BROOKLYN"))

    assert (result.outcome, result.code) == (Outcome.FIX, "POSTAL_CODE_CITY_MISMATCH")
    assert result.suggestion == {"city": "NEW YORK"}


def test_a_state_given_by_name_is_understood():
    assert _check(address(country_area="New York")).outcome == Outcome.PASS


def test_a_zip_code_that_does_not_exist_holds():
    result = _check(address(postal_code="00000"))

    assert (result.outcome, result.code) == (Outcome.HOLD, "POSTAL_CODE_UNKNOWN")


@pytest.mark.parametrize(
    ("country", "postal_code", "city"),
    [("DE", "10115", "Berlin"), ("FR", "75001", "Paris"), ("NL", "1012 AB", "Amsterdam")],
)
def test_eu_postal_codes_of_the_right_shape_pass(country, postal_code, city):
    ship = address(country=country, postal_code=postal_code, city=city, country_area="")

    assert _check(ship).outcome == Outcome.PASS


def test_a_postal_code_that_is_not_one_of_the_country_holds():
    ship = address(country="DE", postal_code="1234", city="Berlin", country_area="")

    result = _check(ship)

    assert (result.outcome, result.code) == (Outcome.HOLD, "POSTAL_CODE_INVALID")


def test_a_postal_code_written_the_wrong_way_is_a_fix_with_its_spelling():
    ship = address(country="NL", postal_code="1012ab", city="Amsterdam", country_area="")

    result = _check(ship)

    assert (result.outcome, result.code) == (Outcome.FIX, "POSTAL_CODE_INVALID")
    assert result.suggestion == {"postalCode": "1012AB"}


def test_a_spanish_postal_code_of_another_province_is_a_fix_with_its_province():
    ship = address(country="ES", postal_code="28001", city="Madrid", country_area="Barcelona")

    result = _check(ship)

    assert (result.outcome, result.code) == (Outcome.FIX, "POSTAL_CODE_STATE_MISMATCH")
    assert result.suggestion == {"countryArea": "M"}


def test_a_spanish_address_in_its_province_passes():
    ship = address(country="ES", postal_code="28001", city="Madrid", country_area="Madrid")

    assert _check(ship).outcome == Outcome.PASS


def test_a_street_without_a_house_number_holds():
    result = _check(address(street1="Main Street"))

    assert (result.outcome, result.code) == (Outcome.HOLD, "ADDRESS_NO_HOUSE_NUMBER")


def test_a_house_number_in_the_second_line_is_a_fix_joining_the_lines():
    result = _check(address(street1="Main Street", street2="12"))

    assert (result.outcome, result.code) == (Outcome.FIX, "ADDRESS_NO_HOUSE_NUMBER")
    assert result.suggestion == {"streetAddress1": "Main Street 12", "streetAddress2": ""}


def test_a_po_box_holds_for_a_carrier_that_refuses_them():
    ship = address(street1="PO Box 123")

    refused = check_address(
        facts(shipping=ship, delivery_method_name="UPS Ground"),
        screening(po_box_refusing_carriers=("UPS",)),
    )
    accepted = check_address(
        facts(shipping=ship, delivery_method_name="USPS Priority"),
        screening(po_box_refusing_carriers=("UPS Ground",)),
    )

    assert (refused.outcome, refused.code) == (Outcome.HOLD, "ADDRESS_PO_BOX")
    assert accepted.outcome == Outcome.PASS


def test_an_order_to_ship_without_an_address_holds():
    result = _check(None)

    assert (result.outcome, result.code) == (Outcome.HOLD, "ADDRESS_MISSING")


def test_an_order_collected_in_store_needs_no_address():
    result = check_address(facts(shipping=None, requires_shipping=False), screening())

    assert result.outcome == Outcome.PASS


@pytest.mark.parametrize("zip5", ["10001", "00501", "94105", "99950", "60601", "00000"])
def test_zip_codes_are_looked_up_as_the_usps_package_answers(zip5):
    import zipcodes

    from saleor_oms_plugin.screening.postal import _zips

    assert list(_zips().get(zip5, ())) == zipcodes.matching(zip5)
