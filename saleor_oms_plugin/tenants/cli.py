"""The tenant argument of the operator commands (``--api-url``, ``--tenant``)."""

from __future__ import annotations

from django.core.management.base import CommandError

from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_get_by_api_url


def tenant_from_argument(value: str, *, by_id: bool = False) -> Tenant:
    """The tenant a Saleor API URL (however written) names, or with ``by_id`` also an id."""
    tenant = (
        Tenant.objects.filter(pk=int(value)).first()
        if by_id and value.isdigit()
        else tenant_get_by_api_url(api_url=value)
    )
    if tenant is None:
        raise CommandError(f"NOT_FOUND: no tenant for {value}")
    return tenant
