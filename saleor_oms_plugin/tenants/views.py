"""Installation endpoints Saleor calls: the manifest and the token registration."""

from __future__ import annotations

import logging

from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from saleor_oms_plugin.core.http import (
    error_response,
    json_response,
    read_limited_body,
    with_retry_after,
)
from saleor_oms_plugin.core.json_body import JsonBodyError, json_loads_strict
from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.logo import logo_png
from saleor_oms_plugin.tenants.manifest import manifest_build
from saleor_oms_plugin.tenants.rate_limits import registration_allowed
from saleor_oms_plugin.tenants.services import tenant_register

logger = logging.getLogger(__name__)

_REGISTER_STATUS = {
    TenantErrorCode.SALEOR_URL_NOT_ALLOWED: 403,
    TenantErrorCode.TOKEN_REJECTED: 403,
    TenantErrorCode.SALEOR_UNREACHABLE: 502,
    TenantErrorCode.JWKS_UNAVAILABLE: 502,
}


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    return json_response(manifest_build())


@csrf_exempt
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    body = read_limited_body(request, 64 * 1024)
    if body is None:
        return error_response("The request is too large.", status=413, code="BODY_TOO_LARGE")
    try:
        data = json_loads_strict(body or b"null")
    except JsonBodyError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("auth_token"), str):
        return error_response(
            'Expected a JSON body {"auth_token": "…"}.', status=400, code="INVALID_BODY"
        )
    api_url = request.headers.get("Saleor-Api-Url", "")
    if not api_url:
        return error_response(
            "The Saleor-Api-Url header is missing.", status=400, code="INVALID_SALEOR_URL"
        )
    decision = registration_allowed(request, api_url=api_url)
    if not decision.allowed:
        logger.info("installation from %s refused: too many attempts", api_url)
        return with_retry_after(
            error_response(
                f"Too many installation attempts; try again in {decision.retry_after} s.",
                status=429,
                code="RATE_LIMITED",
            ),
            decision.retry_after,
        )
    try:
        tenant_register(
            api_url=api_url,
            auth_token=data["auth_token"],
            domain=request.headers.get("Saleor-Domain", ""),
            schema_version=request.headers.get("Saleor-Schema-Version", ""),
        )
    except TenantError as exc:
        logger.info("installation from %s refused: %s", api_url, exc.message)
        return error_response(
            exc.message, status=_REGISTER_STATUS.get(exc.code, 400), code=exc.code.value
        )
    except DatabaseError:
        logger.exception("installation from %s could not be stored", api_url)
        return error_response(
            "The app could not store the installation; please try again.", status=503
        )
    return json_response({"success": True})


@require_GET
def logo(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(logo_png(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto">
<h1>{title}</h1><p>{text}</p></body></html>"""


def _page(title: str, text: str) -> HttpResponse:
    return HttpResponse(_PAGE.format(title=title, text=text))


@require_GET
def app_home(request: HttpRequest) -> HttpResponse:
    return _page(
        "Saleor OMS",
        "The OMS is installed. Its pages appear in the Saleor Dashboard once the dashboard "
        "extension is built into this deployment.",
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(
        "Data privacy",
        "Saleor OMS stores copies of your orders and warehouses, the app token Saleor issued "
        "(encrypted) and an audit log of every change it makes. Uninstalling the app stops all "
        "processing; the operator of this deployment deletes the data on request.",
    )


@require_GET
def support(request: HttpRequest) -> HttpResponse:
    return _page("Support", "Contact the operator of this deployment for support.")
