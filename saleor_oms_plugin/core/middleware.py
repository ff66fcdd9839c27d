"""Every answer under ``/api/`` is JSON: Django's own 404 (no such route) and 405 (the view's
``require_POST``) are HTML or empty, so clients that read ``error.code`` got nothing to read."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from saleor_oms_plugin.core.http import error_response

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
