"""How fulfilment's services hand work to its Celery tasks: by name, after the caller commits.

The tasks import the services, so the services never import the tasks; they call these.
"""

from __future__ import annotations

from saleor_oms_plugin.core.scheduling import enqueue_after_commit, enqueue_debounced

ROUTE_ORDER = "saleor_oms_plugin.fulfilment.tasks.route_order"
APPLY_ROUTING_PLAN = "saleor_oms_plugin.fulfilment.tasks.apply_routing_plan"
REROUTE_PLAN = "saleor_oms_plugin.fulfilment.tasks.reroute_plan"
PROCESS_SHORT_PICK = "saleor_oms_plugin.fulfilment.tasks.process_short_pick"


def route_order_after_commit(*, tenant_id: int, order_id: int, trigger: str) -> None:
    enqueue_after_commit(ROUTE_ORDER, tenant_id, order_id, trigger)


def route_order_at(*, tenant_id: int, order_id: int, trigger: str, countdown: float) -> None:
    """Route the order again ``countdown`` seconds after the caller commits (a merge window
    closing then)."""
    enqueue_after_commit(ROUTE_ORDER, tenant_id, order_id, trigger, countdown=countdown)


def plan_apply_after_commit(*, tenant_id: int, plan_id: int) -> None:
    enqueue_after_commit(APPLY_ROUTING_PLAN, tenant_id, plan_id)


def plan_reroute_after_commit(
    *, tenant_id: int, plan_id: int, exclude_location_ids: list[str], reason: str
) -> None:
    enqueue_after_commit(REROUTE_PLAN, tenant_id, plan_id, exclude_location_ids, reason)


def short_pick_process_after_commit(*, tenant_id: int, shipment_id: int) -> None:
    enqueue_after_commit(PROCESS_SHORT_PICK, tenant_id, shipment_id)


CHECK_BACKORDERS = "saleor_oms_plugin.fulfilment.tasks.check_backorders"
ROUTE_BACKORDERS = "saleor_oms_plugin.fulfilment.tasks.route_backorders"
ROUTE_BACKORDERS_DEBOUNCE_SECONDS = 10


def backorders_check_after_commit(*, tenant_id: int, order_id: int) -> None:
    """Ask Saleor whether the order's new backorders are pre-order variants."""
    enqueue_after_commit(CHECK_BACKORDERS, tenant_id, order_id)


def backorders_route_debounced(*, tenant_id: int) -> None:
    """Route the tenant's woken backorders soon: one run for a burst of stock changes."""
    enqueue_debounced(
        ROUTE_BACKORDERS,
        tenant_id=tenant_id,
        key="fulfilment-route-backorders",
        seconds=ROUTE_BACKORDERS_DEBOUNCE_SECONDS,
    )
