"""The deterministic fallback for characters the fonts cannot draw."""

import pytest
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
    import reportlab

    vera_bold = tmp_path / "Chosen.ttf"
    vera_bold.write_bytes(
        (
            __import__("pathlib").Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
        ).read_bytes()
    )
    monkeypatch.setenv("OMS_LABEL_FONTS", str(vera_bold))
    font_chain.cache_clear()
    try:
        assert font_chain()[0].name == "oms-Chosen"
    finally:
        monkeypatch.delenv("OMS_LABEL_FONTS")
        font_chain.cache_clear()
        text.runs.cache_clear()


def test_text_too_wide_is_cut_with_an_ellipsis():
    runs = text.fitted("A very long product name " * 10, 9, 100)

    drawn = "".join(chunk for _, chunk in runs)
    assert drawn.endswith("...")
    assert text.width(runs, 9) <= 100
