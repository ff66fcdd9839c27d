"""Documents to PDF bytes: one, or a batch in one file in the order given (pick order).

Reproducible: the canvas runs in reportlab's invariant mode (a fixed creation date and file
id), and fonts, barcodes and layout depend only on the input, so printing the same documents
again gives the same bytes (a reprint is the original).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from .draw_label import draw_label
from .draw_tables import draw_packing_slip, draw_pick_list
from .model import PAGE_POINTS, Document, PackingSlip, PageSize, PickList, ShippingLabel
from .validation import check_documents

CREATOR = "Saleor OMS"


def documents_pdf(
    documents: Sequence[Document],
    *,
    title: str = "",
    sheet_size: PageSize = PageSize.A4,
) -> bytes:
    """All ``documents`` in one PDF, each starting on a new page, in the order given. Labels
    are 4×6 inch pages; pick lists and packing slips use ``sheet_size`` (A4 or Letter; 4×6
    too, for slips printed on the label printer). Raises ``DocumentInvalid`` (naming every
    problem) before anything is drawn."""
    documents = tuple(documents)
    check_documents(documents)
    buffer = io.BytesIO()
    sheet = PAGE_POINTS[sheet_size]
    canvas = Canvas(buffer, pagesize=sheet, invariant=1, pageCompression=1)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    canvas.setTitle(title or _default_title(documents))
    for document in documents:
        if isinstance(document, ShippingLabel):
            canvas.setPageSize(PAGE_POINTS[PageSize.LABEL_4X6])
            draw_label(canvas, document)
            canvas.showPage()
        elif isinstance(document, PackingSlip):
            canvas.setPageSize(sheet)
            draw_packing_slip(canvas, document, sheet)
        elif isinstance(document, PickList):
            canvas.setPageSize(sheet)
            draw_pick_list(canvas, document, sheet)
    canvas.save()
    return buffer.getvalue()


def _default_title(documents: tuple[Document, ...]) -> str:
    if len(documents) == 1:
        document = documents[0]
        if isinstance(document, ShippingLabel):
            return f"Label {document.tracking_number}"
        if isinstance(document, PackingSlip):
            return f"Packing slip {document.order}"
        return f"Pick list {document.list_id}"
    return f"{len(documents)} documents"


def label_pdf(label: ShippingLabel) -> bytes:
    """One 4×6 inch label."""
    return documents_pdf([label])


def labels_pdf(labels: Sequence[ShippingLabel]) -> bytes:
    """Many labels, one per 4×6 page, in the order given."""
    return documents_pdf(labels)


def pick_list_pdf(pick: PickList, *, sheet_size: PageSize = PageSize.A4) -> bytes:
    return documents_pdf([pick], sheet_size=sheet_size)


def packing_slip_pdf(slip: PackingSlip, *, sheet_size: PageSize = PageSize.A4) -> bytes:
    return documents_pdf([slip], sheet_size=sheet_size)
