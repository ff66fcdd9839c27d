"""What the supplier receives: the purchase order as PDF and as CSV, and signed links to them.

A link carries a ``TimestampSigner`` signature of the order's id and the document's kind (salted
for this use); whoever holds it gets that one document, for ``LINK_MAX_AGE``, and nothing else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from saleor_oms_plugin.core.signed_links import LinkInvalid, link_id, link_read, link_sign
from saleor_oms_plugin.purchasing.models import PurchaseOrder, PurchaseOrderLine
from saleor_oms_plugin.purchasing.selectors import total_value_of

SALT = "oms.purchasing.document"
LINK_MAX_AGE = dt.timedelta(days=7)
CSV_COLUMNS = [
    "line",
    "sku",
    "supplier_sku",
    "variant_id",
    "quantity",
    "unit_cost",
    "line_total",
    "currency",
    "received",
]


class DocumentKind(StrEnum):
    PDF = "pdf"
    CSV = "csv"


CONTENT_TYPES = {DocumentKind.PDF: "application/pdf", DocumentKind.CSV: "text/csv"}


def document_url(order: PurchaseOrder, kind: DocumentKind) -> str:
    token = link_sign(SALT, f"{order.pk}.{kind.value}")
    return f"{settings.APP_URL.rstrip('/')}{reverse('purchase-order-document', args=[token])}"


def document_of_token(token: str) -> tuple[int, DocumentKind]:
    """The order id and kind a link was signed for; raises ``core.signed_links.LinkExpired`` /
    ``LinkInvalid`` if expired or tampered with."""
    value = link_read(SALT, token, max_age=LINK_MAX_AGE)
    pk, _, kind = value.partition(".")
    if kind not in {k.value for k in DocumentKind}:
        raise LinkInvalid
    return link_id(pk), DocumentKind(kind)


def filename(order: PurchaseOrder, kind: DocumentKind) -> str:
    return f"{order.number}.{kind.value}"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def purchase_order_csv(order: PurchaseOrder, lines: list[PurchaseOrderLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, line in enumerate(lines, start=1):
        writer.writerow(
            [
                number,
                _cell(line.sku),
                _cell(line.supplier_sku),
                _cell(line.variant_id),
                line.quantity_ordered,
                f"{line.unit_cost.normalize():f}",
                _money(line.unit_cost * line.quantity_ordered),
                order.currency,
                line.quantity_received,
            ]
        )
    return out.getvalue()


def _address(order: PurchaseOrder) -> list[str]:
    location = order.location
    city = " ".join(p for p in (location.postal_code, location.city, location.country_area) if p)
    lines = [
        location.company_name or location.name,
        location.street_address_1,
        location.street_address_2,
        city,
        location.country,
    ]
    return [line for line in lines if line]


def purchase_order_pdf(order: PurchaseOrder, lines: list[PurchaseOrderLine]) -> bytes:
    """The order as PDF bytes (A4; a new page when the lines run over)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"Purchase order {order.number}")
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 25 * mm
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, y, f"Purchase order {order.number}")
    pdf.setFont("Helvetica", 10)
    y -= 16
    pdf.drawString(left, y, f"Supplier: {order.supplier.name}")
    expected = order.expected_on.isoformat() if order.expected_on else "as soon as possible"
    pdf.drawRightString(right, y, f"Expected: {expected}")
    y -= 30
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(left, y, "Deliver to")
    pdf.setFont("Helvetica", 10)
    for text in _address(order):
        y -= 13
        pdf.drawString(left, y, text)
    y -= 30
    columns = (left, left + 55 * mm, left + 110 * mm, left + 135 * mm, right)

    def header(y: float) -> None:
        pdf.setFont("Helvetica-Bold", 10)
        for x, title in zip(columns[:3], ("SKU", "Supplier SKU", "Quantity"), strict=True):
            pdf.drawString(x, y, title)
        pdf.drawRightString(columns[4] - 25 * mm, y, "Unit cost")
        pdf.drawRightString(columns[4], y, "Total")
        pdf.setFont("Helvetica", 10)

    header(y)
    for line in lines:
        y -= 14
        if y < 25 * mm:
            pdf.showPage()
            y = height - 25 * mm
            header(y)
            y -= 14
        pdf.drawString(columns[0], y, line.sku[:32])
        pdf.drawString(columns[1], y, line.supplier_sku[:32])
        pdf.drawString(columns[2], y, str(line.quantity_ordered))
        pdf.drawRightString(columns[4] - 25 * mm, y, _money(line.unit_cost))
        pdf.drawRightString(columns[4], y, _money(line.unit_cost * line.quantity_ordered))
    y -= 22
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawRightString(right, y, f"Total {_money(total_value_of(lines))} {order.currency}")
    if order.notes:
        pdf.setFont("Helvetica", 9)
        for note in order.notes.splitlines()[:20]:
            y -= 12
            pdf.drawString(left, y, note[:110])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def document_bytes(order: PurchaseOrder, kind: DocumentKind) -> bytes:
    lines = list(order.lines.order_by("pk"))
    if kind is DocumentKind.PDF:
        return purchase_order_pdf(order, lines)
    return purchase_order_csv(order, lines).encode()
