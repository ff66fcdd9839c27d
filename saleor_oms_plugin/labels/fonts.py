"""Which fonts the PDFs use, found once per process.

A chain of TrueType fonts is tried character by character (``text.py``): first the fonts named
in ``OMS_LABEL_FONTS`` (paths separated by ``os.pathsep``), then DejaVu Sans (Latin, Greek,
Cyrillic, Armenian, Georgian, Hebrew, Arabic letters, …), Droid Sans Fallback (Chinese,
Japanese) and Nanum Gothic (Korean) when the system has them (Debian: ``fonts-dejavu-core``,
``fonts-droid-fallback``, ``fonts-nanum``), and last Bitstream Vera, which ships inside reportlab and so is
always there (Latin only). Only TrueType outlines work (reportlab embeds no CFF/OpenType-PS).

The chain is found from the file system, so the same server draws the same bytes for the same
document; two servers with different fonts may not.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts")
# (regular, bold) file names, most preferred first.
SYSTEM_FAMILIES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("DroidSansFallbackFull.ttf", None),
    ("DroidSansFallback.ttf", None),
    ("NanumGothic.ttf", "NanumGothicBold.ttf"),
)
ENVIRONMENT_VARIABLE = "OMS_LABEL_FONTS"


@dataclass(frozen=True)
class Font:
    """A registered font: its reportlab name and the code points it has glyphs for."""

    name: str
    bold_name: str  # the bold face's name, or ``name`` when the family has no bold
    covered: frozenset[int]

    def covers(self, char: str) -> bool:
        return ord(char) in self.covered


def _bundled_dir() -> Path:
    return Path(reportlab.__file__).parent / "fonts"


def _walk(directories: tuple[str, ...]) -> dict[str, Path]:
    """File name → first path having it, walking the directories in sorted order."""
    found: dict[str, Path] = {}
    for directory in directories:
        for root, dirs, files in os.walk(directory):
            dirs.sort()
            for name in sorted(files):
                found.setdefault(name, Path(root) / name)
    return found


def _register(path: Path) -> tuple[str, frozenset[int]] | None:
    name = f"oms-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError, ValueError):  # a broken or CFF font file is skipped
            return None
    font = pdfmetrics.getFont(name)
    return name, frozenset(font.face.charToGlyph)


def _candidates() -> Iterator[tuple[Path, Path | None]]:
    for entry in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep):
        if entry.strip():
            yield Path(entry.strip()), None
    files = _walk(FONT_DIRS)
    for regular, bold in SYSTEM_FAMILIES:
        if regular in files:
            yield files[regular], files.get(bold) if bold else None
    bundled = _bundled_dir()
    yield bundled / "Vera.ttf", bundled / "VeraBd.ttf"


@functools.cache
def font_chain() -> tuple[Font, ...]:
    """The fonts to try, in order (registered with reportlab on first use)."""
    chain: list[Font] = []
    for regular, bold in _candidates():
        registered = _register(regular) if regular.is_file() else None
        if registered is None:
            continue
        name, covered = registered
        bold_registered = _register(bold) if bold is not None and bold.is_file() else None
        chain.append(Font(name, bold_registered[0] if bold_registered else name, covered))
    return tuple(chain)
