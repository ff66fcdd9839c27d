"""Small helpers shared by the HTTP edges."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
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


def client_ip_from(remote_addr: str, forwarded_for: str, *, trusted_proxies: int) -> str:
    """The client's address: ``remote_addr``, or with ``trusted_proxies`` proxies in front,
    the X-Forwarded-For entry that many hops back (each proxy appends the address it saw;
    anything further left was written by the client and proves nothing)."""
    if trusted_proxies <= 0:
        return remote_addr
    hops = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    hops.append(remote_addr)
    return hops[max(0, len(hops) - 1 - trusted_proxies)]


def client_ip(request: HttpRequest) -> str:
    """The calling client's IP address, trusting ``RATE_LIMIT_TRUSTED_PROXIES`` proxies."""
    return client_ip_from(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies=settings.RATE_LIMIT_TRUSTED_PROXIES,
    )


def with_retry_after(response: HttpResponse, seconds: int) -> HttpResponse:
    response["Retry-After"] = str(seconds)
    return response
