"""Small helpers shared by the HTTP edges."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse


def json_response(data: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(data, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json")
    # Sized responses keep HTTP/1.1 connections simple for Saleor's client (no chunking).
    response["Content-Length"] = str(len(body))
    return response


def error_response(message: str, *, status: int, code: str = "") -> HttpResponse:
    """Saleor shows ``error.message`` of a refused installation to the merchant."""
    error: dict[str, str] = {"message": message}
    if code:
        error["code"] = code
    return json_response({"error": error}, status=status)


def read_limited_body(request: HttpRequest, limit: int) -> bytes | None:
    """The body, or None when it is (or claims to be) larger than ``limit`` bytes."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body
