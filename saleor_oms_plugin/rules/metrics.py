"""Metrics of the rules: evaluations stored and waiting, and those given up on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from saleor_oms_plugin.rules.models import PendingEvaluation
from saleor_oms_plugin.rules.pending import MAX_SENDS


def pending_evaluation_readings() -> Iterable[Metric]:
    """Scrape time: stored evaluations, the age of the oldest, and those given up on."""
    waiting = PendingEvaluation.objects.aggregate(
        count=Count("pk"),
        oldest=Min("created_at"),
        given_up=Count("pk", filter=Q(sends__gte=MAX_SENDS)),
    )
    yield GaugeMetricFamily(
        "oms_rule_evaluations_pending",
        "Rule evaluations stored and not run yet.",
        value=waiting["count"],
    )
    oldest = waiting["oldest"]
    yield GaugeMetricFamily(
        "oms_rule_evaluation_oldest_pending_age_seconds",
        "Age of the oldest stored rule evaluation (0 when none waits).",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
    )
    yield GaugeMetricFamily(
        "oms_rule_evaluations_given_up",
        "Rule evaluations sent the most times allowed without running; kept for an operator.",
        value=waiting["given_up"],
    )
