"""``POST /api/webhooks/<group>/``: Saleor's signed deliveries; ``POST /api/sync/<hook>/``: its
synchronous questions."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saleor_oms_plugin.core.http import error_response, json_response, read_limited_body
from saleor_oms_plugin.saleor.subscriptions import GROUPS_BY_PATH, SYNC_BY_PATH
from saleor_oms_plugin.webhooks.error_codes import IntakeErrorCode
from saleor_oms_plugin.webhooks.errors import IntakeError
from saleor_oms_plugin.webhooks.intake import delivery_receive
from saleor_oms_plugin.webhooks.sync_answers import sync_answer

logger = logging.getLogger(__name__)

# Saleor never retries a 4xx, so 4xx is only for deliveries that are really bad.
_STATUS = {
    IntakeErrorCode.UNKNOWN_TENANT: 401,
    IntakeErrorCode.MISSING_SIGNATURE: 401,
    IntakeErrorCode.INVALID_SIGNATURE: 401,
    IntakeErrorCode.BODY_TOO_LARGE: 413,
    IntakeErrorCode.INVALID_BODY: 400,
    IntakeErrorCode.UNEXPECTED_EVENT: 400,
}


def _too_large() -> HttpResponse:
    return error_response(
        f"The body is larger than {settings.WEBHOOK_MAX_BODY_BYTES} bytes.",
        status=413,
        code=IntakeErrorCode.BODY_TOO_LARGE.value,
    )


def _saleor_headers(request: HttpRequest) -> dict[str, str]:
    """Who sent it and what it is: the headers every Saleor delivery carries."""
    return {
        "api_url": request.headers.get("Saleor-Api-Url", ""),
        "event": request.headers.get("Saleor-Event", ""),
        "signature": request.headers.get("Saleor-Signature", ""),
    }


def _refused(exc: IntakeError, what: str) -> HttpResponse:
    logger.info("%s refused (%s): %s", what, exc.code.value, exc.message)
    return error_response(exc.message, status=_STATUS[exc.code], code=exc.code.value)


@csrf_exempt
@require_POST
def webhook_intake(request: HttpRequest, group: str) -> HttpResponse:
    webhook_group = GROUPS_BY_PATH.get(group)
    if webhook_group is None:
        return error_response("No such webhook.", status=404, code="NOT_FOUND")
    body = read_limited_body(request, settings.WEBHOOK_MAX_BODY_BYTES)
    if body is None:
        return _too_large()
    try:
        received = delivery_receive(group=webhook_group, body=body, **_saleor_headers(request))
    except IntakeError as exc:
        return _refused(exc, "webhook")
    except DatabaseError:
        # A good delivery we cannot store now: 5xx makes Saleor deliver it again later.
        logger.exception("webhook delivery could not be stored")
        return error_response("Temporarily unable to store the delivery.", status=503)
    return json_response({"accepted": True, "duplicate": received.duplicate})


@csrf_exempt
@require_POST
def webhook_sync(request: HttpRequest, hook: str) -> HttpResponse:
    """Answers at once with what Saleor expects; ``OMS-Answer`` says whether the OMS had an
    opinion (``answered``) or gave the answer that changes nothing (``no-opinion``)."""
    sync_webhook = SYNC_BY_PATH.get(hook)
    if sync_webhook is None:
        return error_response("No such webhook.", status=404, code="NOT_FOUND")
    body = read_limited_body(request, settings.WEBHOOK_MAX_BODY_BYTES)
    if body is None:
        return _too_large()
    try:
        answer = sync_answer(hook=sync_webhook, body=body, **_saleor_headers(request))
    except IntakeError as exc:
        return _refused(exc, "synchronous webhook")
    except DatabaseError:
        logger.exception("synchronous webhook could not be answered")
        return error_response("Temporarily unable to answer.", status=503)
    response = json_response(answer.body)
    response["OMS-Answer"] = "answered" if answer.answered else "no-opinion"
    return response
