"""The return label link: no token, no session; the signed link is the whole authorisation.

Every refusal is a short fixed text, so a probe learns nothing about returns or orders.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import file_response, refusal
from saleor_oms_plugin.core.signed_links import LinkExpired, LinkInvalid
from saleor_oms_plugin.returns.label import LABEL_STATUSES, label_pdf, label_request_id
from saleor_oms_plugin.returns.models import ReturnRequest


@require_GET
def return_label(request: HttpRequest, token: str) -> HttpResponse:
    try:
        request_id = label_request_id(token)
    except LinkExpired:
        return refusal(410, "This return label link has expired.")
    except LinkInvalid:
        return refusal(403, "This return label link is not valid.")
    found = (
        ReturnRequest.objects.select_related("order")
        .filter(pk=request_id, tenant__is_active=True)
        .first()
    )
    if found is None or found.status not in LABEL_STATUSES:
        return refusal(410, "This return label is no longer available.")
    return file_response(label_pdf(found), "application/pdf", f"{found.rma}.pdf")
