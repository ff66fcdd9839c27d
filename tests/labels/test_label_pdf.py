"""The 4×6 shipping label as PDF: page size, what is printed, barcodes a scanner reads,
reprints byte for byte, refusals, and hostile text."""

import dataclasses
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.labels.pdf import label_pdf, labels_pdf
from tests.fixtures.documents import (
    address,
    decoded_barcodes,
    page_sizes,
    page_texts,
    pdf_pages,
    shipping_label,
)


def test_a_label_is_one_4x6_inch_page_with_everything_printed():
    pdf = label_pdf(shipping_label())

    assert page_sizes(pdf) == [(288.0, 432.0)]
    text = page_texts(pdf)[0]
    for printed in (
        "OF123456785",
        "Own fleet",
        "Standard",
        "2.35 kg",
        "1 of 2",
        "#1001",
        "Ada Lovelace",
        "Unter den Linden 5",
        "10117 Berlin",
        "Demo Shop GmbH",
        "Lagerstraße 12",
    ):
        assert printed in text


def test_the_barcodes_scan_as_the_tracking_number_and_the_qr_data():
    label = shipping_label()

    found = decoded_barcodes(label_pdf(label))

    assert found == {"code128": [label.tracking_number], "qr": [label.qr_data]}


def test_the_qr_code_carries_the_tracking_number_when_no_qr_data_is_given():
    found = decoded_barcodes(label_pdf(shipping_label(qr_data="")))

    assert found["qr"] == ["OF123456785"]


def test_a_40_character_tracking_number_still_fits_and_scans():
    number = "1Z999AA10123456784ABCDEFGHIJKLMNOPQRSTUV"[:40]

    found = decoded_barcodes(label_pdf(shipping_label(tracking_number=number)))

    assert found["code128"] == [number]


def test_a_reprint_is_the_same_bytes():
    first = label_pdf(shipping_label())
    label_pdf(shipping_label(tracking_number="OF000000019", reference="#2002"))

    again = label_pdf(shipping_label())

    assert again == first
    assert b"/CreationDate (D:20000101000000" in first  # fixed, not the time of printing


def test_different_labels_give_different_bytes():
    assert label_pdf(shipping_label()) != label_pdf(shipping_label(reference="#1002"))


def test_weights_below_a_kilogram_print_in_grams():
    assert "850 g" in page_texts(label_pdf(shipping_label(weight_grams=850)))[0]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"tracking_number": ""}, "tracking_number"),
        ({"tracking_number": "OF 12"}, "tracking_number"),
        ({"tracking_number": "ÖF123"}, "tracking_number"),
        ({"tracking_number": "X" * 41}, "tracking_number"),
        ({"parcel_index": 3, "parcel_count": 2}, "parcel_index"),
        ({"parcel_index": 0}, "parcel_index"),
        ({"weight_grams": -1}, "weight_grams"),
        ({"qr_data": "x" * 1201}, "qr_data"),
        ({"ship_to": address(country="Germany")}, "ship_to.country"),
        ({"ship_to": address(name="", company="")}, "ship_to.name"),
        ({"ship_from": address(city=" ")}, "ship_from.city"),
    ],
)
def test_a_label_that_cannot_be_printed_is_refused_naming_the_field(changes, path):
    with pytest.raises(DocumentInvalid) as raised:
        label_pdf(shipping_label(**changes))

    assert [issue.path for issue in raised.value.issues] == [path]


def test_a_batch_names_every_problem_with_the_document_index():
    labels = [shipping_label(), shipping_label(tracking_number=""), shipping_label(weight_grams=-5)]

    with pytest.raises(DocumentInvalid) as raised:
        labels_pdf(labels)

    assert [issue.path for issue in raised.value.issues] == [
        "[1].tracking_number",
        "[2].weight_grams",
    ]


def test_non_latin_names_are_printed_as_written():
    pytest.importorskip("reportlab")
    from saleor_oms_plugin.labels.fonts import font_chain

    if not any(font.covers("Ж") for font in font_chain()):
        pytest.skip("no font with Cyrillic on this machine (install fonts-dejavu-core)")
    label = shipping_label(ship_to=address(name="Пётр Ильич Чайковский", city="Москва"))

    text = page_texts(label_pdf(label))[0]

    assert "Пётр Ильич Чайковский" in text
    assert "Москва" in text


def test_chinese_and_japanese_names_are_printed_when_the_system_has_a_cjk_font():
    from saleor_oms_plugin.labels.fonts import font_chain

    if not any(font.covers("王") and font.covers("山") for font in font_chain()):
        pytest.skip("no CJK font on this machine (install fonts-droid-fallback)")
    label = shipping_label(ship_to=address(name="王芳 山田太郎", city="北京"))

    text = page_texts(label_pdf(label))[0]

    assert "王芳" in text and "山田太郎" in text and "北京" in text


hostile = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile, street=hostile, reference=hostile, carrier=hostile, qr=hostile)
def test_any_unicode_in_the_text_fields_prints_a_label(name, street, reference, carrier, qr):
    label = shipping_label(
        ship_to=address(name="N" + name, street_1=street),
        reference=reference,
        carrier=carrier,
        qr_data=qr,
    )

    pdf = label_pdf(label)

    assert len(pdf_pages(pdf)) == 1
    assert label_pdf(dataclasses.replace(label)) == pdf


def test_a_reprint_in_another_process_is_the_same_bytes():
    script = (
        "import hashlib, sys\n"
        "from saleor_oms_plugin.labels.pdf import label_pdf\n"
        "from tests.fixtures.documents import shipping_label\n"
        "sys.stdout.write(hashlib.sha256(label_pdf(shipping_label())).hexdigest())\n"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "4711"}

    other = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout

    assert other == hashlib.sha256(label_pdf(shipping_label())).hexdigest()
