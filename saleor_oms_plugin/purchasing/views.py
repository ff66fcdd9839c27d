"""Purchase order documents behind signed links: no token, no session; the link is the whole
authorisation. Every refusal is a short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.purchasing.documents import (
    CONTENT_TYPES,
    LinkExpired,
    LinkInvalid,
    document_bytes,
    document_of_token,
    filename,
)
from saleor_oms_plugin.purchasing.models import PurchaseOrder


def _refusal(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def purchase_order_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk, kind = document_of_token(token)
    except LinkExpired:
        return _refusal(410, "This link has expired.")
    except LinkInvalid:
        return _refusal(403, "This link is not valid.")
    order = (
        PurchaseOrder.objects.select_related("supplier", "location")
        .filter(pk=pk, tenant__is_active=True)
        .first()
    )
    if order is None:
        return _refusal(410, "This purchase order is no longer available.")
    response = HttpResponse(document_bytes(order, kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename(order, kind)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
