"""Insights exports behind signed links: no token, no session; the link is the whole
authorisation, for one export of one tenant, for a few minutes. Every refusal is a short
fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.insights.exports import (
    LinkExpired,
    LinkInvalid,
    export_bytes,
    export_of_token,
)
from saleor_oms_plugin.tenants.models import Tenant


def _refusal(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def insights_export(request: HttpRequest, token: str) -> HttpResponse:
    try:
        spec = export_of_token(token)
    except LinkExpired:
        return _refusal(410, "This link has expired.")
    except LinkInvalid:
        return _refusal(403, "This link is not valid.")
    if not Tenant.objects.filter(pk=spec.tenant_id, is_active=True).exists():
        return _refusal(410, "This export is no longer available.")
    response = HttpResponse(export_bytes(spec), content_type=spec.content_type)
    response["Content-Disposition"] = f'attachment; filename="{spec.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
