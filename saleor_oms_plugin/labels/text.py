"""Text in the PDFs: split into runs by the first font of the chain that can draw each
character, with a deterministic fallback for the characters none can.

The fallback, per character: line breaks and tabs become spaces; invisible format characters
(zero-width joiners, bidi overrides) are dropped; a character no font has is replaced by its
compatibility decomposition without accents when a font has all of that (``ﬁ`` → ``fi``,
``Ǆ`` → ``DŽ``), else by ``?``. Unpaired surrogates and unassigned or private-use code points
become ``?``. Scripts are drawn left to right without shaping: Arabic and Hebrew print as
unjoined letters in the order they were typed.
"""

from __future__ import annotations

import functools
import unicodedata

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import Font, font_chain

REPLACEMENT = "?"
ELLIPSIS = "..."
Run = tuple[str, str]  # (reportlab font name, text)


def _font_for(char: str, chain: tuple[Font, ...]) -> Font | None:
    for font in chain:
        if font.covers(char):
            return font
    return None


def _substitute(char: str, chain: tuple[Font, ...]) -> str:
    category = unicodedata.category(char)
    if char in "\t\n\r\v\f" or category == "Zl" or category == "Zp":
        return " "
    if category == "Cf":
        return ""
    if category in ("Cc", "Cs", "Co", "Cn"):
        return REPLACEMENT
    if _font_for(char, chain) is not None:
        return char
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base != char and all(_font_for(c, chain) is not None for c in base):
        return base
    return REPLACEMENT


def drawable(text: str, chain: tuple[Font, ...] | None = None) -> str:
    """``text`` with every character the fonts cannot draw substituted (see module doc)."""
    chain = font_chain() if chain is None else chain
    return "".join(_substitute(c, chain) for c in text)


@functools.lru_cache(maxsize=4096)
def runs(text: str, bold: bool = False) -> tuple[Run, ...]:
    """The drawable text in runs of one font each."""
    chain = font_chain()
    result: list[Run] = []
    for char in drawable(text, chain):
        font = _font_for(char, chain) or chain[-1]
        name = font.bold_name if bold else font.name
        if result and result[-1][0] == name:
            result[-1] = (name, result[-1][1] + char)
        else:
            result.append((name, char))
    return tuple(result)


def width(text_runs: tuple[Run, ...], size: float) -> float:
    return sum(stringWidth(chunk, name, size) for name, chunk in text_runs)


def fitted(text: str, size: float, max_width: float | None, bold: bool = False) -> tuple[Run, ...]:
    """The runs of ``text``, cut with "..." to fit ``max_width`` points."""
    text_runs = runs(text, bold)
    if max_width is None or width(text_runs, size) <= max_width:
        return text_runs
    plain = "".join(chunk for _, chunk in text_runs)
    low, high = 0, len(plain)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if width(runs(plain[:middle].rstrip() + ELLIPSIS, bold), size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return runs(plain[:low].rstrip() + ELLIPSIS, bold)


def draw(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    max_width: float | None = None,
    align: str = "left",
) -> None:
    """Draw ``text`` at baseline ``y``, starting at ``x`` (``align="right"``: ending there,
    ``"center"``: centred on it)."""
    text_runs = fitted(text, size, max_width, bold)
    if align == "right":
        x -= width(text_runs, size)
    elif align == "center":
        x -= width(text_runs, size) / 2
    for name, chunk in text_runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, name, size)
