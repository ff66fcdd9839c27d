"""The return label: a one-page PDF with the RMA as a Code 128 barcode, where to send the
parcel, what is in it and the policy's instructions; reached by a signed, expiring link.

The link carries no secret of the customer's: a ``TimestampSigner`` signature of the return's
id (salted for this use). Anyone holding the link sees this one label while the return is on
its way to us (approved or in transit), and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import Any

from django.conf import settings
from django.urls import reverse
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from saleor_oms_plugin.core.signed_links import link_id, link_read, link_sign
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Fulfillment
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.selectors import policy_for

SALT = "oms.returns.label"
LABEL_MAX_AGE = dt.timedelta(days=30)
LABEL_STATUSES = frozenset({ReturnRequest.Status.APPROVED, ReturnRequest.Status.IN_TRANSIT})
DEFAULT_INSTRUCTIONS = (
    "Pack the items securely with this label inside, stick the barcode on the outside of the "
    "parcel, and send it to the address above."
)


def label_token(request: ReturnRequest) -> str:
    return link_sign(SALT, str(request.pk))


def label_url(request: ReturnRequest) -> str | None:
    """The absolute link to the label while one is useful, else None."""
    if request.status not in LABEL_STATUSES:
        return None
    path = reverse("return-label", args=[label_token(request)])
    return f"{settings.APP_URL.rstrip('/')}{path}"


def label_request_id(token: str) -> int:
    """The return id a label link was signed for; raises ``core.signed_links.LinkExpired`` /
    ``LinkInvalid`` if expired or tampered with."""
    return link_id(link_read(SALT, token, max_age=LABEL_MAX_AGE))


def return_location(request: ReturnRequest) -> Location | None:
    """Where the parcel goes: the policy's return location, else where the order shipped from."""
    policy = policy_for(tenant_id=request.tenant_id, channel=request.order.channel_slug)
    if policy is not None and policy.return_location_id is not None:
        return policy.return_location
    warehouse_ids = Fulfillment.objects.filter(
        order_id=request.order_id, status="FULFILLED"
    ).values_list("warehouse_id", flat=True)
    return (
        Location.objects.filter(
            tenant_id=request.tenant_id, saleor_id__in=list(warehouse_ids), is_deleted=False
        )
        .order_by("pk")
        .first()
    )


def _address_lines(location: Location | None) -> list[str]:
    if location is None:
        return ["(the shop will tell you where to send it)"]
    city = " ".join(
        part for part in (location.postal_code, location.city, location.country_area) if part
    )
    lines = [
        location.company_name or location.name,
        location.street_address_1,
        location.street_address_2,
        city,
        location.country,
    ]
    return [line for line in lines if line]


def _customer_lines(address: dict[str, Any] | None, email: str) -> list[str]:
    address = address or {}
    name = " ".join(p for p in (address.get("firstName"), address.get("lastName")) if p)
    city = " ".join(p for p in (address.get("postalCode"), address.get("city")) if p)
    lines = [name, address.get("streetAddress1"), address.get("streetAddress2"), city, email]
    return [str(line) for line in lines if line]


def label_pdf(request: ReturnRequest) -> bytes:
    """The label as PDF bytes (A4, one page; the RMA is text and a Code 128 barcode)."""
    order = request.order
    policy = policy_for(tenant_id=request.tenant_id, channel=order.channel_slug)
    instructions = (policy.instructions if policy else "") or DEFAULT_INSTRUCTIONS
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"Return label {request.rma}")
    width, height = A4
    left, y = 20 * mm, height - 25 * mm

    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawString(left, y, f"Return {request.rma}")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, y - 14, f"Order #{order.number}")
    barcode = code128.Code128(request.rma, barHeight=18 * mm, barWidth=0.45 * mm)
    barcode.drawOn(pdf, width - 20 * mm - barcode.width, y - 14)
    pdf.drawRightString(width - 20 * mm, y - 26, request.rma)

    y -= 55
    for title, lines, x in (
        ("Send to", _address_lines(return_location(request)), left),
        ("From", _customer_lines(order.shipping_address, request.customer_email), width / 2),
    ):
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(x, y, title)
        pdf.setFont("Helvetica", 11)
        for index, line in enumerate(lines, start=1):
            pdf.drawString(x, y - 15 * index, line)

    y -= 110
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(left, y, "In this parcel")
    pdf.setFont("Helvetica", 10)
    for returned in request.lines.select_related("order_line"):
        y -= 14
        product = returned.order_line
        item = f"{returned.quantity} x {product.product_name} ({product.sku})"
        pdf.drawString(left, y, f"{item} - {returned.reason}")

    y -= 30
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(left, y, "Instructions")
    pdf.setFont("Helvetica", 10)
    for paragraph in instructions.splitlines() or [""]:
        for line in textwrap.wrap(paragraph, 95) or [""]:
            y -= 13
            pdf.drawString(left, y, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
