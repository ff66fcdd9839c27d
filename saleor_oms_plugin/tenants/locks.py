"""Row locks of tenants: installations, their API keys and their import run. The tenant row
serialises changes to an installation (install, settings, a new import)."""

from __future__ import annotations

from saleor_oms_plugin.core.locks import lock_in_pk_order
from saleor_oms_plugin.tenants.models import ApiKey, ImportRun, Tenant


def lock_tenant(tenant_id: int) -> Tenant | None:
    """Tenant ``tenant_id``, locked FOR UPDATE; None if there is none."""
    return Tenant.objects.select_for_update().filter(pk=tenant_id).first()


def lock_tenant_by_api_url(api_url: str) -> Tenant | None:
    """The tenant installed from the Saleor at ``api_url``, locked FOR UPDATE; None if none."""
    return Tenant.objects.select_for_update().filter(saleor_api_url=api_url).first()


def lock_tenants_with_token() -> list[Tenant]:
    """Every tenant holding a Saleor token, locked, in primary-key order."""
    return lock_in_pk_order(Tenant.objects.exclude(token_encrypted=""))


def lock_api_key(tenant_id: int, key_id: int) -> ApiKey | None:
    """The tenant's API key ``key_id``, locked FOR UPDATE; None if there is none."""
    return ApiKey.objects.select_for_update().filter(tenant_id=tenant_id, pk=key_id).first()


def lock_import_run(tenant_id: int) -> ImportRun | None:
    """The tenant's import run row (one per tenant), locked FOR UPDATE; None before the first."""
    return ImportRun.objects.select_for_update().filter(tenant_id=tenant_id).first()


def lock_import_run_if_current(tenant_id: int, run_id: str) -> ImportRun | None:
    """The tenant's import run row, locked FOR UPDATE, if it is still the run ``run_id``."""
    return ImportRun.objects.select_for_update().filter(tenant_id=tenant_id, run_id=run_id).first()
