"""Purchase order documents behind signed links: no token, no session; the link is the whole
authorisation. Every refusal is a short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import file_response, refusal
from saleor_oms_plugin.core.signed_links import LinkExpired, LinkInvalid
from saleor_oms_plugin.purchasing.documents import (
    CONTENT_TYPES,
    document_bytes,
    document_of_token,
    filename,
)
from saleor_oms_plugin.purchasing.models import PurchaseOrder


@require_GET
def purchase_order_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk, kind = document_of_token(token)
    except LinkExpired:
        return refusal(410, "This link has expired.")
    except LinkInvalid:
        return refusal(403, "This link is not valid.")
    order = (
        PurchaseOrder.objects.select_related("supplier", "location")
        .filter(pk=pk, tenant__is_active=True)
        .first()
    )
    if order is None:
        return refusal(410, "This purchase order is no longer available.")
    return file_response(
        document_bytes(order, kind),
        CONTENT_TYPES[kind],
        filename(order, kind),
        disposition="attachment",
    )
