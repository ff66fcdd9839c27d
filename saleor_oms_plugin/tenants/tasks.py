from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.tenants.import_followups import import_followups_schedule
from saleor_oms_plugin.tenants.read_model_import import tenant_import_read_models_run


@shared_task(
    acks_late=True,
    autoretry_for=(SaleorTransportError, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def tenant_import_read_models(tenant_id: int) -> dict:
    summary = tenant_import_read_models_run(tenant_id=tenant_id).__dict__
    # Separate tasks: a failing stock import must not fail (and repeat) this one.
    import_followups_schedule(tenant_id=tenant_id)
    return summary
