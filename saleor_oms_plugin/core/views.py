from __future__ import annotations

from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from saleor_oms_plugin.core.http import json_response


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability, for load balancers and orchestrators."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return json_response({"status": "database unavailable"}, status=503)
    return json_response({"status": "ok"})
