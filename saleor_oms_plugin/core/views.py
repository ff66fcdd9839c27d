from __future__ import annotations

import hmac
from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import json_response
from saleor_oms_plugin.core.metrics import exposition
from saleor_oms_plugin.core.readiness import readiness


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No I/O, so a slow database never gets it restarted."""
    return json_response({"status": "ok"})


@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: database, broker and migrations; 503 naming what failed and why."""
    checks = readiness()
    ok = all(check.ok for check in checks.values())
    return json_response(
        {
            "status": "ok" if ok else "unavailable",
            "checks": {name: asdict(check) for name, check in checks.items()},
        },
        status=200 if ok else 503,
    )


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics; behind ``Authorization: Bearer <METRICS_TOKEN>`` when one is set."""
    expected = settings.METRICS_TOKEN
    if expected:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), expected.encode()
        ):
            response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
