"""``POST /api/capture/<source code>/``: a source's signed inbound webhook (see webhook.py).

200 with an answer per order when at least one order was taken (or was a duplicate); 422
when every order was refused (nothing stored); 4xx with ``error.code`` for a request refused
whole: 400 INVALID_BODY, 401 MISSING_SIGNATURE / INVALID_SIGNATURE / STALE_TIMESTAMP, 409
REPLAYED, 413 BODY_TOO_LARGE. A database failure answers 503: send again.
"""

from __future__ import annotations

import logging

from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saleor_oms_plugin.capture.answers import answer_json
from saleor_oms_plugin.capture.webhook import (
    MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    WebhookRefused,
    webhook_receive,
)
from saleor_oms_plugin.core.http import error_response, json_response, read_limited_body

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def capture_webhook(request: HttpRequest, code: str) -> HttpResponse:
    body = read_limited_body(request, MAX_BODY_BYTES)
    if body is None:
        return error_response(
            f"The body is larger than {MAX_BODY_BYTES} bytes.", status=413, code="BODY_TOO_LARGE"
        )
    try:
        result = webhook_receive(
            code=code, header=request.headers.get(SIGNATURE_HEADER, ""), body=body
        )
    except WebhookRefused as exc:
        logger.info("capture webhook for %s refused (%s)", code, exc.code)
        return error_response(exc.message, status=exc.status, code=exc.code)
    except DatabaseError:
        logger.exception("capture webhook could not be stored")
        return error_response("Temporarily unable to store the orders.", status=503)
    return json_response(
        {"orders": [answer_json(answer) for answer in result.answers]},
        status=422 if result.all_refused else 200,
    )
