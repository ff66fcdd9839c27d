"""Saleor API URLs: one normal form, so a tenant is found whichever way a URL is written."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from urllib.parse import SplitResult, urlsplit, urlunsplit

from django.conf import settings

from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.errors import TenantError

_HOSTNAME = re.compile(r"[a-z0-9._-]+|[0-9a-f:.]+")  # a DNS name or an IP (v6 without brackets)


def _split(url: str) -> SplitResult | None:
    """The URL's parts; None when it cannot be split (an unclosed ``[``) or its port is not a
    number."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def normalize_api_url(url: str) -> str:
    """Lower-case scheme and host, no query or fragment, path ending in ``/``."""
    parts = _split(url)
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or not _HOSTNAME.fullmatch(parts.hostname)
        # `http://127.0.0.1:1@evil.example/` is a URL of evil.example: no user info, ever.
        or parts.username is not None
        or parts.password is not None
    ):
        raise TenantError(
            TenantErrorCode.INVALID_SALEOR_URL,
            f"{url!r} is not an http(s) URL of a Saleor API",
            field="saleor_api_url",
        )
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def _allowed(api_url: str, pattern: str) -> bool:
    """Glob match, with the host and the path each matched on its own: a ``*`` also matches
    ``/``, so ``https://*.saleor.cloud/graphql/`` alone would allow
    ``https://attacker.example/.saleor.cloud/graphql/``."""
    if not fnmatchcase(api_url, pattern):
        return False
    url, allowed = urlsplit(api_url), urlsplit(pattern)
    return fnmatchcase(url.netloc, allowed.netloc.lower()) and fnmatchcase(url.path, allowed.path)


def require_allowed(api_url: str) -> None:
    """Installation requests are unsigned: only Saleors matching ALLOWED_SALEOR_URLS may register."""
    if not any(_allowed(api_url, pattern) for pattern in settings.ALLOWED_SALEOR_URLS):
        raise TenantError(
            TenantErrorCode.SALEOR_URL_NOT_ALLOWED,
            f"This deployment does not accept installations from {api_url}. "
            "Ask its operator to add it to ALLOWED_SALEOR_URLS.",
            field="saleor_api_url",
        )
