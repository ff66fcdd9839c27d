"""Code 128 (reportlab's widget) and QR codes (encoded by segno: about a third less CPU than
reportlab's own encoder, which is most of a label's cost), drawn as vectors."""

from __future__ import annotations

import itertools

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

MIN_BAR_WIDTH = 0.54  # points: 0.19 mm, the narrowest module scanners read reliably
MAX_BAR_WIDTH = 1.44  # points: 0.5 mm
QR_QUIET_MODULES = 4


def code128_width(value: str, bar_width: float) -> float:
    return float(Code128(value, barWidth=bar_width, humanReadable=False, quiet=True).width)


def draw_code128(
    canvas: Canvas, value: str, *, x: float, y: float, max_width: float, height: float
) -> float:
    """Draw ``value`` (printable ASCII) centred in ``max_width`` from ``x``, bars from ``y``
    up; the widest modules (≤ 0.5 mm) that fit, with quiet zones. Returns the drawn width."""
    modules = code128_width(value, 1.0)
    bar_width = max(MIN_BAR_WIDTH, min(MAX_BAR_WIDTH, max_width / modules))
    barcode = Code128(value, barWidth=bar_width, barHeight=height, humanReadable=False, quiet=True)
    drawn = float(barcode.width)
    barcode.drawOn(canvas, x + max(0.0, (max_width - drawn) / 2), y)
    return drawn


def qr_modules(value: str) -> list[list[bool]]:
    """The QR code's dark modules, row by row from the top (error correction M; text is
    encoded as UTF-8 bytes, numbers and upper-case text in their compact modes; an unpaired
    surrogate, which UTF-8 cannot carry, becomes "?")."""
    text = value.encode(errors="replace").decode()
    code = segno.make_qr(text, error="m", boost_error=False, encoding="utf-8")
    return [[bool(module) for module in row] for row in code.matrix]


def draw_qr(canvas: Canvas, value: str, *, x: float, y: float, size: float) -> None:
    """Draw a QR code of ``value`` as a ``size``-point square (quiet zone included), as one
    filled path of horizontal runs: far faster than a rectangle object per module."""
    modules = qr_modules(value)
    step = size / (len(modules) + 2 * QR_QUIET_MODULES)
    path = canvas.beginPath()
    for row_index, row in enumerate(modules):
        top = y + size - (row_index + QR_QUIET_MODULES + 1) * step
        column = 0
        for dark, group in itertools.groupby(row):
            count = len(list(group))
            if dark:
                path.rect(x + (column + QR_QUIET_MODULES) * step, top, count * step, step)
            column += count
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
