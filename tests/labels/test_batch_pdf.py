"""Pick lists, packing slips, and batches of documents in one PDF in the order given."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.labels.model import PageSize, PickList, PickListLine, SlipLine, ToteSplit
from saleor_oms_plugin.labels.pdf import documents_pdf, labels_pdf, packing_slip_pdf, pick_list_pdf
from tests.fixtures.documents import (
    address,
    decoded_barcodes,
    packing_slip,
    page_sizes,
    page_texts,
    pick_list,
    shipping_label,
)

A4 = (595.3, 841.9)
LABEL = (288.0, 432.0)


def test_a_pick_list_prints_its_lines_in_walking_order_with_the_tote_splits():
    lines = (
        PickListLine(3, "C-01", "SKU-C", "Third stop", 1),
        PickListLine(
            1,
            "A-01",
            "SKU-A",
            "First stop",
            3,
            (ToteSplit(1, "#1001", 2), ToteSplit(4, "#1004", 1)),
        ),
        PickListLine(2, "B-01", "SKU-B", "Second stop", 2),
    )

    pdf = pick_list_pdf(PickList(list_id="PL-1", location="Hamburg DC", lines=lines))

    text = page_texts(pdf)[0]
    assert text.index("SKU-A") < text.index("SKU-B") < text.index("SKU-C")
    assert "T1 #1001 × 2" in text
    assert "T4 #1004 × 1" in text
    assert "Hamburg DC · discrete · 3 lines · 6 units" in text
    assert decoded_barcodes(pdf)["code128"] == ["PL-1"]


def test_a_long_pick_list_runs_over_pages_numbered_n_of_m():
    pdf = pick_list_pdf(pick_list(lines=120))

    texts = page_texts(pdf)
    assert len(texts) > 1
    assert page_sizes(pdf) == [A4] * len(texts)
    assert all(f"page {n} of {len(texts)}" in t for n, t in enumerate(texts, start=1))
    printed = "".join(texts)
    assert all(f"SKU-{n:03d}" in printed for n in range(120))


def test_a_pick_list_whose_splits_do_not_add_up_is_refused():
    bad = PickList(
        list_id="PL-2",
        location="x",
        lines=(PickListLine(1, "A", "S", "N", 3, (ToteSplit(1, "#1", 1),)),),
    )

    with pytest.raises(DocumentInvalid) as raised:
        pick_list_pdf(bad)

    assert [i.path for i in raised.value.issues] == ["lines[0].splits"]


def test_a_packing_slip_prints_the_order_addresses_and_lines():
    pdf = packing_slip_pdf(packing_slip())

    text = page_texts(pdf)[0]
    for printed in (
        "Packing slip",
        "Order 1001",
        "2026-12-01",
        "SHIP FROM",
        "SHIP TO",
        "Demo Shop GmbH",
        "Ada Lovelace",
        "SKU-002",
        "Product 2",
        "3 lines · 6 units",
        "Thank you for your order!",
    ):
        assert printed in text
    assert decoded_barcodes(pdf)["code128"] == ["1001"]


def test_sheets_can_be_letter_or_4x6():
    assert page_sizes(packing_slip_pdf(packing_slip(), sheet_size=PageSize.LETTER)) == [
        (612.0, 792.0)
    ]
    assert (
        page_sizes(packing_slip_pdf(packing_slip(lines=1), sheet_size=PageSize.LABEL_4X6))[0]
        == LABEL
    )


def test_a_batch_is_one_pdf_in_the_order_given():
    documents = [
        pick_list(lines=3),
        packing_slip(order="1001"),
        shipping_label(reference="#1001"),
        packing_slip(order="1002"),
        shipping_label(reference="#1002", tracking_number="OF000000019"),
    ]

    pdf = documents_pdf(documents)

    assert page_sizes(pdf) == [A4, A4, LABEL, A4, LABEL]
    texts = page_texts(pdf)
    assert "Pick list WAVE-7-B2" in texts[0]
    assert "Order 1001" in texts[1]
    assert "#1001" in texts[2]
    assert "Order 1002" in texts[3]
    assert "OF000000019" in texts[4]
    assert decoded_barcodes(pdf, page=4)["code128"] == ["OF000000019"]


def test_a_batch_of_labels_reprints_to_the_same_bytes():
    labels = [shipping_label(reference=f"#{n}") for n in range(20)]

    assert labels_pdf(labels) == labels_pdf(labels)
    assert len(page_sizes(labels_pdf(labels))) == 20


def test_something_that_is_not_a_document_is_refused():
    with pytest.raises(DocumentInvalid) as raised:
        documents_pdf([shipping_label(), "label"])  # type: ignore[list-item]

    assert raised.value.issues[0].path == "[1]"


hostile = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile, bin_=hostile, order=hostile, note=hostile)
def test_any_unicode_in_pick_lists_and_slips_prints(name, bin_, order, note):
    pick = PickList(
        list_id=order,
        location=note,
        note=note,
        lines=(PickListLine(1, bin_, name, name, 2, (ToteSplit(1, order, 2),)),),
    )
    slip = dataclasses.replace(
        packing_slip(ship_to=address(name="N" + name, street_2=note), note=note),
        lines=(SlipLine(bin_, name, 1),),
    )

    pdf = documents_pdf([pick, slip])

    assert len(page_sizes(pdf)) == 2
