"""Row locks of fulfilment: rule sets, location routing settings, plans and shipments.

Several rows are locked in one query, in primary-key order (``core.locks``). The order a plan belongs to is locked through
``orders.locks``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from saleor_oms_plugin.core.locks import lock_in_pk_order
from saleor_oms_plugin.fulfilment.models import (
    Backorder,
    LocationRoutingSettings,
    PlanShipment,
    RoutingPlan,
    RoutingRuleSet,
)
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order


def lock_ruleset(tenant_id: int, ruleset_id: int) -> RoutingRuleSet | None:
    """The tenant's rule set ``ruleset_id``, locked FOR UPDATE; None if there is none."""
    return (
        RoutingRuleSet.objects.select_for_update()
        .filter(tenant_id=tenant_id, pk=ruleset_id)
        .first()
    )


def lock_rulesets_named(tenant_id: int, name: str) -> list[RoutingRuleSet]:
    """Every version of the tenant's rule set ``name``, locked, in primary-key order."""
    return lock_in_pk_order(RoutingRuleSet.objects.filter(tenant_id=tenant_id, name=name))


def lock_published_rulesets(tenant_id: int, channel: str | None) -> list[RoutingRuleSet]:
    """The tenant's published rule sets for ``channel`` (None: for every channel), locked, in
    primary-key order."""
    published = RoutingRuleSet.objects.filter(
        tenant_id=tenant_id, state=RoutingRuleSet.State.PUBLISHED
    )
    published = (
        published.filter(channel__isnull=True)
        if channel is None
        else published.filter(channel=channel)
    )
    return lock_in_pk_order(published)


def lock_or_create_routing_settings(
    tenant_id: int, location: Location
) -> tuple[LocationRoutingSettings, bool]:
    """The routing settings of ``location``, locked, created with the defaults if missing; and
    whether they were created."""
    return LocationRoutingSettings.objects.select_for_update().get_or_create(
        tenant_id=tenant_id, location=location
    )


def lock_plan(tenant_id: int, plan_id: int) -> RoutingPlan | None:
    """The tenant's routing plan ``plan_id``, locked FOR UPDATE; None if there is none."""
    return RoutingPlan.objects.select_for_update().filter(tenant_id=tenant_id, pk=plan_id).first()


def lock_plans_of_order(order: Order) -> list[RoutingPlan]:
    """Every routing plan of ``order``, locked, in primary-key order."""
    return lock_in_pk_order(RoutingPlan.objects.filter(order=order))


def lock_shipment(shipment_id: int, tenant_id: int | None = None) -> PlanShipment | None:
    """Shipment ``shipment_id`` (of the tenant's plans when ``tenant_id`` is given) with its plan
    and location, all three locked FOR UPDATE; None if there is none."""
    shipments = PlanShipment.objects.select_for_update().select_related("plan", "location")
    if tenant_id is not None:
        shipments = shipments.filter(plan__tenant_id=tenant_id)
    return shipments.filter(pk=shipment_id).first()


def lock_applied_shipment(tenant_id: int, fulfillment_id: str) -> PlanShipment | None:
    """The tenant's applied shipment that Saleor fulfilled as ``fulfillment_id``, with its plan
    and location, all three locked FOR UPDATE; None if there is none."""
    return (
        PlanShipment.objects.select_for_update()
        .select_related("plan", "location")
        .filter(
            plan__tenant_id=tenant_id,
            saleor_fulfillment_id=fulfillment_id,
            state=PlanShipment.State.APPLIED,
        )
        .first()
    )


def lock_backorders(tenant_id: int, ids: list[int]) -> list[Backorder]:
    """The tenant's backorders ``ids`` (those that exist), locked, in primary-key order."""
    return lock_in_pk_order(Backorder.objects.filter(tenant_id=tenant_id, pk__in=ids))


def lock_live_backorders_of_order(order: Order) -> list[Backorder]:
    """The order's backorders still waiting (or held as pre-orders), locked, in primary-key
    order."""
    return lock_in_pk_order(
        Backorder.objects.filter(
            order=order, state__in=[Backorder.State.WAITING, Backorder.State.PREORDER]
        )
    )


def lock_claimable_backorders(tenant_id: int, ids: list[int], now: dt.datetime) -> list[Backorder]:
    """Of the tenant's backorders ``ids``, those still waiting that no task claims right now,
    locked in primary-key order. A second task asking at the same moment waits for the first's
    commit and then finds them claimed (Postgres re-checks the condition on the locked rows)."""
    return lock_in_pk_order(
        Backorder.objects.filter(
            tenant_id=tenant_id, pk__in=ids, state=Backorder.State.WAITING
        ).filter(Q(claim_until__isnull=True) | Q(claim_until__lt=now))
    )
