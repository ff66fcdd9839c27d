"""Warehouse documents behind signed links: print documents made on request (pick lists,
packing slips, labels of a wave) and stored ones (a parcel's label, a manifest's list). No
token, no session; the link is the whole authorisation, for a few minutes. Every refusal is a
short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import file_response, refusal
from saleor_oms_plugin.core.signed_links import LinkExpired, LinkInvalid
from saleor_oms_plugin.tenants.selectors import tenant_is_active
from saleor_oms_plugin.warehouse import documents, stored_links
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.models import Manifest, ShippingLabel

LABEL_TYPES = {"pdf": "application/pdf", "zpl": "text/plain; charset=utf-8"}


@require_GET
def warehouse_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        wanted = documents.request_of_token(token)
    except LinkExpired:
        return refusal(410, "This link has expired.")
    except LinkInvalid:
        return refusal(403, "This link is not valid.")
    if not tenant_is_active(tenant_id=wanted.tenant_id):
        return refusal(410, "This document is no longer available.")
    try:
        body = documents.document_bytes(wanted)
    except WarehouseError:
        return refusal(410, "This document is no longer available.")
    return file_response(body, documents.CONTENT_TYPES[wanted.format], wanted.filename)


@require_GET
def stored_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        kind, pk = stored_links.stored_of_token(token)
    except LinkExpired:
        return refusal(410, "This link has expired.")
    except LinkInvalid:
        return refusal(403, "This link is not valid.")
    if kind == "parcel":
        label = ShippingLabel.objects.filter(
            parcel_id=pk, state=ShippingLabel.State.ISSUED, tenant__is_active=True
        ).first()
        if label is None:
            return refusal(410, "This label is no longer available.")
        extension = "zpl" if label.label_format == "zpl" else "pdf"
        return file_response(
            bytes(label.label),
            LABEL_TYPES[extension],
            f"label-{label.tracking_number or pk}.{extension}",
        )
    manifest = Manifest.objects.filter(
        pk=pk, closed_at__isnull=False, tenant__is_active=True
    ).first()
    if manifest is None:
        return refusal(410, "This manifest is no longer available.")
    return file_response(
        bytes(manifest.document),
        "text/csv; charset=utf-8",
        f"manifest-{manifest.carrier}-{manifest.closed_at:%Y%m%d}-{manifest.pk}.csv",
    )
