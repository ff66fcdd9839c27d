"""``POST /api/feeds/<source>/csv``: a stock feed uploaded as CSV by an integration.

Authenticated with a tenant API key (``Authorization: Bearer <key>`` or ``X-Api-Key``) that
holds MANAGE_PRODUCTS. ``Idempotency-Key`` header required; the sequence comes from the
``sequence`` query parameter or the ``Feed-Sequence`` header. Answers the run as JSON (200,
also for STALE, REJECTED and a replayed key), or an ``{"error": {message, code}}`` with 400,
401, 403, 404, 413 or 503.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.core.http import error_response, json_response, read_limited_body
from saleor_oms_plugin.inventory.error_codes import InventoryErrorCode
from saleor_oms_plugin.inventory.errors import InventoryError
from saleor_oms_plugin.inventory.feed_csv import CsvFeedError, CsvFeedTooLarge, parse_csv_feed
from saleor_oms_plugin.inventory.feeds import feed_submit
from saleor_oms_plugin.inventory.models import FeedRun
from saleor_oms_plugin.tenants.models import ApiKey
from saleor_oms_plugin.tenants.services import api_key_authenticate

PERMISSION = "MANAGE_PRODUCTS"
_STATUS: dict[Enum, int] = {
    InventoryErrorCode.FEED_SOURCE_NOT_FOUND: 404,
    InventoryErrorCode.FEED_TOO_LARGE: 413,
    InventoryErrorCode.SALEOR_UNAVAILABLE: 503,
}


def _api_key(request: HttpRequest) -> ApiKey | None:
    plain = request.headers.get("X-Api-Key", "").strip()
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if not plain and scheme.lower() == "bearer":
        plain = credential.strip()
    return api_key_authenticate(plain=plain) if plain else None


def run_json(run: FeedRun, *, replayed: bool) -> dict[str, Any]:
    return {
        "id": run.pk,
        "source": run.source.name,
        "idempotencyKey": run.idempotency_key,
        "sequence": run.sequence,
        "status": run.status,
        "replayed": replayed,
        "linesTotal": run.lines_total,
        "linesApplied": run.lines_applied,
        "linesFailed": run.lines_failed,
        "lines": run.results,
    }


@csrf_exempt
@require_POST
def feed_csv_upload(request: HttpRequest, source: str) -> HttpResponse:
    key = _api_key(request)
    if key is None:
        response = error_response("A valid API key is required.", status=401, code="UNAUTHORIZED")
        response["WWW-Authenticate"] = "Bearer"
        return response
    if PERMISSION not in (key.permissions or []):
        return error_response(
            f"The API key lacks {PERMISSION}.", status=403, code="PERMISSION_DENIED"
        )
    limit = settings.INVENTORY_FEED_MAX_CSV_BYTES
    body = read_limited_body(request, limit)
    if body is None:
        return error_response(
            f"The file is larger than {limit} bytes.",
            status=413,
            code=InventoryErrorCode.FEED_TOO_LARGE.value,
        )
    if "\x00" in source:
        # No source is named so, and PostgreSQL cannot even compare a name holding NUL.
        return error_response(
            f"No feed source {source!r}.",
            status=404,
            code=InventoryErrorCode.FEED_SOURCE_NOT_FOUND.value,
        )
    raw_sequence = request.GET.get("sequence") or request.headers.get("Feed-Sequence", "")
    if not re.fullmatch(r"[0-9]{1,19}", raw_sequence.strip()):
        return error_response(
            "A whole-number sequence is required (?sequence= or the Feed-Sequence header).",
            status=400,
            code=InventoryErrorCode.INVALID_SEQUENCE.value,
        )
    try:
        lines = parse_csv_feed(body)
    except CsvFeedTooLarge as exc:
        return error_response(str(exc), status=413, code=InventoryErrorCode.FEED_TOO_LARGE.value)
    except CsvFeedError as exc:
        return error_response(str(exc), status=400, code="INVALID_CSV")
    try:
        result = feed_submit(
            tenant_id=key.tenant_id,
            source_name=source,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            sequence=int(raw_sequence.strip()),
            lines=lines,
            actor=Actor(AuditEvent.ActorType.API_KEY, str(key.pk)),
            channel="csv",
        )
    except InventoryError as exc:
        return error_response(exc.message, status=_STATUS.get(exc.code, 400), code=exc.code.value)
    return json_response(run_json(result.run, replayed=result.replayed))
