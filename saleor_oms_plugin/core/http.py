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


def file_response(
    body: bytes, content_type: str, filename: str, *, disposition: str = "inline"
) -> HttpResponse:
    """A document behind a signed link: named, never cached by a shared cache nor sniffed."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def refusal(status: int, text: str) -> HttpResponse:
    """A short fixed-text refusal of a signed link, so a probe learns nothing."""
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


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
