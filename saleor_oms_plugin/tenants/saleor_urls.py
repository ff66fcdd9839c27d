"""Saleor API URLs: one normal form, so a tenant is found whichever way a URL is written."""

from __future__ import annotations

from fnmatch import fnmatchcase
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from saleor_oms_plugin.tenants.error_codes import TenantErrorCode
from saleor_oms_plugin.tenants.errors import TenantError


def normalize_api_url(url: str) -> str:
    """Lower-case scheme and host, no query or fragment, path ending in ``/``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise TenantError(
            TenantErrorCode.INVALID_SALEOR_URL,
            f"{url!r} is not an http(s) URL of a Saleor API",
            field="saleor_api_url",
        )
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def require_allowed(api_url: str) -> None:
    """Installation requests are unsigned: only Saleors matching ALLOWED_SALEOR_URLS may register."""
    if not any(fnmatchcase(api_url, pattern) for pattern in settings.ALLOWED_SALEOR_URLS):
        raise TenantError(
            TenantErrorCode.SALEOR_URL_NOT_ALLOWED,
            f"This deployment does not accept installations from {api_url}. "
            "Ask its operator to add it to ALLOWED_SALEOR_URLS.",
            field="saleor_api_url",
        )
