"""Reading an outside order: every wrong field is reported at once, nothing is guessed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from saleor_oms_plugin.capture.inbound import InboundInvalid, InboundOrder, inbound_order_parse

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "street_address_1": "1 Market St",
    "city": "San Francisco",
    "postal_code": "94103",
    "country": "us",
    "country_area": "CA",
}


def order(**changes):
    data = {
        "external_reference": "PH-1001",
        "customer_email": "ada@example.com",
        "currency": "usd",
        "billing_address": ADDRESS,
        "lines": [{"sku": "SKU-1", "quantity": 2, "unit_price_gross": "12.30", "tax_rate": "0.23"}],
    }
    data.update(changes)
    return data


def problems(data):
    with pytest.raises(InboundInvalid) as refused:
        inbound_order_parse(data, now=NOW)
    return {(p.field, p.code.value) for p in refused.value.problems}


def test_a_valid_order_is_normalised():
    parsed = inbound_order_parse(order(), now=NOW)

    assert parsed.currency == "USD"
    assert parsed.billing_address.country == "US"
    # no shipping address: the billing address ships
    assert parsed.shipping_address == parsed.billing_address
    line = parsed.lines[0]
    assert (line.unit_price_gross, line.unit_price_net, line.tax_rate) == (
        Decimal("12.30"),
        Decimal("10.00"),
        Decimal("0.23"),
    )
    assert parsed.created_at == NOW  # none given: the moment of capture


def test_net_and_rate_give_the_gross():
    parsed = inbound_order_parse(
        order(lines=[{"sku": "A", "quantity": 1, "unit_price_net": "10", "tax_rate": "0.2"}]),
        now=NOW,
    )
    assert parsed.lines[0].unit_price_gross == Decimal("12.00")


def test_every_problem_is_reported_once_with_its_field():
    data = order(
        external_reference="",
        customer_email="not-an-email",
        currency="dollars",
        lines=[
            {"sku": "A", "quantity": 0, "unit_price_gross": "1", "unit_price_net": "1"},
            {"quantity": "two", "unit_price_gross": "-3"},
            {"sku": "C", "quantity": 1, "unit_price_gross": "5"},
        ],
        created_at="2027-01-01T00:00:00Z",
        payments=[{"amount": "10", "kind": "MAYBE"}],
    )

    assert problems(data) == {
        ("external_reference", "REQUIRED"),
        ("customer_email", "INVALID"),
        ("currency", "INVALID"),
        ("lines[0].quantity", "INVALID"),
        ("lines[1].sku", "REQUIRED"),
        ("lines[1].quantity", "INVALID"),
        ("lines[1].unit_price_gross", "INVALID"),
        ("lines[2].unit_price_net", "REQUIRED"),
        ("created_at", "INVALID"),
        ("payments[0].kind", "INVALID"),
    }


def test_an_order_needs_lines_and_a_billing_address_with_a_country():
    assert problems(order(lines=[], billing_address={"city": "X"})) == {
        ("lines", "REQUIRED"),
        ("billing_address.country", "REQUIRED"),
        ("billing_address.street_address_1", "REQUIRED"),
    }
    assert ("billing_address", "REQUIRED") in problems(
        {k: v for k, v in order().items() if k != "billing_address"}
    )


def test_a_created_at_without_time_zone_is_refused():
    assert problems(order(created_at="2026-11-30T10:00:00")) == {("created_at", "INVALID")}


def test_net_above_gross_is_refused():
    line = {"sku": "A", "quantity": 1, "unit_price_gross": "5", "unit_price_net": "6"}
    assert problems(order(lines=[line])) == {("lines[0].unit_price_net", "INVALID")}


def test_shipping_needs_a_method():
    assert problems(order(shipping={"price_gross": "5", "tax_rate": "0"})) == {
        ("shipping.method_name", "REQUIRED")
    }


def test_the_stored_form_reads_back_the_same_order():
    parsed = inbound_order_parse(
        order(
            shipping={"method_name": "Courier", "price_gross": "5.00", "price_net": "4.07"},
            payments=[{"amount": "29.60", "gateway": "marketplace", "psp_reference": "M-1"}],
            notes=["call before delivery"],
            metadata=[{"key": "channel", "value": "phone"}],
        ),
        now=NOW,
    )

    assert InboundOrder.from_json(parsed.as_json()) == parsed


def test_a_shipping_method_type_id_becomes_the_shipping_method_id_bulk_create_takes():
    import base64

    from saleor_oms_plugin.capture.saleor_input import bulk_shipping_method_id

    def gid(text):
        return base64.b64encode(text.encode()).decode()

    assert bulk_shipping_method_id(gid("ShippingMethodType:27")) == gid("ShippingMethod:27")
    assert bulk_shipping_method_id(gid("ShippingMethod:27")) == gid("ShippingMethod:27")
    assert bulk_shipping_method_id("not base64!") == "not base64!"
