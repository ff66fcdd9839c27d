"""Celery tasks of fulfilment routing: ids in, one service call, safe to run again.

Only errors that can pass are retried (Saleor unreachable, 5xx, 429 after the client's own
retries; database hiccups). A refusal is a result, recorded by the services, not a retry.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.backorder_routing import (
    backorders_check,
    backorders_route,
    preorders_release,
)
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.leases import plans_to_apply_again
from saleor_oms_plugin.fulfilment.models import PlanShipment, RoutingPlan
from saleor_oms_plugin.fulfilment.saleor_apply import (
    fulfillment_cancel,
    plan_apply,
    saleor_order_state,
)
from saleor_oms_plugin.fulfilment.selectors import backorders_woken_tenants
from saleor_oms_plugin.fulfilment.services import (
    order_route,
    plan_reroute,
    short_pick_missing_units,
    short_pick_stock_settle,
)
from saleor_oms_plugin.inventory.reconcile import variants_resync
from saleor_oms_plugin.saleor.errors import SaleorTransportError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

logger = logging.getLogger(__name__)

_RETRY = {
    "acks_late": True,
    "autoretry_for": (SaleorTransportError, OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
}


def _active(tenant_id: int) -> bool:
    return Tenant.objects.filter(pk=tenant_id, is_active=True).exists()


@shared_task(**_RETRY)
def route_order(tenant_id: int, order_id: int, trigger: str) -> int | None:
    """Route an order after a webhook trigger; returns the plan id (None: nothing to do)."""
    if not _active(tenant_id):
        return None
    try:
        plan = order_route(
            tenant_id=tenant_id, order_id=order_id, trigger=trigger, actor=Actor.saleor()
        )
    except FulfilmentError as exc:
        # Not routable (no address that can be placed, …): audited by staff action later.
        logger.warning("order %s of tenant %s not routed: %s", order_id, tenant_id, exc)
        return None
    return plan.pk if plan else None


@shared_task(**_RETRY)
def apply_routing_plan(tenant_id: int, plan_id: int) -> str:
    if not _active(tenant_id):
        return "inactive"
    return plan_apply(tenant_id=tenant_id, plan_id=plan_id)


@shared_task(**_RETRY)
def reroute_plan(
    tenant_id: int, plan_id: int, exclude_location_ids: list[str], reason: str
) -> None:
    """After a fulfilment was cancelled in Saleor: route the plan's remainder elsewhere."""
    if not _active(tenant_id):
        return
    plan = RoutingPlan.objects.filter(tenant_id=tenant_id, pk=plan_id).first()
    if plan is None or plan.state not in (RoutingPlan.State.APPLYING, RoutingPlan.State.APPLIED):
        return  # superseded or failed meanwhile: someone else took care of it
    if (
        plan.state == RoutingPlan.State.APPLYING
        and plan.shipments.filter(state=PlanShipment.State.PENDING).exists()
    ):
        # Still being applied: its apply task will finish first; try again shortly.
        raise reroute_plan.retry(countdown=5)
    plan_reroute(
        tenant_id=tenant_id,
        plan_id=plan_id,
        exclude_location_ids=exclude_location_ids,
        reason=reason,
        actor=Actor.system(),
    )


@shared_task(**_RETRY)
def process_short_pick(tenant_id: int, shipment_id: int) -> None:
    """Cancel the short-picked fulfilment in Saleor, then re-route: picked units stay at the
    location, missing units go elsewhere."""
    if not _active(tenant_id):
        return
    shipment = (
        PlanShipment.objects.select_related("plan__order", "location")
        .filter(plan__tenant_id=tenant_id, pk=shipment_id, state=PlanShipment.State.SHORT_PICKED)
        .first()
    )
    if shipment is None or shipment.plan.state not in (
        RoutingPlan.State.APPLYING,
        RoutingPlan.State.APPLIED,
    ):
        return
    client = tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    state = saleor_order_state(client=client, order_saleor_id=shipment.plan.order.saleor_id)
    live = {fulfillment_id for fulfillment_id, _, _ in (state.fulfillments if state else [])}
    if shipment.saleor_fulfillment_id in live:
        fulfillment_cancel(
            client=client,
            fulfillment_id=shipment.saleor_fulfillment_id,
            warehouse_id=shipment.location.saleor_id,
        )
    # The cancellation put every unit back in Saleor's stock, the missing ones too: read that
    # into the ledger, then take the missing units off (written back to Saleor) and ask for a
    # count, before anything else is routed from this location.
    missing = short_pick_missing_units(shipment)
    variants_resync(tenant_id=tenant_id, variant_ids=[m.variant_id for m in missing], client=client)
    short_pick_stock_settle(
        tenant_id=tenant_id, shipment=shipment, missing=missing, actor=Actor.system()
    )
    plan_reroute(
        tenant_id=tenant_id,
        plan_id=shipment.plan_id,
        exclude_location_ids=[shipment.location.saleor_id],
        reason=f"short pick at {shipment.location.name}",
        actor=Actor.system(),
    )


@shared_task(acks_late=True)
def requeue_stalled_plans() -> int:
    """Beat: apply again plans stuck in `applying` (applying twice is safe: see saleor_apply)."""
    stalled = plans_to_apply_again()
    for tenant_id, plan_id in stalled:
        apply_routing_plan.delay(tenant_id, plan_id)
    return len(stalled)


@shared_task(**_RETRY)
def check_backorders(tenant_id: int, order_id: int) -> int:
    """Routing left units of an order unplaced: hold those of Saleor pre-order variants."""
    if not _active(tenant_id):
        return 0
    return backorders_check(tenant_id=tenant_id, order_id=order_id)


@shared_task(**_RETRY)
def route_backorders(tenant_id: int) -> list[int]:
    """Stock changed (or a pre-order ended): route the tenant's woken backorders, oldest paid
    first; returns the plans created."""
    if not _active(tenant_id):
        return []
    return backorders_route(tenant_id=tenant_id).plans


@shared_task(acks_late=True)
def release_preorders() -> int:
    """Beat: pre-orders past their end date are routed now (oldest paid first), and woken
    backorders a run left waiting (their order had a plan being applied) are tried again."""
    tenants = set(preorders_release())
    tenants |= set(backorders_woken_tenants())
    for tenant_id in sorted(tenants):
        route_backorders.delay(tenant_id)
    return len(tenants)
