"""Stock alerts: which ones a stock level deserves, and opening/resolving them to match.

At most one unresolved alert per stock level and kind (a partial unique constraint). Opening
one publishes a rule event (``stock.low``, ``stock.out``, ``stock.run_out_risk``) about the
subject ``stock:<sku>@<location name>``, the subject Saleor's own out-of-stock event uses, so
a rule with ``refire: reentry`` fires once per alert; resolving it publishes the event again as
ended, which closes that rule window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from saleor_oms_plugin.audit.services import Actor, audit_record
from saleor_oms_plugin.core.events import DomainEvent, publish
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.replenishment.events import ReplenishmentEvent
from saleor_oms_plugin.replenishment.models import StockAlert
from saleor_oms_plugin.replenishment.policy import Policy
from saleor_oms_plugin.rules.events import StockTrigger

Kind = StockAlert.Kind
UNRESOLVED = (StockAlert.State.OPEN, StockAlert.State.ACKNOWLEDGED)
TRIGGERS: dict[str, DomainEvent] = {
    Kind.LOW_STOCK: StockTrigger.LOW,
    Kind.OUT_OF_STOCK: StockTrigger.OUT,
    Kind.RUN_OUT_BEFORE_RESTOCK: ReplenishmentEvent.RUN_OUT_RISK,
}


def wanted_kinds(*, available: int, policy: Policy | None, cover: float | None) -> set[str]:
    """The alerts a stock level deserves now (none when it is not tracked)."""
    if policy is None:
        return set()
    kinds: set[str] = set()
    if available <= 0:
        kinds.add(Kind.OUT_OF_STOCK)
    if available <= policy.reorder_point:
        kinds.add(Kind.LOW_STOCK)
    if available > 0 and cover is not None and cover < policy.lead_time_days:
        kinds.add(Kind.RUN_OUT_BEFORE_RESTOCK)
    return kinds


def subject_key(stock: StockLevel) -> str:
    return f"stock:{stock.sku or stock.variant_id}@{stock.location.name}"


def alert_facts(stock: StockLevel, policy: Policy | None, cover: float | None) -> dict[str, Any]:
    """What a rule (and staff) see: the rule fields sku/warehouse/quantity, and more."""
    return {
        "sku": stock.sku or stock.variant_id,
        "warehouse": stock.location.name,
        "quantity": stock.available,
        "variant_id": stock.variant_id,
        "location_id": stock.location_id,
        "reorder_point": policy.reorder_point if policy else None,
        "target_level": policy.target_level if policy else None,
        "lead_time_days": policy.lead_time_days if policy else None,
        "days_of_cover": round(cover, 2) if cover is not None else None,
    }


def unresolved_kinds(stock_ids: list[int]) -> dict[int, set[str]]:
    """The kinds of unresolved alert of each stock level (one query for a batch)."""
    kinds: dict[int, set[str]] = {}
    rows = StockAlert.objects.filter(stock_id__in=stock_ids, state__in=UNRESOLVED)
    for stock_id, kind in rows.values_list("stock_id", "kind"):
        kinds.setdefault(stock_id, set()).add(kind)
    return kinds


def alerts_sync(
    *,
    stock: StockLevel,
    policy: Policy | None,
    cover: float | None,
    now: datetime,
    have: set[str] | None = None,
) -> tuple[list[StockAlert], int]:
    """Open the alerts ``stock`` deserves and lacks, resolve those it no longer deserves.

    ``have``: its unresolved kinds, when the caller read them for a batch. Returns the alerts
    opened and the number resolved. Race-safe: a concurrent opener of the same alert hits the
    unique constraint and this one steps aside.
    """
    wanted = wanted_kinds(available=stock.available, policy=policy, cover=cover)
    unresolved = StockAlert.objects.filter(stock=stock, state__in=UNRESOLVED)
    if have is None:
        have = set(unresolved.values_list("kind", flat=True))
    if wanted == have:
        return [], 0
    facts = alert_facts(stock, policy, cover)
    opened: list[StockAlert] = []
    for kind in sorted(wanted - have):
        try:
            with transaction.atomic():
                alert = StockAlert.objects.create(
                    tenant_id=stock.tenant_id, stock=stock, kind=kind, facts=facts, opened_at=now
                )
        except IntegrityError:
            continue
        alert.facts = {**facts, "alert_id": alert.pk, "kind": kind}
        opened.append(alert)
        audit_record(
            tenant_id=stock.tenant_id,
            subject=alert,
            verb=ReplenishmentEvent.ALERT_OPENED,
            actor=Actor.system(),
            data={"kind": kind, "stock": stock.pk, "available": stock.available},
        )
        publish(
            tenant_id=stock.tenant_id,
            event=TRIGGERS[Kind(kind)],
            subject_key=subject_key(stock),
            facts=alert.facts,
        )
    gone = sorted(have - wanted)
    ending = list(unresolved.filter(kind__in=gone).values_list("pk", "kind")) if gone else []
    resolved = (
        StockAlert.objects.filter(pk__in=[pk for pk, _ in ending], state__in=UNRESOLVED).update(
            state=StockAlert.State.RESOLVED, resolved_at=now
        )
        if ending
        else 0
    )
    for pk, kind in ending:
        audit_record(
            tenant_id=stock.tenant_id,
            subject=(StockAlert._meta.label_lower, str(pk)),
            verb=ReplenishmentEvent.ALERT_RESOLVED,
            actor=Actor.system(),
            data={"kind": kind, "stock": stock.pk, "available": stock.available},
        )
    if resolved:
        for kind in gone:
            publish(
                tenant_id=stock.tenant_id,
                event=TRIGGERS[Kind(kind)],
                subject_key=subject_key(stock),
                ended=True,
            )
    return opened, resolved
