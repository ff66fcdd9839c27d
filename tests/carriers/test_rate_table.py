"""The rate-table carrier: the document is checked whole, prices come from weight bands ×
zones × services, transit days per zone."""

import copy
from decimal import Decimal
from itertools import count

import pytest

from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode, RateTableInvalid
from saleor_oms_plugin.carriers.model import Money, Parcel, Shipment
from saleor_oms_plugin.carriers.rate_table import RateTableCarrier, rate_table_parse
from tests.fixtures.documents import address, page_texts, warehouse_address

TABLE = {
    "name": "Parcel Co",
    "prefix": "PC",
    "currency": "EUR",
    "volumetric_divisor": 5000,
    "zones": [
        {"zone": "domestic", "countries": ["DE"]},
        {"zone": "eu", "countries": ["AT", "FR", "NL"]},
        {"zone": "world", "countries": ["*"]},
    ],
    "services": [
        {
            "service": "standard",
            "name": "Standard",
            "transit_days": {"domestic": [1, 2], "eu": [2, 4], "world": [5, 10]},
            "bands": [
                {
                    "max_weight_g": 1000,
                    "prices": {"domestic": "4.90", "eu": "9.90", "world": "19.00"},
                },
                {"max_weight_g": 5000, "prices": {"domestic": "6.90", "eu": "14.90"}},
                {"max_weight_g": 31500, "prices": {"domestic": "12.90"}},
            ],
        },
        {
            "service": "express",
            "name": "Express",
            "transit_days": {"domestic": [1, 1]},
            "bands": [{"max_weight_g": 5000, "prices": {"domestic": "14.50"}}],
        },
    ],
}


def carrier():
    serials = count(1)
    return RateTableCarrier(rate_table_parse(TABLE), serials=lambda: next(serials))


def rates(parcels, country="DE", service=None):
    found = carrier().rates(parcels, warehouse_address(), address(country=country), service)
    return [(r.service, r.amount, r.min_transit_days, r.max_transit_days) for r in found]


def test_every_service_for_the_zone_is_offered_cheapest_first():
    assert rates([Parcel(800)]) == [
        ("standard", Decimal("4.90"), 1, 2),
        ("express", Decimal("14.50"), 1, 1),
    ]


def test_the_band_is_the_first_that_holds_the_weight_and_parcels_add_up():
    assert rates([Parcel(1000), Parcel(1001), Parcel(20000)], service="standard") == [
        ("standard", Decimal("24.70"), 1, 2)
    ]


def test_countries_map_to_zones_and_the_wildcard_takes_the_rest():
    assert rates([Parcel(800)], "FR") == [("standard", Decimal("9.90"), 2, 4)]
    assert rates([Parcel(800)], "JP") == [("standard", Decimal("19.00"), 5, 10)]


def test_a_service_without_a_price_for_the_weight_in_the_zone_is_not_offered():
    assert rates([Parcel(2000)], "JP") == []
    assert rates([Parcel(32000)]) == []
    assert rates([Parcel(6000)], service="express") == []


def test_a_bulky_light_parcel_is_charged_by_its_volumetric_weight():
    # 400 × 300 × 200 mm = 24,000,000 mm³ / 5000 = 4,800 g charged, not 500 g.
    assert rates([Parcel(500, 400, 300, 200)], service="standard") == [
        ("standard", Decimal("6.90"), 1, 2)
    ]


def test_without_a_wildcard_an_unlisted_country_gets_no_rate():
    table = copy.deepcopy(TABLE)
    table["zones"] = table["zones"][:2]
    table["services"][0]["transit_days"].pop("world")
    for band in table["services"][0]["bands"]:
        band["prices"].pop("world", None)

    found = RateTableCarrier(rate_table_parse(table)).rates(
        [Parcel(1)], warehouse_address(), address(country="JP")
    )
    assert found == []


def test_a_label_costs_the_rate_of_its_service_and_carries_a_made_number():
    shipment = Shipment("SHP-9", "express", warehouse_address(), address(), (Parcel(900),))

    result = carrier().create_label(shipment)

    assert result.cost == Money(Decimal("14.50"), "EUR")
    assert result.tracking_number == "PC000000018"
    text = page_texts(result.label)[0]
    assert "Parcel Co" in text and "Express" in text


def test_a_label_for_a_service_without_a_rate_is_refused():
    shipment = Shipment(
        "SHP-9", "express", warehouse_address(), address(country="FR"), (Parcel(900),)
    )

    with pytest.raises(CarrierError) as raised:
        carrier().create_label(shipment)

    assert raised.value.code == CarrierErrorCode.NO_RATE


def broken(change):
    table = copy.deepcopy(TABLE)
    change(table)
    with pytest.raises(RateTableInvalid) as raised:
        rate_table_parse(table)
    return {issue.path: issue.message for issue in raised.value.issues}


def test_every_problem_of_the_document_is_named_by_its_path():
    def change(table):
        table["currency"] = "euro"
        table["colour"] = "blue"
        table["zones"][1]["countries"].append("DE")
        table["zones"][2]["countries"].append("*")
        bands = table["services"][0]["bands"]
        bands[0]["prices"]["domestic"] = 4.9
        bands[1]["max_weight_g"] = 900
        bands[2]["prices"]["mars"] = "1.00"
        table["services"][1]["transit_days"]["domestic"] = [3, 1]

    issues = broken(change)

    assert issues == {
        "currency": 'must be an ISO 4217 code such as "EUR"',
        "colour": "unknown key",
        "zones[1].countries[3]": "DE is already in zone 'domestic'",
        "zones[2].countries[1]": "\"*\" is already the zone 'world'",
        "services[0].bands[0].prices.domestic": 'must be a decimal string such as "4.90"',
        "services[0].bands[1].max_weight_g": "must be a whole number of grams above 1000",
        "services[0].bands[2].prices.mars": "is not a declared zone",
        "services[1].transit_days.domestic": "must be [min, max] whole days with 0 <= min <= max",
    }


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda t: t.pop("zones"), "zones"),
        (lambda t: t.update(services=[]), "services"),
        (
            lambda t: t["services"][1]["bands"][0]["prices"].update(eu="1.00"),
            "services[1].bands[0].prices.eu",
        ),
        (lambda t: t["services"][1].update(service="standard"), "services[1].service"),
        (
            lambda t: t["services"][0]["bands"][0]["prices"].update(eu="-1"),
            "services[0].bands[0].prices.eu",
        ),
        (lambda t: t["zones"][0]["countries"].append("deu"), "zones[0].countries[1]"),
        (lambda t: t.update(volumetric_divisor=-5), "volumetric_divisor"),
        (lambda t: t.update(prefix="p c"), "prefix"),
    ],
)
def test_single_problems_are_refused(change, path):
    assert path in broken(change)


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(RateTableInvalid) as raised:
        rate_table_parse(["not", "a", "table"])

    assert raised.value.issues[0].path == "$"
