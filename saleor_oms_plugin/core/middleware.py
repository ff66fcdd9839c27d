"""The service's own middleware.

- ``RequestIdMiddleware``: the request id, taken from ``X-Request-ID`` when it is sane and made
  up otherwise. It is put in the log context for the request's lines and echoed in the
  response, so a line in our logs can be matched with a proxy's or a client's.
- ``ApiErrorsAsJson``: every answer under ``/api/`` is JSON. Django's own 404 (no such route)
  and 405 (the view's ``require_POST``) are HTML or empty, so clients that read
  ``error.code`` got nothing to read.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from saleor_oms_plugin.core.http import error_response
from saleor_oms_plugin.core.log_context import log_context

REQUEST_ID_HEADER = "X-Request-ID"
# Proxies send UUIDs or hex/base64-ish ids; anything else (long, spaces, quotes, control
# characters) could forge log fields, so it is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")


def request_id_for(incoming: str | None) -> str:
    if incoming and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))
        with log_context(request_id=request_id):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


_REPLACED = {
    404: ("NOT_FOUND", "Nothing is served at this address."),
    405: ("METHOD_NOT_ALLOWED", "This address does not take {method}."),
}


class ApiErrorsAsJson:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        replaced = _REPLACED.get(response.status_code)
        if (
            replaced is None
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = replaced
        answer = error_response(
            message.format(method=request.method), status=response.status_code, code=code
        )
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
