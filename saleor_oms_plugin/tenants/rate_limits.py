"""How often installations may be attempted: per Saleor API URL and per client address.

Each attempt makes this app call the Saleor it names (token check, JWKS) and may write a
tenant, so a caller must not be able to loop it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from saleor_oms_plugin.core.http import client_ip
from saleor_oms_plugin.core.rate_limits import Decision, rate_limit_take

PERIOD_SECONDS = 3600.0


def registration_allowed(request: HttpRequest, *, api_url: str) -> Decision:
    """Take one attempt from the address's bucket, then from the Saleor's (both must allow)."""
    by_address = rate_limit_take(
        "register-ip",
        client_ip(request),
        limit=settings.REGISTER_IP_RATE_LIMIT_PER_HOUR,
        period=PERIOD_SECONDS,
    )
    if not by_address.allowed:
        return by_address
    return rate_limit_take(
        "register",
        api_url,
        limit=settings.REGISTER_RATE_LIMIT_PER_HOUR,
        period=PERIOD_SECONDS,
    )
