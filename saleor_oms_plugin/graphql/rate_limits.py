"""How many GraphQL requests a caller may send: per tenant, or per address without credentials.

Checked once the caller is known and before anything executes, so a refused request costs a
parse, a validation and one Redis round trip. ``GRAPHQL_RATE_LIMIT_OVERRIDES`` gives single
tenants (by Saleor API URL) a limit of their own.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from saleor_oms_plugin.core.http import client_ip
from saleor_oms_plugin.core.rate_limits import rate_limit_take
from saleor_oms_plugin.graphql.auth import Viewer

PERIOD_SECONDS = 60.0


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self.message = f"Too many requests; try again in {retry_after} s."
        super().__init__(self.message)


def graphql_rate_limit_check(request: HttpRequest, viewer: Viewer) -> None:
    """Take one request from the caller's bucket; raises :class:`RateLimited` when it is empty."""
    if viewer.tenant is not None:
        tenant = viewer.tenant
        limit = settings.GRAPHQL_RATE_LIMIT_OVERRIDES.get(
            tenant.saleor_api_url, settings.GRAPHQL_RATE_LIMIT_PER_MINUTE
        )
        decision = rate_limit_take(
            "graphql", f"tenant:{tenant.pk}", limit=limit, period=PERIOD_SECONDS
        )
    else:
        decision = rate_limit_take(
            "graphql-anonymous",
            client_ip(request),
            limit=settings.GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
            period=PERIOD_SECONDS,
        )
    if not decision.allowed:
        raise RateLimited(decision.retry_after)
