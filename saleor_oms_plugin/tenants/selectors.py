from __future__ import annotations

from django.db.models import QuerySet

from saleor_oms_plugin.tenants.errors import TenantError
from saleor_oms_plugin.tenants.models import ApiKey, Tenant
from saleor_oms_plugin.tenants.saleor_urls import normalize_api_url


def tenant_get_active_by_api_url(*, api_url: str) -> Tenant | None:
    try:
        normalized = normalize_api_url(api_url)
    except TenantError:
        return None
    return Tenant.objects.filter(saleor_api_url=normalized, is_active=True).first()


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.all()


def api_key_list(*, tenant_id: int) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(tenant_id=tenant_id)
