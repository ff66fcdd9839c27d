"""Evaluating rules and recording firings, exactly once per rule, subject and window.

Event rules are evaluated in Python over the facts of the one order the event is about, with
the event's own data under ``event`` (what its publisher passed, see triggers.py); time
rules are compiled to one query per rule that returns only orders that match *and* have not
fired in the current window, so a pass costs what the matches cost. A firing is an INSERT under
the unique constraint ``rule_fires_once_per_window``: of two evaluations racing (a duplicate
event, two beats), exactly one inserts, the other sees the conflict and does nothing. Its
action runs are created in the same transaction and queued after commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules import conditions
from saleor_oms_plugin.rules.events import RuleEvent
from saleor_oms_plugin.rules.facts import facts_for_order, facts_snapshot, orders_with_facts
from saleor_oms_plugin.rules.fields import Subject
from saleor_oms_plugin.rules.models import ActionRun, Rule, RuleFiring
from saleor_oms_plugin.rules.query import to_q
from saleor_oms_plugin.rules.resending import resend_delay
from saleor_oms_plugin.rules.scheduling import action_execute_now
from saleor_oms_plugin.rules.triggers import SCHEDULE, trigger_event_fields, trigger_subject

DEFAULT_MAX_FIRINGS_PER_PASS = 5000


@lru_cache(maxsize=1024)
def _parsed(conditions_json: str, trigger: str) -> conditions.Node:
    return conditions.parse(
        json.loads(conditions_json),
        subject=trigger_subject(trigger) or Subject.ORDER,
        event_fields=trigger_event_fields(trigger),
    )


def rule_ast(rule: Rule) -> conditions.Node:
    """The rule's parsed conditions (stored rules were validated; this only re-reads them)."""
    return _parsed(json.dumps(rule.conditions, sort_keys=True), rule.trigger)


def order_subject(order_id: int) -> str:
    return f"order:{order_id}"


def window_key(rule: Rule, *, subject_key: str, now: datetime) -> str:
    """The window a firing now would belong to (see Rule.Refire)."""
    if rule.refire == Rule.Refire.EVERY and rule.refire_hours:
        return f"every{rule.refire_hours}h:{int(now.timestamp() // (rule.refire_hours * 3600))}"
    if rule.refire == Rule.Refire.REENTRY:
        closed = RuleFiring.objects.filter(
            rule=rule, subject_key=subject_key, closed_at__isnull=False
        ).count()
        return f"entry:{closed}"
    return "once"


def rule_fire(
    *,
    rule: Rule,
    subject_key: str,
    order_id: int | None,
    facts: dict[str, Any],
    trigger: str,
    now: datetime,
) -> RuleFiring | None:
    """Record a firing and its action runs; None when this window already fired.

    Must run inside a transaction: the action runs are queued when it commits.
    """
    key = window_key(rule, subject_key=subject_key, now=now)
    if (
        rule.refire == Rule.Refire.REENTRY
        and RuleFiring.objects.filter(
            rule=rule, subject_key=subject_key, closed_at__isnull=True
        ).exists()
    ):
        return None  # the window that fired is still open
    try:
        with transaction.atomic():
            firing = RuleFiring.objects.create(
                tenant_id=rule.tenant_id,
                rule=rule,
                rule_version=rule.version,
                order_id=order_id,
                subject_key=subject_key,
                window_key=key,
                trigger=trigger,
                facts=facts_snapshot(facts),
                actions=rule.actions,
                fired_at=now,
            )
    except IntegrityError:
        return None
    runs = ActionRun.objects.bulk_create(
        ActionRun(
            tenant_id=rule.tenant_id,
            firing=firing,
            position=index,
            type=action["type"],
            params=action,
            idempotency_key=f"rule-{firing.pk}-{index}",
            resend_at=timezone.now() + resend_delay(1),
        )
        for index, action in enumerate(rule.actions)
    )
    audit_record(
        tenant_id=rule.tenant_id,
        subject=firing.rule,
        verb=RuleEvent.RULE_FIRED,
        actor=Actor.system(),
        data={
            "firing": firing.pk,
            "subject": subject_key,
            "window": key,
            "version": rule.version,
            "trigger": trigger,
        },
    )
    run_ids = [run.pk for run in runs]
    transaction.on_commit(lambda: _queue_actions(run_ids))
    return firing


def _queue_actions(run_ids: Iterable[int]) -> None:
    for run_id in run_ids:
        action_execute_now(action_run_id=run_id)


def _close_windows(rule: Rule, subject_keys: list[str], now: datetime) -> int:
    return RuleFiring.objects.filter(
        rule=rule, subject_key__in=subject_keys, closed_at__isnull=True
    ).update(closed_at=now)


def _rules_for(tenant_id: int, trigger: str) -> list[Rule]:
    return list(Rule.objects.filter(tenant_id=tenant_id, trigger=trigger, enabled=True))


