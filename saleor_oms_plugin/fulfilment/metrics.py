"""Metrics of routing plans: the states they reach, and how many are in each now."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.db.models.signals import post_init, post_save
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily, Metric

from saleor_oms_plugin.fulfilment.models import RoutingPlan

routing_plan_transitions = Counter(
    "oms_routing_plan_transitions_total",
    "Routing plans entering a state (a new plan counts for its first state).",
    ["state"],
)


def _remember_state(sender: type[RoutingPlan], instance: RoutingPlan, **_: Any) -> None:
    instance._state_seen = instance.state  # type: ignore[attr-defined]


def _count_transition(
    sender: type[RoutingPlan], instance: RoutingPlan, created: bool, **_: Any
) -> None:
    if created or getattr(instance, "_state_seen", None) != instance.state:
        routing_plan_transitions.labels(state=instance.state).inc()
    instance._state_seen = instance.state  # type: ignore[attr-defined]


def routing_plan_transitions_listen() -> None:
    post_init.connect(_remember_state, sender=RoutingPlan, dispatch_uid="oms-plan-metrics-init")
    post_save.connect(_count_transition, sender=RoutingPlan, dispatch_uid="oms-plan-metrics-save")


def routing_plan_readings() -> Iterable[Metric]:
    """Scrape time: routing plans per state, every state named (0 when there are none)."""
    counts = dict(
        RoutingPlan.objects.order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    gauge = GaugeMetricFamily(
        "oms_routing_plans", "Routing plans in each state now.", labels=["state"]
    )
    for state in RoutingPlan.State:
        gauge.add_metric([state.value], counts.get(state.value, 0))
    yield gauge
