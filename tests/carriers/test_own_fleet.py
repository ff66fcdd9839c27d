"""Own fleet / manual tracking: staff numbers or made ones, labels drawn by ``labels``."""

from decimal import Decimal
from itertools import count

import pytest

from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode
from saleor_oms_plugin.carriers.model import (
    LabelFormat,
    Money,
    Parcel,
    Shipment,
    TrackingState,
)
from saleor_oms_plugin.carriers.numbering import tracking_number_valid
from saleor_oms_plugin.carriers.own_fleet import OwnFleetCarrier, own_fleet_from_config
from tests.fixtures.documents import (
    address,
    decoded_barcodes,
    page_sizes,
    page_texts,
    warehouse_address,
)


def shipment(**changes):
    base = {
        "reference": "SHP-1",
        "service": "standard",
        "ship_from": warehouse_address(),
        "ship_to": address(),
        "parcels": (Parcel(1500), Parcel(700)),
    }
    return Shipment(**{**base, **changes})


def carrier(**changes):
    serials = count(12345678)
    return OwnFleetCarrier(serials=lambda: next(serials), **changes)


def test_without_a_number_one_is_made_with_a_check_digit_and_a_page_per_parcel():
    result = carrier().create_label(shipment())

    assert result.tracking_number == "OF123456782"
    assert tracking_number_valid(result.tracking_number, "OF")
    assert result.label_format == LabelFormat.PDF
    assert page_sizes(result.label) == [(288.0, 432.0)] * 2
    texts = page_texts(result.label)
    assert "1 of 2" in texts[0] and "2 of 2" in texts[1]
    assert "1.50 kg" in texts[0] and "700 g" in texts[1]
    assert decoded_barcodes(result.label, page=1)["code128"] == ["OF123456782"]


def test_a_number_given_by_staff_is_printed_as_given():
    result = carrier().create_label(shipment(tracking_number=" DHL-0042 "))

    assert result.tracking_number == "DHL-0042"
    assert "DHL-0042" in page_texts(result.label)[0]


def test_the_label_can_be_zpl():
    result = carrier().create_label(shipment(label_format=LabelFormat.ZPL))

    assert result.label_format == LabelFormat.ZPL
    assert result.label.count(b"^XA") == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"tracking_number": "has space"}, CarrierErrorCode.INVALID_INPUT),
        ({"parcels": ()}, CarrierErrorCode.INVALID_INPUT),
        ({"parcels": (Parcel(-1),)}, CarrierErrorCode.INVALID_INPUT),
        ({"service": "overnight"}, CarrierErrorCode.NO_RATE),
        ({"ship_to": address(country="Deutschland")}, CarrierErrorCode.INVALID_INPUT),
    ],
)
def test_a_shipment_that_cannot_be_labelled_is_refused(changes, code):
    with pytest.raises(CarrierError) as raised:
        carrier().create_label(shipment(**changes))

    assert raised.value.code == code


def test_rates_are_the_flat_price_when_one_is_set():
    priced = carrier(price=Money(Decimal("4.90"), "EUR"), transit_days=(0, 1))

    rates = priced.rates([Parcel(100)], warehouse_address(), address())

    assert [(r.carrier, r.service, r.amount, r.currency, r.max_transit_days) for r in rates] == [
        ("own_fleet", "standard", Decimal("4.90"), "EUR", 1)
    ]
    assert priced.rates([Parcel(100)], warehouse_address(), address(), "express") == []
    assert carrier().rates([Parcel(100)], warehouse_address(), address()) == []
    assert priced.create_label(shipment()).cost == Money(Decimal("4.90"), "EUR")


def test_tracking_is_manual_and_void_has_nothing_to_cancel():
    assert carrier().tracking("OF123456782").state == TrackingState.UNKNOWN
    assert carrier().void("OF123456782") is None


def test_settings_build_the_carrier_and_bad_ones_are_refused():
    built = own_fleet_from_config(
        {
            "name": "Vans",
            "prefix": "VN",
            "price": {"amount": "3.00", "currency": "EUR"},
            "transit_days": [0, 1],
        }
    )
    assert (built.name, built.prefix, built.price) == ("Vans", "VN", Money(Decimal("3.00"), "EUR"))

    for bad in (
        {"prefix": "v n"},
        {"price": {"amount": "x", "currency": "EUR"}},
        {"transit_days": [3, 1]},
        {"price": {"amount": "1"}},
    ):
        with pytest.raises(CarrierError) as raised:
            own_fleet_from_config(bad)
        assert raised.value.code == CarrierErrorCode.INVALID_INPUT
