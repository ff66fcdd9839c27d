"""The 4×6 inch shipping label (288 × 432 points, portrait)."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from . import text
from .barcodes import draw_code128, draw_qr
from .model import PAGE_POINTS, PageSize, ShippingLabel

WIDTH, HEIGHT = PAGE_POINTS[PageSize.LABEL_4X6]
MARGIN = 10.0
INNER = WIDTH - 2 * MARGIN


def weight_text(grams: int) -> str:
    """Kilograms with two decimals (grams below a kilogram print as such)."""
    if grams < 1000:
        return f"{grams} g"
    return f"{grams // 1000}.{(grams % 1000) // 10:02d} kg"


def draw_label(canvas: Canvas, label: ShippingLabel) -> None:
    top = HEIGHT - MARGIN
    canvas.setLineWidth(1)

    # Ship-from (small, left) and carrier, service, weight, parcel n of m (right).
    text.draw(canvas, MARGIN, top - 7, "FROM", size=6, bold=True)
    for index, line in enumerate(label.ship_from.lines()[:6]):
        text.draw(canvas, MARGIN, top - 16 - 8 * index, line, size=7, max_width=150)
    right = WIDTH - MARGIN
    text.draw(
        canvas, right, top - 12, label.carrier, size=12, bold=True, align="right", max_width=110
    )
    text.draw(canvas, right, top - 24, label.service, size=9, align="right", max_width=110)
    text.draw(canvas, right, top - 36, weight_text(label.weight_grams), size=9, align="right")
    parcel = f"{label.parcel_index} of {label.parcel_count}"
    text.draw(canvas, right, top - 56, parcel, size=14, bold=True, align="right")
    canvas.line(MARGIN, 345, WIDTH - MARGIN, 345)

    # Ship-to, large.
    text.draw(canvas, MARGIN, 335, "SHIP TO", size=7, bold=True)
    to_lines = label.ship_to.lines()
    for index, line in enumerate(to_lines[:7]):
        first = index == 0
        text.draw(
            canvas,
            MARGIN + 8,
            318 - 15 * index,
            line,
            size=13 if first else 11,
            bold=first,
            max_width=INNER - 8,
        )
    if label.ship_to.phone:
        text.draw(canvas, MARGIN + 8, 222, label.ship_to.phone, size=8, max_width=INNER - 8)
    canvas.line(MARGIN, 215, WIDTH - MARGIN, 215)

    # QR code and reference.
    draw_qr(canvas, label.qr_payload, x=MARGIN, y=120, size=90)
    text.draw(canvas, 110, 195, "REFERENCE", size=7, bold=True)
    text.draw(canvas, 110, 181, label.reference or "-", size=11, bold=True, max_width=168)
    text.draw(canvas, 110, 160, "TRACKING", size=7, bold=True)
    text.draw(canvas, 110, 147, label.tracking_number, size=10, max_width=168)
    canvas.line(MARGIN, 115, WIDTH - MARGIN, 115)

    # The tracking number as Code 128, and in type beneath it.
    draw_code128(canvas, label.tracking_number, x=MARGIN, y=32, max_width=INNER, height=72)
    text.draw(canvas, WIDTH / 2, 16, label.tracking_number, size=10, align="center")
