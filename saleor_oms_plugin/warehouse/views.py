"""Stored shipping documents behind signed links: a parcel's label, a manifest's list. No
token, no session; the link is the whole authorisation. Every refusal is a short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.warehouse.models import Manifest, ShippingLabel
from saleor_oms_plugin.warehouse.stored_links import LinkExpired, LinkInvalid, stored_of_token

LABEL_TYPES = {"pdf": "application/pdf", "zpl": "text/plain; charset=utf-8"}


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
def stored_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        kind, pk = stored_of_token(token)
    except LinkExpired:
        return _refusal(410, "This link has expired.")
    except LinkInvalid:
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