def rules_evaluate_event(
    *,
    tenant_id: int,
    trigger: str,
    order_id: int,
    event_data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Evaluate the tenant's rules for ``trigger`` on one order; the ids of new firings.
    ``event_data``: the facts the event was published with (conditions' ``event.<key>``)."""
    now = now or timezone.now()
    rules = _rules_for(tenant_id, trigger)
    order = (
        Order.objects.filter(tenant_id=tenant_id, pk=order_id)
        .prefetch_related("lines", "fulfillments")
        .first()
    )
    if not rules or order is None:
        return []
    facts = {**facts_for_order(order), "event": event_facts(trigger, event_data)}
    subject_key = order_subject(order.pk)
    return _evaluate(
        rules, facts, subject_key=subject_key, order_id=order.pk, trigger=trigger, now=now
    )


def event_facts(trigger: str, event_data: dict[str, Any] | None) -> dict[str, Any]:
    """The event's data as the rules see it: every declared key (None when the publisher left
    it out), then whatever else the publisher passed (templates and webhooks show it)."""
    declared = dict.fromkeys(trigger_event_fields(trigger))
    return {**declared, **(event_data or {})}


def rules_evaluate_subject(
    *,
    tenant_id: int,
    trigger: str,
    subject_key: str,
    facts: dict[str, Any],
    now: datetime | None = None,
) -> list[int]:
    """Rules of a trigger whose subject is not an order (stock): facts come with the event."""
    now = now or timezone.now()
    return _evaluate(
        _rules_for(tenant_id, trigger),
        facts,
        subject_key=subject_key,
        order_id=None,
        trigger=trigger,
        now=now,
    )


def _evaluate(
    rules: list[Rule],
    facts: dict[str, Any],
    *,
    subject_key: str,
    order_id: int | None,
    trigger: str,
    now: datetime,
) -> list[int]:
    fired: list[int] = []
    with transaction.atomic():
        for rule in rules:
            if conditions.evaluate(rule_ast(rule), facts, now=now):
                firing = rule_fire(
                    rule=rule,
                    subject_key=subject_key,
                    order_id=order_id,
                    facts=facts,
                    trigger=trigger,
                    now=now,
                )
                if firing is not None:
                    fired.append(firing.pk)
            elif rule.refire == Rule.Refire.REENTRY:
                _close_windows(rule, [subject_key], now)
    return fired


def subject_windows_close(
    *, tenant_id: int, trigger: str, subject_key: str, now: datetime | None = None
) -> int:
    """The subject left the state (a variant back in stock): REENTRY rules may fire again."""
    rules = [r for r in _rules_for(tenant_id, trigger) if r.refire == Rule.Refire.REENTRY]
    return sum(_close_windows(rule, [subject_key], now or timezone.now()) for rule in rules)


# -- time rules ----------------------------------------------------------------------------------


def time_rule_matches(rule: Rule, *, now: datetime) -> QuerySet[Order]:
    """Orders the rule holds for at ``now`` and that have not fired in the current window."""
    matching = Order.objects.filter(tenant_id=rule.tenant_id).filter(to_q(rule_ast(rule), now))
    fired = RuleFiring.objects.filter(rule=rule, order=OuterRef("pk"))
    if rule.refire == Rule.Refire.EVERY:
        fired = fired.filter(window_key=window_key(rule, subject_key="", now=now))
    elif rule.refire == Rule.Refire.REENTRY:
        fired = fired.filter(closed_at__isnull=True)
    # Unordered: the Order model's default ordering would sort every match for nothing.
    return matching.filter(~Q(Exists(fired))).order_by()


@dataclass(frozen=True)
class PassResult:
    rules: int
    matched: int
    fired: int
    closed: int


def rules_evaluate_time(
    *,
    tenant_id: int,
    now: datetime | None = None,
    max_firings: int | None = None,
    batch_size: int = 200,
) -> PassResult:
    """One pass of the tenant's scheduled rules (what beat runs every interval)."""
    now = now or timezone.now()
    limit = max_firings or DEFAULT_MAX_FIRINGS_PER_PASS
    rules = _rules_for(tenant_id, SCHEDULE)
    matched = fired = closed = 0
    for rule in rules:
        # Capped per pass: a new rule over a big backlog fires over several passes.
        ids = list(
            time_rule_matches(rule, now=now).order_by("pk").values_list("pk", flat=True)[:limit]
        )
        matched += len(ids)
        for start in range(0, len(ids), batch_size):
            chunk = Order.objects.filter(pk__in=ids[start : start + batch_size])
            with transaction.atomic():
                for order, facts in orders_with_facts(chunk, batch_size=batch_size):
                    if rule_fire(
                        rule=rule,
                        subject_key=order_subject(order.pk),
                        order_id=order.pk,
                        facts=facts,
                        trigger=SCHEDULE,
                        now=now,
                    ):
                        fired += 1
        if rule.refire == Rule.Refire.REENTRY:
            still = Order.objects.filter(tenant_id=tenant_id).filter(to_q(rule_ast(rule), now))
            closed += (
                RuleFiring.objects.filter(rule=rule, closed_at__isnull=True)
                .exclude(order_id__in=still.values("pk"))
                .update(closed_at=now)
            )
    return PassResult(rules=len(rules), matched=matched, fired=fired, closed=closed)
