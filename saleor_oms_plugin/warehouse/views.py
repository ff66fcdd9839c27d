"""Warehouse documents behind signed links: print documents made on request (pick lists,
packing slips, labels of a wave) and stored ones (a parcel's label, a manifest's list). No
token, no session; the link is the whole authorisation, for a few minutes. Every refusal is a
short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.tenants.selectors import tenant_is_active
from saleor_oms_plugin.warehouse import documents, stored_links
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Manifest, ShippingLabel

LABEL_TYPES = {"pdf": "application/pdf", "zpl": "text/plain; charset=utf-8"}
_EXPIRED = (documents.LinkExpired, stored_links.LinkExpired)
_INVALID = (documents.LinkInvalid, stored_links.LinkInvalid)


def _refusal(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _document(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def warehouse_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        wanted = documents.request_of_token(token)
    except _EXPIRED:
        return _refusal(410, "This link has expired.")
    except _INVALID:
        return _refusal(403, "This link is not valid.")
    if not tenant_is_active(tenant_id=wanted.tenant_id):
        return _refusal(410, "This document is no longer available.")
    try:
        body = documents.document_bytes(wanted)
    except WarehouseError:
        return _refusal(410, "This document is no longer available.")
    return _document(body, documents.CONTENT_TYPES[wanted.format], wanted.filename)


@require_GET
def stored_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        kind, pk = stored_links.stored_of_token(token)
    except _EXPIRED:
        return _refusal(410, "This link has expired.")
    except _INVALID:
        return _refusal(403, "This link is not valid.")
    if kind == "parcel":
        label = ShippingLabel.objects.filter(
            parcel_id=pk, state=ShippingLabel.State.ISSUED, tenant__is_active=True
        ).first()
        if label is None:
            return _refusal(410, "This label is no longer available.")
        extension = "zpl" if label.label_format == "zpl" else "pdf"
        return _document(
            bytes(label.label),
            LABEL_TYPES[extension],
            f"label-{label.tracking_number or pk}.{extension}",
        )
    manifest = Manifest.objects.filter(
        pk=pk, closed_at__isnull=False, tenant__is_active=True
    ).first()
    if manifest is None:
        return _refusal(410, "This manifest is no longer available.")
    return _document(
        bytes(manifest.document),
        "text/csv; charset=utf-8",
        f"manifest-{manifest.carrier}-{manifest.closed_at:%Y%m%d}-{manifest.pk}.csv",
    )
