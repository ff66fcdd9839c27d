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
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.fulfilment.models import RoutingPlan


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
