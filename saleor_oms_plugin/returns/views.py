"""The return label link: no token, no session; the signed link is the whole authorisation.

Every refusal is a short fixed text, so a probe learns nothing about returns or orders.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.returns.label import (
    LABEL_STATUSES,
    LabelLinkExpired,
    LabelLinkInvalid,
    label_pdf,
    label_request_id,
)
from saleor_oms_plugin.returns.models import ReturnRequest


def _refusal(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def return_label(request: HttpRequest, token: str) -> HttpResponse:
    try:
        request_id = label_request_id(token)
    except LabelLinkExpired:
        return _refusal(410, "This return label link has expired.")
    except LabelLinkInvalid:
        return _refusal(403, "This return label link is not valid.")
    found = (
        ReturnRequest.objects.select_related("order")
        .filter(pk=request_id, tenant__is_active=True)
        .first()
    )
    if found is None or found.status not in LABEL_STATUSES:
        return _refusal(410, "This return label is no longer available.")
    response = HttpResponse(label_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.rma}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
