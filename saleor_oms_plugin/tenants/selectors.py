from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import QuerySet

from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.models import ApiKey, ImportRun, Tenant
from saleor_oms_plugin.tenants.saleor_urls import normalize_api_url
from saleor_oms_plugin.tenants.settings_schema import (
    INSTALLATION_KEY,
    TenantSettings,
    settings_parse,
)


def tenant_get_active_by_api_url(*, api_url: str) -> Tenant | None:
    tenant = tenant_get_by_api_url(api_url=api_url)
    return tenant if tenant is not None and tenant.is_active else None


def tenant_get_by_api_url(*, api_url: str) -> Tenant | None:
    """Active or not, however the URL is written (None for a URL that is not a Saleor API)."""
    try:
        normalized = normalize_api_url(api_url)
    except TenantError:
        return None
    return Tenant.objects.filter(saleor_api_url=normalized).first()


# api url as sent → (expiry on the monotonic clock, tenant). Per process; see below.
_active_tenants: dict[str, tuple[float, Tenant]] = {}
_active_tenants_lock = threading.Lock()


def tenant_get_active_cached(*, api_url: str) -> Tenant | None:
    """``tenant_get_active_by_api_url`` remembered for TENANT_CACHE_SECONDS in this process.

    Webhook intake looks the tenant up on every delivery; caching it saves a query per delivery.
    The price: a tenant deactivated by another process is still accepted here for at most that
    long (its deliveries are stored and processed like any other). Unknown URLs are not cached,
    so a fresh installation is seen at once.
    """
    ttl = settings.TENANT_CACHE_SECONDS
    if ttl <= 0:
        return tenant_get_active_by_api_url(api_url=api_url)
    now = time.monotonic()
    cached = _active_tenants.get(api_url)
    if cached is not None and cached[0] > now:
        return cached[1]
    tenant = tenant_get_active_by_api_url(api_url=api_url)
    with _active_tenants_lock:
        if tenant is None:
            _active_tenants.pop(api_url, None)
        else:
            _active_tenants[api_url] = (now + ttl, tenant)
    return tenant


def tenant_cache_forget(*, api_url: str | None = None) -> None:
    """Drop one cached tenant (or all): after it changed in this process."""
    with _active_tenants_lock:
        if api_url is None:
            _active_tenants.clear()
        else:
            _active_tenants.pop(api_url, None)


def tenant_is_active(*, tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.all()


def api_key_list(*, tenant_id: int) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(tenant_id=tenant_id)


def import_run_get(*, tenant_id: int) -> ImportRun:
    """The tenant's last import run; an unsaved NOT_STARTED one when it never ran."""
    run = ImportRun.objects.filter(tenant_id=tenant_id).first()
    if run is None:
        run = ImportRun(tenant_id=tenant_id, state=ImportRun.State.NOT_STARTED)
    return run


def tenant_settings_get(*, tenant: Tenant) -> TenantSettings:
    """A tenant's effective settings: what the merchant set, defaults for the rest.

    Takes the tenant already loaded (readers have it at hand): no query."""
    return settings_parse(tenant.settings)


def tenant_granted_permissions(*, tenant: Tenant) -> frozenset[str] | None:
    """The permissions Saleor granted this installation, as recorded at (re)installation;
    None when they were never recorded (installed before the app recorded them)."""
    installation = (tenant.settings or {}).get(INSTALLATION_KEY)
    if not isinstance(installation, dict) or not isinstance(installation.get("permissions"), list):
        return None
    return frozenset(str(code) for code in installation["permissions"])
