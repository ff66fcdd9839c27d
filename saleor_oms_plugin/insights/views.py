"""Insights exports behind signed links: no token, no session; the link is the whole
authorisation, for one export of one tenant, for a few minutes. Every refusal is a short
fixed text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import file_response, refusal
from saleor_oms_plugin.core.signed_links import LinkExpired, LinkInvalid
from saleor_oms_plugin.insights.exports import export_bytes, export_of_token
from saleor_oms_plugin.tenants.models import Tenant


@require_GET
def insights_export(request: HttpRequest, token: str) -> HttpResponse:
    try:
        spec = export_of_token(token)
    except LinkExpired:
        return refusal(410, "This link has expired.")
    except LinkInvalid:
        return refusal(403, "This link is not valid.")
    if not Tenant.objects.filter(pk=spec.tenant_id, is_active=True).exists():
        return refusal(410, "This export is no longer available.")
    return file_response(
        export_bytes(spec), spec.content_type, spec.filename, disposition="attachment"
    )
