"""Tenant-scoped reads for fulfilment routing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from saleor_oms_plugin.core.retry import doubled_wait
from saleor_oms_plugin.fulfilment.models import (
    Backorder,
    LocationRoutingSettings,
    PlanShipment,
    RoutingPlan,
    RoutingRuleSet,
)
from saleor_oms_plugin.routing.model import RuleSet, RuleSetState
from saleor_oms_plugin.routing.ruleset_document import parse_ruleset
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get
from saleor_oms_plugin.tenants.settings_schema import RoutingSettings

LONGEST_STALL = timedelta(hours=1)
MAX_STALL_DOUBLINGS = 20

# Used while a tenant has published no rule set of its own: as few parcels as possible, each
# from the nearest location that can send it, respecting capacity and cut-offs.
BUILTIN_RULESET_DOCUMENT: dict[str, Any] = {
    "rules": [
        {"type": "capacity_and_cutoff"},
        {"type": "fewest_shipments"},
        {"type": "nearest"},
    ]
}
BUILTIN_RULESET_NAME = "built-in default"


def tenant_routing_settings(*, tenant: Tenant) -> RoutingSettings:
    """The tenant's ``routing`` settings (trigger, approval, attempts), defaults included.

    An unknown stored trigger reads as ``manual``: it must not route orders nobody meant to
    route (``tenants.settings_schema`` reads leniently)."""
    return tenant_settings_get(tenant=tenant).routing


def ruleset_list(*, tenant_id: int, state: str | None = None) -> QuerySet[RoutingRuleSet]:
    rulesets = RoutingRuleSet.objects.filter(tenant_id=tenant_id)
    if state:
        rulesets = rulesets.filter(state=state)
    return rulesets


def ruleset_get(*, tenant_id: int, pk: int) -> RoutingRuleSet | None:
    return ruleset_list(tenant_id=tenant_id).filter(pk=pk).first()


def ruleset_engine(ruleset: RoutingRuleSet) -> RuleSet:
    """The engine's view of a stored rule set (its document was validated when stored)."""
    return parse_ruleset(
        {
            **ruleset.document,
            "name": ruleset.name,
            "version": ruleset.version,
            # The engine knows drafts and published sets; an archived set replays as published.
            "state": RuleSetState.DRAFT.value
            if ruleset.state == RoutingRuleSet.State.DRAFT
            else RuleSetState.PUBLISHED.value,
            "channel": ruleset.channel,
        }
    )


def builtin_ruleset() -> RuleSet:
    return parse_ruleset(
        {**BUILTIN_RULESET_DOCUMENT, "name": BUILTIN_RULESET_NAME, "state": "published"}
    )


def ruleset_published_for(*, tenant_id: int, channel: str) -> RoutingRuleSet | None:
    """The channel's published rule set, else the tenant's published default, else None."""
    published = ruleset_list(tenant_id=tenant_id, state=RoutingRuleSet.State.PUBLISHED)
    return (
        published.filter(channel=channel).first()
        or published.filter(Q(channel__isnull=True) | Q(channel="")).first()
    )


def plan_list(*, tenant_id: int, order_id: int | None = None) -> QuerySet[RoutingPlan]:
    plans = RoutingPlan.objects.filter(tenant_id=tenant_id)
    if order_id is not None:
        plans = plans.filter(order_id=order_id)
    return plans


def plan_get(*, tenant_id: int, pk: int) -> RoutingPlan | None:
    return plan_list(tenant_id=tenant_id).filter(pk=pk).first()


def plan_current(*, tenant_id: int, order_id: int) -> RoutingPlan | None:
    """The newest plan of an order (the one in charge, unless it failed)."""
    return plan_list(tenant_id=tenant_id, order_id=order_id).first()


def shipment_get(*, tenant_id: int, pk: int) -> PlanShipment | None:
    return (
        PlanShipment.objects.filter(plan__tenant_id=tenant_id, pk=pk)
        .select_related("plan", "location")
        .first()
    )


def location_routing_settings_get(
    *, tenant_id: int, location_id: int
) -> LocationRoutingSettings | None:
    return LocationRoutingSettings.objects.filter(
        tenant_id=tenant_id, location_id=location_id
    ).first()


def plan_stall_after(resends: int) -> timedelta:
    """How long a plan may sit in `applying` before the sweep sends it again, when it has been
    sent again ``resends`` times already: ``ROUTING_STALLED_AFTER_SECONDS``, doubled for each
    copy sent (a task that is merely late in a long queue is not copied at every stall), at
    most ``LONGEST_STALL``."""
    return doubled_wait(settings.ROUTING_STALLED_AFTER_SECONDS, resends, longest=LONGEST_STALL)


def plans_stalled(*, limit: int = 500) -> list[tuple[int, int]]:
    """(tenant id, plan id) of plans left `applying` longer than ``plan_stall_after`` their
    copies so far: their task was lost, or gave up."""
    now = timezone.now()
    stalled = Q()
    for resends in range(MAX_STALL_DOUBLINGS + 1):
        wait = plan_stall_after(resends)
        if wait >= LONGEST_STALL or resends == MAX_STALL_DOUBLINGS:
            stalled |= Q(resends__gte=resends, updated_at__lt=now - wait)
            break
        stalled |= Q(resends=resends, updated_at__lt=now - wait)
    return list(
        RoutingPlan.objects.filter(state=RoutingPlan.State.APPLYING)
        .filter(stalled)
        .filter(Q(apply_lease_until__isnull=True) | Q(apply_lease_until__lt=now))
        .order_by("updated_at")
        .values_list("tenant_id", "pk")[:limit]
    )


def backorders_woken_tenants(*, idle_seconds: int = 60) -> list[int]:
    """Tenants with backorders woken by a stock change that no run has taken for a while
    (their order's plan was still being applied, or the run's task was lost)."""
    since = timezone.now() - timedelta(seconds=idle_seconds)
    return sorted(
        set(
            Backorder.objects.filter(
                state=Backorder.State.WAITING, woken_at__lt=since, claim_until__isnull=True
            ).values_list("tenant_id", flat=True)
        )
    )


def order_backorders(*, tenant_id: int, order_id: int) -> QuerySet[Backorder]:
    """The order's backorders, the live ones and the past ones, oldest first."""
    return Backorder.objects.filter(tenant_id=tenant_id, order_id=order_id).order_by(
        "created_at", "pk"
    )
