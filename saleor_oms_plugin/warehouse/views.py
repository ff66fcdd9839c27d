"""Warehouse print documents behind signed links: no token, no session; the link is the whole
authorisation, for a few minutes. Every refusal is a short fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.tenants.selectors import tenant_is_active
from saleor_oms_plugin.warehouse.documents import (
    CONTENT_TYPES,
    LinkExpired,
    LinkInvalid,
    document_bytes,
    request_of_token,
)
from saleor_oms_plugin.warehouse.errors import WarehouseError


def _refusal(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def warehouse_document(request: HttpRequest, token: str) -> HttpResponse:
    try:
        wanted = request_of_token(token)
    except LinkExpired:
        return _refusal(410, "This link has expired.")
    except LinkInvalid:
        return _refusal(403, "This link is not valid.")
    if not tenant_is_active(tenant_id=wanted.tenant_id):
        return _refusal(410, "This document is no longer available.")
    try:
        body = document_bytes(wanted)
    except WarehouseError:
        return _refusal(410, "This document is no longer available.")
    response = HttpResponse(body, content_type=CONTENT_TYPES[wanted.format])
    response["Content-Disposition"] = f'inline; filename="{wanted.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
