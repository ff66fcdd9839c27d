"""Running one action of a firing: claim, run, record the outcome; retry what may pass.

A run is claimed by a short transaction (state RUNNING, attempt counted) before its runner is
called outside any transaction, so no row lock is held during a call to Saleor, SMTP or a
webhook receiver. A second task for the same run (redelivered message) finds it claimed or
finished and does nothing; a claim older than ``STALE_CLAIM`` belongs to a killed worker and
is taken over (runners are idempotent per run, see actions/builtin.py).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.retry import backoff_seconds as outbound_backoff_seconds
from saleor_oms_plugin.rules.actions import (
    ActionContext,
    PermanentActionError,
    TransientActionError,
    action_type,
)
from saleor_oms_plugin.rules.events import RuleEvent
from saleor_oms_plugin.rules.locks import lock_action_run
from saleor_oms_plugin.rules.models import ActionRun
from saleor_oms_plugin.rules.resending import resend_delay
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.selectors import tenant_settings_get

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)
S = ActionRun.State


@dataclass(frozen=True)
class Execution:
    state: str
    retry_in: float | None = None  # seconds; set when the task should run again
    rate_limited: bool = False


def backoff_seconds(attempt: int) -> float:
    """A rule action's wait before ``attempt`` is retried (the shared outbound backoff)."""
    return float(outbound_backoff_seconds(attempt))


def rate_limit_wait(*, tenant: Tenant) -> float:
    """Seconds to wait before this tenant may run another action (0: go).

    A fixed one-minute window per tenant in the shared cache (Redis in production): a rule
    matching thousands of orders cannot flood Saleor, SMTP or a receiver.
    """
    limit = tenant_settings_get(tenant=tenant).rules.actions_per_minute
    now = time.time()
    key = f"oms:rules:rate:{tenant.pk}:{int(now // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=120)
        count = 1
    return 0.0 if count <= limit else 60 - now % 60 + 1


def _claim(action_run_id: int) -> tuple[ActionRun | None, Execution | None]:
    with transaction.atomic():
        run = lock_action_run(action_run_id)
        if run is None:
            return None, Execution("missing")
        now = timezone.now()
        if run.state in {S.SUCCEEDED, S.FAILED, S.UNAVAILABLE}:
            return None, Execution(run.state)
        if run.state == S.RUNNING and run.claimed_at and run.claimed_at > now - STALE_CLAIM:
            return None, Execution(run.state)
        spec = action_type(run.type)
        if spec is None or spec.runner is None:
            run.state, run.finished_at = S.UNAVAILABLE, now
            run.outcome = {"code": "ACTION_UNAVAILABLE"}
            run.save()
            return None, Execution(run.state)
        run.state, run.claimed_at, run.attempts = S.RUNNING, now, run.attempts + 1
        run.resend_at = now + STALE_CLAIM  # a claim older than that is a killed worker's
        run.save(update_fields=["state", "claimed_at", "attempts", "resend_at"])
        return run, None


def _finish(run: ActionRun, state: str, *, outcome: dict, error: str = "") -> Execution:
    with transaction.atomic():
        run.state, run.outcome, run.last_error = state, outcome, error
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "outcome", "last_error", "finished_at"])
        verb = RuleEvent.ACTION_SUCCEEDED if state == S.SUCCEEDED else RuleEvent.ACTION_FAILED
        audit_record(
            tenant_id=run.tenant_id,
            subject=run,
            verb=verb,
            actor=Actor.system(),
            data={
                "type": run.type,
                "firing": run.firing_id,
                "attempts": run.attempts,
                "outcome": outcome,
            },
        )
    return Execution(state)


def action_run_execute(*, action_run_id: int) -> Execution:
    """Run one action once more (if it still needs to run); see the module doc."""
    run_tenant = ActionRun.objects.filter(pk=action_run_id).values_list("tenant_id", flat=True)
    tenant = Tenant.objects.filter(pk__in=run_tenant).first()
    if tenant is None:
        return Execution("missing")
    wait = rate_limit_wait(tenant=tenant)
    if wait:
        ActionRun.objects.filter(pk=action_run_id, state=S.PENDING).update(
            resend_at=timezone.now() + timedelta(seconds=wait) + resend_delay(1)
        )
        return Execution(S.PENDING, retry_in=wait, rate_limited=True)
    run, done = _claim(action_run_id)
    if run is None:
        assert done is not None
        return done
    firing = run.firing
    spec = action_type(run.type)
    assert spec is not None and spec.runner is not None
    context = ActionContext(
        tenant_id=run.tenant_id,
        action_run_id=run.pk,
        idempotency_key=run.idempotency_key,
        attempt=run.attempts,
        rule_id=firing.rule_id,
        rule_name=firing.rule.name,
        order_id=firing.order_id,
        fired_at=firing.fired_at,
        facts=firing.facts,
        params=run.params,
    )
    try:
        outcome = spec.runner(context)
    except TransientActionError as exc:
        if run.attempts >= MAX_ATTEMPTS:
            return _finish(run, S.FAILED, outcome={"code": "RETRIES_EXHAUSTED"}, error=str(exc))
        retry_in = backoff_seconds(run.attempts)
        ActionRun.objects.filter(pk=run.pk, state=S.RUNNING).update(
            state=S.PENDING,
            last_error=str(exc)[:2000],
            resend_at=timezone.now() + timedelta(seconds=retry_in) + resend_delay(1),
        )
        return Execution(S.PENDING, retry_in=retry_in)
    except PermanentActionError as exc:
        return _finish(run, S.FAILED, outcome={"code": exc.code}, error=str(exc))
    return _finish(run, S.SUCCEEDED, outcome=outcome)


def action_runs_to_resend(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Unfinished runs whose task is overdue, of every tenant, marked as sent once more now
    (for the beat sweep): lost with the broker down or a killed worker, whether due when the
    run was created, at the retry it asked for, or when its claim went stale."""
    now = now or timezone.now()
    overdue = list(
        ActionRun.objects.filter(state__in=[S.PENDING, S.RUNNING], resend_at__lt=now)
        .order_by("resend_at")
        .values_list("pk", "resends")[:limit]
    )
    by_resends: dict[int, list[int]] = defaultdict(list)
    for run_id, resends in overdue:
        by_resends[resends].append(run_id)
    for resends, ids in by_resends.items():
        # Only rows still overdue: a run claimed meanwhile keeps its claim's deadline.
        ActionRun.objects.filter(pk__in=ids, resend_at__lt=now).update(
            resends=resends + 1, resend_at=now + resend_delay(resends + 2)
        )
    return [run_id for run_id, _ in overdue]
