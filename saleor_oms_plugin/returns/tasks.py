"""Celery tasks of returns: ids in, one service call, safe to run again."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.returns.saleor_sync import return_sync
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client


@shared_task(
    acks_late=True,
    autoretry_for=(SaleorTransportError, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=10,
)
def sync_return_to_saleor(tenant_id: int, request_id: int) -> str:
    tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
    if tenant is None:
        return "inactive"
    return return_sync(client=tenant_saleor_client(tenant=tenant), request_id=request_id)
