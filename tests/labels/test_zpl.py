"""The label as ZPL: the exact job for a known label (golden file), and escaping that no text
can break out of."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.labels.errors import DocumentInvalid
from saleor_oms_plugin.labels.zpl import clean, field_data, label_zpl, labels_zpl, unescape
from tests.fixtures.documents import address, shipping_label

GOLDEN = Path(__file__).parent / "golden" / "label.zpl"
COMMANDS = {
    "XA",
    "CI",
    "PW",
    "LL",
    "LH",
    "FO",
    "A0",
    "FB",
    "FH",
    "FD",
    "FS",
    "GB",
    "BQ",
    "BY",
    "BC",
    "XZ",
}
hostile = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=80)


def golden_label():
    return shipping_label(
        ship_to=address(name="Zoë ^Ørsted~ 北京_", street_2="c/o Straße\n2", phone="+49 30 1"),
        tracking_number="OF12>3456785",
    )


def test_a_known_label_gives_the_known_zpl():
    assert label_zpl(golden_label()).decode() == GOLDEN.read_text(encoding="utf-8")


def test_the_job_is_one_label_in_utf8_with_code128_and_qr():
    zpl = label_zpl(shipping_label()).decode()

    assert zpl.startswith("^XA\n^CI28\n^PW812\n^LL1218")
    assert zpl.endswith("^XZ\n")
    assert "^BCN,180,N,N,N^FH_^FDOF123456785^FS" in zpl
    assert "^BQN,2,4^FH_^FDMA,https://track.example/OF123456785?lang=de&ü=1^FS" in zpl


def test_a_greater_than_sign_in_code128_data_is_written_as_a_literal():
    zpl = label_zpl(shipping_label(tracking_number="AB>C")).decode()

    assert "^FDAB><C^FS" in zpl


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("plain", "plain"),
        ("^XZ~JR", "_5EXZ_7EJR"),
        ("snake_case", "snake_5Fcase"),
        ("two\nlines", "two lines"),
        ("Zoë 北京", "Zoë 北京"),
        ("\ud800", "?"),
        ("\u200b", ""),
    ],
)
def test_field_data_escapes_what_the_printer_would_read_as_commands(text, data):
    assert field_data(text) == data


@given(hostile)
def test_no_text_can_start_a_command_and_the_printer_gets_the_cleaned_text_back(text):
    data = field_data(text)

    assert "^" not in data and "~" not in data
    assert unescape(data) == clean(text)


@given(name=hostile, street=hostile, reference=hostile, carrier=hostile, qr=hostile)
def test_any_text_in_a_label_leaves_the_job_well_formed(name, street, reference, carrier, qr):
    label = shipping_label(
        ship_to=address(name="N" + name, street_1=street),
        reference=reference,
        carrier=carrier,
        qr_data=qr,
    )

    zpl = label_zpl(label).decode("utf-8")

    assert zpl.count("^XA") == 1 and zpl.count("^XZ") == 1 and "~" not in zpl
    commands = [part[:2] for part in zpl.split("^")[1:]]
    assert set(commands) <= COMMANDS
    assert commands.count("FD") == commands.count("FS") - 3  # the 3 boxes have no data
    assert all(re.fullmatch(r"[^\n]*", line) for line in zpl.splitlines())


def test_a_batch_is_one_job_in_the_order_given():
    labels = [shipping_label(tracking_number=f"OF0000000{n}9") for n in range(3)]

    zpl = labels_zpl(labels).decode()

    assert zpl.count("^XA") == 3
    positions = [zpl.index(f"^FDOF0000000{n}9^FS") for n in range(3)]
    assert positions == sorted(positions)


def test_an_invalid_label_makes_no_job():
    with pytest.raises(DocumentInvalid):
        labels_zpl([shipping_label(), shipping_label(tracking_number="bad number")])
