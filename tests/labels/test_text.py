"""The deterministic fallback for characters the fonts cannot draw."""

from pathlib import Path

import pytest
import reportlab
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.labels import text
from saleor_oms_plugin.labels.fonts import Font, font_chain

ASCII_ONLY = (Font("ascii", "ascii", frozenset(range(32, 127))),)


@pytest.mark.parametrize(
    ("written", "drawn"),
    [
        ("Ada", "Ada"),
        ("Zoë Ørsted", "Zoe ?rsted"),  # ë decomposes to e; Ø has no decomposition
        ("ﬁne", "fine"),  # the ligature decomposes to f + i
        ("Пётр", "????"),
        ("北京", "??"),
        ("a\nb\tc", "a b c"),
        ("zero\u200bwidth", "zerowidth"),  # format characters are dropped
        ("\u202eevil", "evil"),  # a bidi override too
        ("lone \ud800", "lone ?"),
        ("private \ue000", "private ?"),
        ("bell \x07", "bell ?"),
    ],
)
def test_characters_without_a_glyph_fall_back_the_same_way_every_time(written, drawn):
    assert text.drawable(written, ASCII_ONLY) == drawn


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_whatever_the_text_everything_drawn_has_a_glyph(written):
    drawn = text.drawable(written, ASCII_ONLY)

    assert all(ASCII_ONLY[0].covers(c) for c in drawn)
    assert text.drawable(written, ASCII_ONLY) == drawn


def test_the_chain_always_ends_with_the_font_reportlab_ships():
    chain = font_chain()

    assert chain[-1].name == "oms-Vera"
    assert chain[-1].covers("A")


def test_a_font_given_in_the_environment_comes_first(monkeypatch, tmp_path):
    vera_bold = tmp_path / "Chosen.ttf"
    vera_bold.write_bytes((Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf").read_bytes())
    monkeypatch.setenv("OMS_LABEL_FONTS", str(vera_bold))
    font_chain.cache_clear()
    try:
        assert font_chain()[0].name == "oms-Chosen"
    finally:
        monkeypatch.delenv("OMS_LABEL_FONTS")
        font_chain.cache_clear()
        text.runs.cache_clear()


def test_a_font_file_that_cannot_be_read_is_skipped(monkeypatch, tmp_path):
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv("OMS_LABEL_FONTS", f"{broken}:{tmp_path / 'Missing.ttf'}")
    font_chain.cache_clear()
    try:
        assert [f.name for f in font_chain()][-1] == "oms-Vera"
        assert "oms-Broken" not in [f.name for f in font_chain()]
    finally:
        monkeypatch.delenv("OMS_LABEL_FONTS")
        font_chain.cache_clear()
        text.runs.cache_clear()


def test_text_too_wide_is_cut_with_an_ellipsis():
    runs = text.fitted("A very long product name " * 10, 9, 100)

    drawn = "".join(chunk for _, chunk in runs)
    assert drawn.endswith("...")
    assert text.width(runs, 9) <= 100
