"""Dry run: what a rule (stored or only drafted) would fire on, without acting.

It reads and never writes: no firing, no action run, no call to Saleor. Event rules are
evaluated in Python over the newest orders (or those created in a period); time rules run
their compiled query at ``now``. Each match says whether the rule already fired for the order
in the current window (a real run would then skip it).

A past order has no event: the event's data is not stored with the order. Its event fields are
None in the facts and compare as empty ('', 0, false, no members), and the report names every
event field the rule reads (conditions and templates) as unavailable, so a preview is not
mistaken for what the live event will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules import conditions
from saleor_oms_plugin.rules.definitions import RuleDefinition, rule_event_keys
from saleor_oms_plugin.rules.engine import event_facts, order_subject, window_key
from saleor_oms_plugin.rules.facts import facts_snapshot, orders_with_facts
from saleor_oms_plugin.rules.fields import Subject
from saleor_oms_plugin.rules.models import Rule, RuleFiring
from saleor_oms_plugin.rules.query import to_q
from saleor_oms_plugin.rules.triggers import SCHEDULE, trigger_event_fields, trigger_subject

MAX_ORDERS = 5000


@dataclass(frozen=True)
class DryRunMatch:
    order_id: int
    number: str
    already_fired: bool
    facts: dict[str, Any]


@dataclass
class DryRunReport:
    evaluated: int
    matched: int
    actions: list[dict[str, Any]]
    matches: list[DryRunMatch] = field(default_factory=list)
    # The event fields the rule reads (``event.<key>``): past orders have no event data.
    event_fields_unavailable: list[str] = field(default_factory=list)


def rule_dry_run(
    *,
    tenant_id: int,
    definition: RuleDefinition,
    rule: Rule | None = None,
    now: datetime | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
    sample: int = 50,
) -> DryRunReport:
    """Evaluate ``definition`` over past orders of the tenant; at most ``sample`` matches
    are returned with their facts, ``matched`` counts them all."""
    now = now or timezone.now()
    node = conditions.parse(
        definition.conditions,
        subject=trigger_subject(definition.trigger) or Subject.ORDER,
        event_fields=trigger_event_fields(definition.trigger),
    )
    orders: QuerySet[Order] = Order.objects.filter(tenant_id=tenant_id)
    if since is not None:
        orders = orders.filter(saleor_created_at__gte=since)
    if until is not None:
        orders = orders.filter(saleor_created_at__lt=until)
    report = DryRunReport(
        evaluated=0,
        matched=0,
        actions=definition.actions,
        event_fields_unavailable=[f"event.{key}" for key in rule_event_keys(definition)],
    )
    no_event = event_facts(definition.trigger, None)
    if trigger_subject(definition.trigger) not in (None, Subject.ORDER):
        return report  # stock, checkout and purchase events carry their facts: nothing to replay
    limit = max(1, min(limit, MAX_ORDERS))
    if definition.trigger == SCHEDULE:
        matching = orders.filter(to_q(node, now)).order_by("-saleor_created_at", "-pk")
        report.evaluated = orders.count()
        report.matched = matching.count()
        candidates = orders_with_facts(matching[:sample])
    else:
        recent = orders.order_by("-saleor_created_at", "-pk")[:limit]
        candidates = (
            (order, facts)
            for order, facts in _without_event(orders_with_facts(recent), no_event)
            if conditions.evaluate(node, facts, now=now)
        )
        report.evaluated = recent.count()
    for order, facts in candidates:
        if definition.trigger != SCHEDULE:
            report.matched += 1
        if len(report.matches) < sample:
            report.matches.append(
                DryRunMatch(
                    order_id=order.pk,
                    number=order.number,
                    already_fired=_fired(rule, order, now),
                    facts=facts_snapshot(facts),
                )
            )
    return report


def _without_event(
    rows: Iterable[tuple[Order, dict[str, Any]]], no_event: dict[str, Any]
) -> Iterator[tuple[Order, dict[str, Any]]]:
    for order, facts in rows:
        yield order, {**facts, "event": dict(no_event)}


def _fired(rule: Rule | None, order: Order, now: datetime) -> bool:
    if rule is None:
        return False
    subject_key = order_subject(order.pk)
    firings = RuleFiring.objects.filter(rule=rule, subject_key=subject_key)
    if rule.refire == Rule.Refire.REENTRY:
        return firings.filter(closed_at__isnull=True).exists()
    return firings.filter(window_key=window_key(rule, subject_key=subject_key, now=now)).exists()
