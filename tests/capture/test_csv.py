"""CSV orders: one row per line, grouped by external reference; disagreeing rows refuse the
order, a broken file refuses the upload."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.capture.csv_rows import CsvInvalid, orders_from_csv

HEADER = (
    "external_reference,customer_email,currency,billing_street_address_1,billing_city,"
    "billing_country,sku,quantity,unit_price_gross,tax_rate\n"
)


def test_rows_are_grouped_into_orders_by_reference():
    text = HEADER + (
        "A-1,a@example.com,USD,1 Main St,Springfield,US,SKU-1,2,10.00,0\n"
        "B-1,b@example.com,USD,2 Main St,Springfield,US,SKU-2,1,5.00,0\n"
        "A-1,,,,,,SKU-3,1,7.50,0\n"
    )

    read = orders_from_csv(text)

    assert [o["external_reference"] for o in read.orders] == ["A-1", "B-1"]
    assert [line["sku"] for line in read.orders[0]["lines"]] == ["SKU-1", "SKU-3"]
    assert read.orders[0]["billing_address"]["city"] == "Springfield"
    assert read.refused == {}


def test_rows_of_one_order_that_disagree_refuse_it():
    text = HEADER + (
        "A-1,a@example.com,USD,1 Main St,Springfield,US,SKU-1,2,10.00,0\n"
        "A-1,other@example.com,USD,1 Main St,Springfield,US,SKU-3,1,7.50,0\n"
    )

    read = orders_from_csv(text)

    [problem] = read.refused["A-1"]
    assert problem.field == "customer_email"
    assert "row 3" in problem.message and "row 2" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no header"),
        ("external_reference,sku,quantity,colour\n", "Unknown columns: colour"),
        ("external_reference,quantity\n", "Missing columns: sku"),
        (HEADER + ",a@example.com,USD,1 Main St,X,US,SKU-1,1,1,0\n", "Row 2 has no external"),
        (HEADER + "A,a@example.com,USD,1 Main St,X,US,SKU-1,1,1,0,extra\n", "more cells"),
    ],
)
def test_a_broken_file_is_refused_whole(text, message):
    with pytest.raises(CsvInvalid, match=message):
        orders_from_csv(text)
