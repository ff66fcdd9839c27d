"""One applier per plan at a time, without holding a database lock during calls to Saleor.

A worker claims a plan with one conditional UPDATE before sending anything and gives the claim
back when it is done. A worker that dies keeps its claim only until the lease runs out; the
next applier then starts by reading Saleor's fulfilments, so what the dead one sent is found,
not sent again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.fulfilment.selectors import plans_stalled


def plan_claim_apply(*, plan_id: int) -> bool:
    now = timezone.now()
    claimed = (
        RoutingPlan.objects.filter(pk=plan_id, state=RoutingPlan.State.APPLYING)
        .filter(Q(apply_lease_until__isnull=True) | Q(apply_lease_until__lt=now))
        .update(apply_lease_until=now + timedelta(seconds=settings.ROUTING_APPLY_LEASE_SECONDS))
    )
    return bool(claimed)


def plan_release_apply(*, plan_id: int) -> None:
    RoutingPlan.objects.filter(pk=plan_id).update(apply_lease_until=None)


@contextmanager
def plan_apply_lease(*, plan_id: int) -> Iterator[bool]:
    """``with plan_apply_lease(plan_id=…) as mine:`` — send to Saleor only when ``mine``."""
    mine = plan_claim_apply(plan_id=plan_id)
    try:
        yield mine
    finally:
        if mine:
            plan_release_apply(plan_id=plan_id)


def plans_to_apply_again(*, limit: int = 500) -> list[tuple[int, int]]:
    """(tenant id, plan id) of plans left `applying` (``plans_stalled``), each marked as sent
    again now: the sweeps that follow leave it to the task sent for it now, for twice as long
    as the last stall (``plan_stall_after``), instead of sending a copy at every stall while
    that task waits in a long queue."""
    stalled = plans_stalled(limit=limit)
    RoutingPlan.objects.filter(
        pk__in=[plan_id for _, plan_id in stalled], state=RoutingPlan.State.APPLYING
    ).update(updated_at=timezone.now(), resends=F("resends") + 1)
    return stalled
