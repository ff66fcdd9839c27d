"""Routing waiting backorders by themselves once stock arrives, and pre-orders once released.

Stock reaches the OMS through the inventory ledger (Saleor's stock webhooks carry no
quantities: the variant is re-read, the ledger changes, and ``inventory.changes`` tells its
listeners). :func:`on_stock_changes` marks the waiting backorders of the changed variants as
woken and schedules one debounced run; :func:`backorders_route` is that run:

1. it *claims* the woken rows (a lease: ``claim_until`` + ``claim_token``, set under a row lock),
   so a second run at the same moment (two stock events) finds them claimed and does nothing;
2. asks Saleor once whether any unchecked row is a pre-order variant (held, not routed);
3. reads Saleor's stock of the variants once, then routes order after order, oldest paid
   first (``paid_at``, then when the backorder was recorded), each order's waiting lines
   together, against that one reading less what the earlier orders of the run took: so it
   routes only as many units as the new stock covers;
4. stores each order's routed units as a plan of its own (trigger ``backorder``), applied in
   Saleor by the same task and path as any plan (``saleor_apply``), takes them off the rows,
   and publishes ``backorder.promised`` with the new promised ship date (``promising``).

A row still claimed by this run is checked again under its lock before its plan is stored, and
every claim is given back at the end, whatever happened.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.backorders import LIVE, backorders_announce
from saleor_oms_plugin.fulfilment.errors import FulfilmentError
from saleor_oms_plugin.fulfilment.events import FulfilmentEvent
from saleor_oms_plugin.fulfilment.locks import (
    lock_backorders,
    lock_claimable_backorders,
    lock_plans_of_order,
)
from saleor_oms_plugin.fulfilment.models import Backorder, LocationRoutingSettings, RoutingPlan
from saleor_oms_plugin.fulfilment.plans import order_lock, plan_store, routing_decide
from saleor_oms_plugin.fulfilment.preorders import preorder_active, variant_preorders
from saleor_oms_plugin.fulfilment.request_builder import order_lines_to_route
from saleor_oms_plugin.fulfilment.scheduling import backorders_route_debounced
from saleor_oms_plugin.fulfilment.selectors import tenant_routing_settings
from saleor_oms_plugin.fulfilment.stock import (
    SaleorStock,
    SaleorStocks,
    available_to_order,
    saleor_variant_stocks,
)
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.promising.errors import PromiseInputError
from saleor_oms_plugin.promising.from_routing import planned_shipments
from saleor_oms_plugin.promising.model import LocationProfile, PromiseRequest
from saleor_oms_plugin.promising.promise import promise_order
from saleor_oms_plugin.routing.model import Decision
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_saleor_client

logger = logging.getLogger(__name__)
B = Backorder.State
P = RoutingPlan.State
CLAIM_SECONDS = 600
PER_RUN = 500
_DEAD_ORDER_STATUSES = frozenset({"CANCELED", "DRAFT", "EXPIRED"})


# -- waking ----------------------------------------------------------------------------------


def on_stock_changes(tenant_id: int, stock_ids: frozenset[int]) -> None:
    """The listener of ``inventory.changes``: stock of some variants changed (it may have
    risen). Their waiting backorders are woken and one debounced run routes them; open-ended
    pre-orders are looked at again too (staff may have ended them in Saleor)."""
    if not Backorder.objects.filter(tenant_id=tenant_id, state__in=LIVE).exists():
        return  # the common case: nothing waits, nothing to look up
    variants = set(
        StockLevel.objects.filter(tenant_id=tenant_id, pk__in=stock_ids).values_list(
            "variant_id", flat=True
        )
    )
    if backorders_wake(tenant_id=tenant_id, variant_ids=variants, now=timezone.now()):
        backorders_route_debounced(tenant_id=tenant_id)


def backorders_wake(*, tenant_id: int, variant_ids: Iterable[str], now: dt.datetime) -> int:
    """Mark the backorders of ``variant_ids`` as worth routing again; how many were."""
    ids = sorted(set(variant_ids))
    if not ids:
        return 0
    rows = Backorder.objects.filter(tenant_id=tenant_id, variant_id__in=ids)
    woken = rows.filter(state=B.WAITING).update(woken_at=now)
    # An open-ended pre-order is asked about again with the next run.
    woken += rows.filter(state=B.PREORDER, release_at__isnull=True).update(
        state=B.WAITING, woken_at=now, preorder_checked=False
    )
    return woken


def on_order_changed(tenant_id: int, order_id: int) -> None:
    """The listener of ``orders.changes`` (in the writer's transaction): a cancelled order's
    backorders wait no more."""
    rows = list(
        Backorder.objects.filter(
            tenant_id=tenant_id,
            order_id=order_id,
            state__in=LIVE,
            order__status__in=sorted(_DEAD_ORDER_STATUSES),
        ).select_related("order")
    )
    if rows:
        _cancel(rows[0].order, rows, reason="the order is no longer open", actor=Actor.saleor())


# -- claiming --------------------------------------------------------------------------------


def _claim(*, tenant_id: int, token: str, now: dt.datetime) -> list[Backorder]:
    ids = list(
        Backorder.objects.filter(tenant_id=tenant_id, state=B.WAITING, woken_at__isnull=False)
        .filter(Q(claim_until__isnull=True) | Q(claim_until__lt=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:PER_RUN]
    )
    if not ids:
        return []
    with transaction.atomic():
        rows = lock_claimable_backorders(tenant_id, ids, now)
        Backorder.objects.filter(pk__in=[row.pk for row in rows]).update(
            claim_until=now + timedelta(seconds=CLAIM_SECONDS), claim_token=token
        )
    return list(
        Backorder.objects.filter(pk__in=[row.pk for row in rows], claim_token=token)
        .select_related("order")
        .order_by("pk")
    )


def _unclaim(token: str) -> None:
    Backorder.objects.filter(claim_token=token).update(claim_until=None, claim_token="")


# -- pre-orders ------------------------------------------------------------------------------


def _hold_preorders(
    rows: list[Backorder], *, client: SaleorClient, now: dt.datetime, actor: Actor
) -> list[Backorder]:
    """Ask Saleor about rows never checked; hold those of a running pre-order. Returns the
    rows left to route."""
    unchecked = [row for row in rows if not row.preorder_checked]
    if not unchecked:
        return rows
    preorders = variant_preorders(client=client, variant_ids={row.variant_id for row in unchecked})
    held: dict[int, list[Backorder]] = defaultdict(list)
    with transaction.atomic():
        for row in lock_backorders(unchecked[0].tenant_id, [row.pk for row in unchecked]):
            if row.state not in LIVE:
                continue
            preorder = preorders.get(row.variant_id)
            row.preorder_checked = True
            if preorder_active(preorder, now):
                assert preorder is not None
                row.state, row.release_at, row.woken_at = B.PREORDER, preorder.end, None
                held[row.order_id].append(row)
            row.save(
                update_fields=["preorder_checked", "state", "release_at", "woken_at", "updated_at"]
            )
        orders = Order.objects.in_bulk(list(held))
        for order_id, order_rows in sorted(held.items()):
            for row in order_rows:
                row.order = orders[order_id]
            backorders_announce(order_rows, FulfilmentEvent.BACKORDER_PREORDER_HELD, actor=actor)
    held_ids = {row.pk for order_rows in held.values() for row in order_rows}
    return [row for row in rows if row.pk not in held_ids]


def backorders_check(*, tenant_id: int, order_id: int, client: SaleorClient | None = None) -> int:
    """Right after routing left units of an order unplaced: hold those of pre-order variants
    (so the order shows "pre-order until …" at once). Returns how many rows were held."""
    rows = list(
        Backorder.objects.filter(
            tenant_id=tenant_id, order_id=order_id, state=B.WAITING, preorder_checked=False
        ).select_related("order")
    )
    if not rows:
        return 0
    client = client or tenant_saleor_client(tenant=Tenant.objects.get(pk=tenant_id))
    left = _hold_preorders(rows, client=client, now=timezone.now(), actor=Actor.system())
    return len(rows) - len(left)


def preorders_release(*, now: dt.datetime | None = None) -> list[int]:
    """Beat: pre-orders whose end date passed wait as ordinary backorders again, woken, and
    each tenant concerned gets a run (which asks Saleor once more: an end date moved later
    holds them again). Returns the tenants."""
    now = now or timezone.now()
    due = Backorder.objects.filter(state=B.PREORDER, release_at__lte=now)
    tenants = sorted(set(due.values_list("tenant_id", flat=True)))
    for tenant_id in tenants:
        with transaction.atomic():
            ids = list(due.filter(tenant_id=tenant_id).values_list("pk", flat=True))
            released: dict[int, list[Backorder]] = defaultdict(list)
            for row in lock_backorders(tenant_id, ids):
                if row.state != B.PREORDER or row.release_at is None or row.release_at > now:
                    continue
                row.state, row.woken_at, row.preorder_checked = B.WAITING, now, False
                row.save(update_fields=["state", "woken_at", "preorder_checked", "updated_at"])
                released[row.order_id].append(row)
            orders = Order.objects.in_bulk(list(released))
            for order_id, rows in sorted(released.items()):
                for row in rows:
                    row.order = orders[order_id]
                backorders_announce(
                    rows, FulfilmentEvent.BACKORDER_PREORDER_RELEASED, actor=Actor.system()
                )
    return tenants


# -- routing ---------------------------------------------------------------------------------


@dataclass
class BackorderRun:
    claimed: int = 0
    plans: list[int] = field(default_factory=list)
    held: int = 0
    cancelled: int = 0
    waiting: int = 0  # claimed but left waiting (no stock, or the order is busy)


def _fifo_key(item: tuple[Order, list[Backorder]]) -> tuple:
    order, rows = item
    paid = order.paid_at or order.saleor_created_at or min(row.created_at for row in rows)
    return (paid, min(row.created_at for row in rows), order.pk)


def backorders_route(
    *,
    tenant_id: int,
    now: dt.datetime | None = None,
    client: SaleorClient | None = None,
) -> BackorderRun:
    """Route the tenant's woken backorders, oldest paid order first, as far as stock covers."""
    now = now or timezone.now()
    token = str(uuid.uuid4())
    run = BackorderRun()
    rows = _claim(tenant_id=tenant_id, token=token, now=now)
    run.claimed = len(rows)
    if not rows:
        return run
    try:
        tenant = Tenant.objects.get(pk=tenant_id)
        client = client or tenant_saleor_client(tenant=tenant)
        actor = Actor.system()
        left = _hold_preorders(rows, client=client, now=now, actor=actor)
        run.held = len(rows) - len(left)
        by_order: dict[int, list[Backorder]] = defaultdict(list)
        for row in left:
            by_order[row.order_id].append(row)
        orders = Order.objects.prefetch_related("lines").in_bulk(list(by_order))
        variants = {line.variant_id for order in orders.values() for line in order.lines.all()}
        stocks = _mutable(saleor_variant_stocks(tenant=tenant, variant_ids=variants, client=client))
        for order, order_rows in sorted(
            ((orders[order_id], order_rows) for order_id, order_rows in by_order.items()),
            key=_fifo_key,
        ):
            _route_order(run, tenant, order, order_rows, stocks, token=token, now=now, actor=actor)
    finally:
        _unclaim(token)
    return run


def _mutable(stocks: SaleorStocks) -> dict[str, dict[str, list[int]]]:
    return {
        variant: {warehouse: [s.quantity, s.allocated] for warehouse, s in per.items()}
        for variant, per in stocks.items()
    }


def _frozen(stocks: dict[str, dict[str, list[int]]]) -> SaleorStocks:
    return {
        variant: {warehouse: SaleorStock(q, a) for warehouse, (q, a) in per.items()}
        for variant, per in stocks.items()
    }


def _take(stocks: dict[str, dict[str, list[int]]], order: Order, decision: Decision) -> None:
    """What the order's shipments will take: Saleor takes the units off the warehouse and
    releases the order's own allocations there (as ``orderFulfill`` does)."""
    own: dict[tuple[str, str], int] = defaultdict(int)
    for order_line in order.lines.all():
        for allocation in order_line.allocations or []:
            own[(order_line.variant_id, allocation.get("warehouse_id") or "")] += int(
                allocation.get("quantity") or 0
            )
    for shipment in decision.shipments:
        for line in shipment.lines:
            key = (line.variant_id, shipment.location_id)
            level = stocks.setdefault(line.variant_id, {}).setdefault(shipment.location_id, [0, 0])
            released = min(own[key], line.quantity)
            own[key] -= released
            level[0] -= line.quantity
            level[1] -= released


def _route_order(
    run: BackorderRun,
    tenant: Tenant,
    order: Order,
    rows: list[Backorder],
    stocks: dict[str, dict[str, list[int]]],
    *,
    token: str,
    now: dt.datetime,
    actor: Actor,
) -> None:
    if order.status.upper() in _DEAD_ORDER_STATUSES:
        run.cancelled += _cancel(order, rows, reason="the order is no longer open", actor=actor)
        return
    if RoutingPlan.objects.filter(order=order, state__in=[P.PROPOSED, P.APPLYING]).exists():
        run.waiting += len(rows)  # its current plan finishes first; the next run tries again
        return
    still = order_lines_to_route(order)
    lines = {row.line_id: min(row.quantity, still.get(row.line_id, 0)) for row in rows}
    done = [row for row in rows if lines[row.line_id] == 0]
    if done:
        run.cancelled += _cancel(order, done, reason="fulfilled outside the OMS", actor=actor)
    lines = {line_id: units for line_id, units in lines.items() if units}
    if not lines:
        return
    try:
        decision, ruleset_row = routing_decide(
            tenant=tenant, order=order, lines=lines, now=now, saleor_stocks=_frozen(stocks)
        )
    except FulfilmentError as exc:
        # Not routable as it stands (an address no location can be placed for…): waiting for
        # more stock changes nothing, so only the next stock change tries again.
        logger.warning("backorders of order %s not routed: %s", order.pk, exc.message)
        Backorder.objects.filter(pk__in=[row.pk for row in rows]).update(woken_at=None)
        run.waiting += len(lines)
        return
    if not decision.shipments:
        # Not covered by the new stock: it waits for the next change.
        Backorder.objects.filter(pk__in=[row.pk for row in rows]).update(woken_at=None)
        run.waiting += len(lines)
        return
    settings = tenant_routing_settings(tenant=tenant)
    with transaction.atomic():
        order = order_lock(tenant.pk, order.pk)
        plans = lock_plans_of_order(order)
        if any(plan.state in (P.PROPOSED, P.APPLYING) for plan in plans):
            run.waiting += len(lines)
            return
        locked = {row.line_id: row for row in lock_backorders(tenant.pk, [r.pk for r in rows])}
        if any(
            row.state != B.WAITING
            or row.claim_token != token
            or row.quantity < lines.get(row.line_id, 0)
            for row in locked.values()
            if row.line_id in lines
        ):
            run.waiting += len(lines)  # changed under us (staff routed the order): leave it
            return
        plan = plan_store(
            order=order,
            decision=decision,
            ruleset_row=ruleset_row,
            trigger=RoutingPlan.Trigger.BACKORDER,
            state=P.PROPOSED if settings.require_approval else P.APPLYING,
            actor=actor,
            record_backorders=False,
        )
        promised = _promised_ship_date(order, decision, stocks, now)
        shipped: dict[str, int] = defaultdict(int)
        for shipment in decision.shipments:
            for line in shipment.lines:
                shipped[line.line_id] += line.quantity
        routed = []
        for line_id, units in sorted(shipped.items()):
            row = locked[line_id]
            row.quantity -= units
            row.routed_units += units
            row.state = B.ROUTED if row.quantity == 0 else B.WAITING
            row.routed_plan, row.promised_ship_date, row.woken_at = plan, promised, None
            row.save()
            row.order = order
            routed.append(row)
        backorders_announce(
            routed,
            FulfilmentEvent.BACKORDER_PROMISED,
            actor=actor,
            data={
                "plan_id": plan.pk,
                "routed_units": sum(shipped.values()),
                "still_waiting": sum(row.quantity for row in routed),
                "promised_ship_date": promised.isoformat() if promised else None,
                "locations": sorted({s.location_id for s in decision.shipments}),
            },
        )
    _take(stocks, order, decision)
    run.plans.append(plan.pk)


def _cancel(order: Order, rows: list[Backorder], *, reason: str, actor: Actor) -> int:
    with transaction.atomic():
        cancelled = []
        for row in lock_backorders(order.tenant_id, [row.pk for row in rows]):
            if row.state in LIVE:
                row.state, row.woken_at = B.CANCELLED, None
                row.save(update_fields=["state", "woken_at", "updated_at"])
                row.order = order
                cancelled.append(row)
        backorders_announce(
            cancelled, FulfilmentEvent.BACKORDER_CANCELLED, actor=actor, data={"reason": reason}
        )
    return len(cancelled)


def _promised_ship_date(
    order: Order, decision: Decision, stocks: dict[str, dict[str, list[int]]], now: dt.datetime
) -> dt.date | None:
    """The day the routed units leave, by promising's hand-over rules (each location's time
    zone and cut-off from its routing settings; working days Monday to Friday)."""
    location_ids = {shipment.location_id for shipment in decision.shipments}
    settings = {
        row.location.saleor_id: row
        for row in LocationRoutingSettings.objects.filter(
            tenant_id=order.tenant_id, location__saleor_id__in=location_ids
        ).select_related("location")
    }
    try:
        profiles = {
            location_id: LocationProfile(
                location_id=location_id,
                name=location_id,
                timezone=settings[location_id].time_zone if location_id in settings else "UTC",
                cutoff=settings[location_id].cutoff_time if location_id in settings else None,
            )
            for location_id in location_ids
        }
        available = available_to_order(_frozen(stocks), order)
        stock: dict[str, dict[str, int]] = defaultdict(dict)
        for variant_id, per in available.items():
            for warehouse_id, units in per.items():
                stock[warehouse_id][variant_id] = units
        promise = promise_order(
            PromiseRequest(
                order_time=now,
                shipments=planned_shipments(decision),
                locations=profiles,
                stock=stock,
            )
        )
    except PromiseInputError as exc:
        logger.warning("no promise for the backorders of order %s: %s", order.pk, exc)
        return None
    return promise.ship_date
