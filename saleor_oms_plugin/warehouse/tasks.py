"""Warehouse tasks: ids in, the tenant reloaded, one service called, safe to repeat."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.saleor.errors import SaleorError, SaleorTransportError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.warehouse.dimensions_import import dimensions_import
from saleor_oms_plugin.warehouse.errors import WarehouseError
from saleor_oms_plugin.warehouse.ship_saleor import ship_in_saleor
from saleor_oms_plugin.warehouse.tracking import tracking_run, tracking_tenants
from saleor_oms_plugin.warehouse.waves import auto_wave, auto_wave_locations

logger = logging.getLogger(__name__)

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**_RETRY)
def warehouse_auto_wave(tenant_id: int, location_id: int, force: bool = True) -> int | None:
    """Make and release the location's next wave (``force``: whether or not one is due)."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return None
    try:
        wave = auto_wave(tenant_id=tenant_id, location_id=location_id, force=force)
    except WarehouseError as exc:
        # A wave that cannot be planned (an SKU without a bin) waits for staff to fix the
        # layout; the next beat tries again.
        logger.warning("no automatic wave at location %s: %s", location_id, exc.message)
        return None
    return wave.pk if wave else None


@shared_task(acks_late=True)
def warehouse_waves_sweep() -> int:
    """Beat: every location with automatic waves gets one if it is due."""
    locations = auto_wave_locations()
    for tenant_id, location_id in locations:
        warehouse_auto_wave.delay(tenant_id, location_id, False)
    return len(locations)


@shared_task(
    **{
        **_RETRY,
        "autoretry_for": (SaleorTransportError, OperationalError, InterfaceError),
        "retry_backoff_max": 600,
        "max_retries": 10,
    }
)
def warehouse_ship_in_saleor(tenant_id: int, release_id: int) -> str | None:
    """Approve a labelled release's fulfilment in Saleor (retried while Saleor is away)."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return None
    return ship_in_saleor(tenant_id=tenant_id, release_id=release_id)


@shared_task(**_RETRY)
def warehouse_dimensions_import(
    tenant_id: int, actor_type: str, actor_id: str
) -> dict[str, object] | None:
    """Import every variant's weight and dimensions from Saleor (rows edited here are kept)."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return None
    try:
        report = dimensions_import(tenant_id=tenant_id, actor=Actor(actor_type, actor_id))
    except SaleorError as exc:
        # Saleor unreachable or refusing: staff start it again; pages written so far stay.
        logger.warning("dimensions import of tenant %s stopped: %s", tenant_id, exc)
        return None
    return report.as_dict()


@shared_task(acks_late=True)
def warehouse_tracking_sweep() -> int:
    """Beat: every tenant with shipped parcels not delivered yet gets a tracking run."""
    tenants = tracking_tenants()
    for tenant_id in tenants:
        warehouse_tracking_check.delay(tenant_id)
    return len(tenants)


@shared_task(**_RETRY)
def warehouse_tracking_check(tenant_id: int) -> dict[str, object] | None:
    """Ask the carriers about the tenant's shipped parcels (at most
    ``WAREHOUSE_TRACKING_PER_RUN``, least recently asked first) and record deliveries."""
    if not Tenant.objects.filter(pk=tenant_id, is_active=True).exists():
        return None
    report = tracking_run(tenant_id=tenant_id, limit=settings.WAREHOUSE_TRACKING_PER_RUN)
    return report.as_dict()
