"""Evaluations waiting to run: stored with their event, run once, sent again when lost.

An event the rules must evaluate is written down (``PendingEvaluation``) in the publisher's
transaction and handed to Celery once it commits. The task evaluates it and deletes it in one
transaction while holding the row, so of two tasks for one row (a redelivered message, a sweep
that sent it again) one evaluates and the other finds nothing to do; a worker killed halfway
rolls the firings back with the delete. A row whose task never came (the broker was down at
commit) or died is sent again by the beat sweep once it is overdue (``resending.py``: the
wait doubles with each send); after ``MAX_SENDS`` it stays for an operator (``/metrics``
counts it) instead of being sent for ever, until an operator sends it again
(``saleor-oms rules pending --send-again``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.rules.engine import rules_evaluate_event, rules_evaluate_subject
from saleor_oms_plugin.rules.locks import lock_overdue_evaluations, lock_pending_evaluation
from saleor_oms_plugin.rules.models import PendingEvaluation
from saleor_oms_plugin.rules.resending import resend_delay
from saleor_oms_plugin.rules.scheduling import (
    pending_evaluation_run_after_commit,
    pending_evaluation_run_now,
)

MAX_SENDS = 20


def evaluation_request(
    *,
    tenant_id: int,
    trigger: str,
    order_id: int | None = None,
    subject_key: str = "",
    facts: dict[str, Any] | None = None,
) -> int:
    """Store an evaluation of the tenant's ``trigger`` rules (about an order, or a subject
    with its facts) in the caller's transaction and run it once that commits; its id."""
    pending = PendingEvaluation.objects.create(
        tenant_id=tenant_id,
        trigger=trigger,
        order_id=order_id,
        subject_key=subject_key,
        facts=facts or {},
        resend_at=timezone.now() + resend_delay(1),
    )
    pending_evaluation_run_after_commit(pending_id=pending.pk)
    return pending.pk


def evaluation_run(*, pending_id: int) -> list[int]:
    """Run a stored evaluation and forget it, in one transaction; the ids of new firings
    (none when another task has it or it already ran)."""
    with transaction.atomic():
        pending = lock_pending_evaluation(pending_id)
        if pending is None:
            return []
        if pending.order_id is not None:
            fired = rules_evaluate_event(
                tenant_id=pending.tenant_id,
                trigger=pending.trigger,
                order_id=pending.order_id,
                event_data=pending.facts or None,
            )
        else:
            fired = rules_evaluate_subject(
                tenant_id=pending.tenant_id,
                trigger=pending.trigger,
                subject_key=pending.subject_key,
                facts=pending.facts,
            )
        pending.delete()
    return fired


def evaluations_to_resend(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Stored evaluations whose task is overdue, marked as sent once more now (every tenant;
    for the beat sweep). Rows being evaluated right now are locked and left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        overdue = lock_overdue_evaluations(now, max_sends=MAX_SENDS, limit=limit)
        by_sends: dict[int, list[int]] = defaultdict(list)
        for pending in overdue:
            by_sends[pending.sends].append(pending.pk)
        for sends, ids in by_sends.items():
            PendingEvaluation.objects.filter(pk__in=ids).update(
                sends=sends + 1, resend_at=now + resend_delay(sends + 1)
            )
    return [pending.pk for pending in overdue]


def evaluations_waiting(
    *, tenant_id: int | None = None, given_up: bool = False, limit: int = 100
) -> list[PendingEvaluation]:
    """Stored evaluations, oldest first (one tenant's, or only those given up on)."""
    waiting = PendingEvaluation.objects.order_by("created_at", "pk")
    if tenant_id is not None:
        waiting = waiting.filter(tenant_id=tenant_id)
    if given_up:
        waiting = waiting.filter(sends__gte=MAX_SENDS)
    return list(waiting[:limit])


def evaluations_send_again(*, tenant_id: int | None = None) -> int:
    """Send every evaluation given up on (one tenant's) again, its count of sends restarted;
    how many. A rule never fires twice for one window, so this is safe to repeat."""
    given_up = PendingEvaluation.objects.filter(sends__gte=MAX_SENDS)
    if tenant_id is not None:
        given_up = given_up.filter(tenant_id=tenant_id)
    ids = list(given_up.values_list("pk", flat=True))
    PendingEvaluation.objects.filter(pk__in=ids).update(
        sends=1, resend_at=timezone.now() + resend_delay(1)
    )
    for pending_id in ids:
        pending_evaluation_run_now(pending_id=pending_id)
    return len(ids)
