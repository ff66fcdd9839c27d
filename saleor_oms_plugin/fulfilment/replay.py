"""Replay: what a draft rule set would have decided for recent orders, against the published one.

Each order is routed whole (as when it arrived) by both rule sets over the same stock, read
from Saleor once for all orders. Current stock stands in for the stock at the time: the report
compares rule sets, it does not re-enact history. Nothing is stored and nothing is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from saleor_oms_plugin.fulfilment.error_codes import FulfilmentErrorCode
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.plans import routing_decide
from saleor_oms_plugin.fulfilment.request_builder import Candidates, order_candidates
from saleor_oms_plugin.fulfilment.selectors import (
    builtin_ruleset,
    ruleset_engine,
    ruleset_get,
    ruleset_published_for,
)
from saleor_oms_plugin.fulfilment.stock import saleor_variant_stocks
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.routing.model import Decision, RuleSet
from saleor_oms_plugin.tenants.models import Tenant

MAX_REPLAY_ORDERS = 500


@dataclass(frozen=True)
class ReplayOutcome:
    ruleset: str
    cost: float
    shipments: int
    distance_km: float
    backordered_units: int

    @classmethod
    def of(cls, decision: Decision) -> ReplayOutcome:
        return cls(
            ruleset=f"{decision.ruleset_name} v{decision.ruleset_version}",
            cost=round(decision.total_cost, 4),
            shipments=len(decision.shipments),
            distance_km=round(sum(s.distance_km for s in decision.shipments), 1),
            backordered_units=sum(line.quantity for line in decision.backorder),
        )


@dataclass(frozen=True)
class ReplayOrder:
    order_id: int
    number: str
    draft: ReplayOutcome | None
    published: ReplayOutcome | None
    error: str = ""


@dataclass(frozen=True)
class ReplayTotals:
    orders: int
    cost: float
    shipments: int
    distance_km: float
    backordered_units: int


@dataclass(frozen=True)
class ReplayReport:
    draft: str
    orders: list[ReplayOrder] = field(default_factory=list)

    def _total(self, side: str) -> ReplayTotals:
        outcomes = [
            getattr(o, side) for o in self.orders if o.draft is not None and o.published is not None
        ]
        return ReplayTotals(
            orders=len(outcomes),
            cost=round(sum(o.cost for o in outcomes), 4),
            shipments=sum(o.shipments for o in outcomes),
            distance_km=round(sum(o.distance_km for o in outcomes), 1),
            backordered_units=sum(o.backordered_units for o in outcomes),
        )

    @property
    def draft_total(self) -> ReplayTotals:
        """Over the orders both rule sets could route, so the totals compare like with like."""
        return self._total("draft")

    @property
    def published_total(self) -> ReplayTotals:
        return self._total("published")


def routing_replay(
    *, tenant_id: int, draft_id: int, last: int, now: dt.datetime | None = None
) -> ReplayReport:
    """Route the tenant's ``last`` newest orders with rule set ``draft_id`` and with the rule
    set published for each order's channel (or the built-in default)."""
    if not 1 <= last <= MAX_REPLAY_ORDERS:
        raise FulfilmentError(
            FulfilmentErrorCode.INVALID_QUANTITY,
            f"replay between 1 and {MAX_REPLAY_ORDERS} orders",
            field="last",
        )
    row = ruleset_get(tenant_id=tenant_id, pk=draft_id)
    if row is None:
        raise FulfilmentError(FulfilmentErrorCode.NOT_FOUND, "no such rule set", field="draft")
    draft = ruleset_engine(row)
    now = now or timezone.now()
    tenant = Tenant.objects.get(pk=tenant_id)
    orders = list(
        Order.objects.filter(tenant_id=tenant_id)
        .order_by("-saleor_created_at", "-pk")
        .prefetch_related("lines")[:last]
    )
    saleor_stocks = saleor_variant_stocks(
        tenant=tenant,
        variant_ids=[line.variant_id for order in orders for line in order.lines.all()],
    )
    report = ReplayReport(draft=f"{draft.name} v{draft.version}")
    baselines: dict[str, RuleSet] = {}
    # Orders of one channel have the same candidate locations: read once per channel.
    candidates: dict[str, Candidates] = {}
    for order in orders:
        if order.channel_slug not in baselines:
            published = ruleset_published_for(tenant_id=tenant_id, channel=order.channel_slug)
            baselines[order.channel_slug] = (
                ruleset_engine(published) if published else builtin_ruleset()
            )
            candidates[order.channel_slug] = order_candidates(order, now)
        lines = {
            line.saleor_id: line.quantity
            for line in order.lines.all()
            if line.is_shipping_required and line.quantity > 0
        }
        outcomes: list[ReplayOutcome | None] = []
        error = ""
        for ruleset in (draft, baselines[order.channel_slug]):
            try:
                decision, _ = routing_decide(
                    tenant=tenant,
                    order=order,
                    lines=lines,
                    now=now,
                    ruleset=ruleset,
                    saleor_stocks=saleor_stocks,
                    candidates=candidates[order.channel_slug],
                )
            except FulfilmentError as exc:
                outcomes.append(None)
                error = error or exc.message
            else:
                outcomes.append(ReplayOutcome.of(decision))
        report.orders.append(ReplayOrder(order.pk, order.number, outcomes[0], outcomes[1], error))
    return report
