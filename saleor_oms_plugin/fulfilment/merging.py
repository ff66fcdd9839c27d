"""Merging: a customer's open orders to one shipping address ship together (tenant setting
``routing.merge_window_minutes``; 0, the default, turns it off).

When automatic routing reaches an order and merging is on, the order's *group* is found: the
tenant's open orders of the same channel, customer (e-mail) and shipping address that automatic
routing may route now (its trigger passed, no plan, no hold, no gate) — the order itself
included. The group's window opens with its first order's creation and lasts the setting's
minutes (orders created later start a window of their own). Until the window closes routing
waits (the order's route task is queued again for the moment it closes); then the group is
routed as **one** request — every line of every order, one destination — so the engine's
rules (fewest shipments, nearest…) place them together, and the decision is split back into
one plan per order: each Saleor order gets its own fulfilments (Saleor's fulfilments belong to
one order), from the same locations.

Collections at a warehouse are never merged (each names its own pickup point).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from saleor_oms_plugin.fulfilment.models import RoutingHold, RoutingPlan
from saleor_oms_plugin.orders.addresses import ADDRESS_FIELDS
from saleor_oms_plugin.orders.gates import routing_blocked
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.routing.model import Decision, RoutingRequest

OPEN_STATUSES = ("UNCONFIRMED", "UNFULFILLED", "PARTIALLY_FULFILLED")
# One place whoever answers its phone.
_ADDRESS_KEYS = tuple(key for key in ADDRESS_FIELDS if key != "phone")


def trigger_passed(order: Order, trigger: str) -> bool:
    """Whether the event the tenant routes on has happened to ``order`` already."""
    if trigger == RoutingPlan.Trigger.CREATED:
        return True
    if trigger == RoutingPlan.Trigger.CONFIRMED:
        return order.status != "UNCONFIRMED"
    if trigger == RoutingPlan.Trigger.FULLY_PAID:
        return order.is_paid
    return False  # manual routing: staff route it


def address_key(address: Mapping | None) -> str:
    """One shipping address however Saleor spelled its case and spaces."""
    if not address:
        return ""
    values = []
    for key in _ADDRESS_KEYS:
        value = address.get(key)
        if isinstance(value, Mapping):  # a country as {"code": "US"}
            value = value.get("code")
        values.append(" ".join(str(value or "").split()).casefold())
    return json.dumps(values)


def _mergeable(order: Order) -> bool:
    return (
        bool(order.user_email)
        and bool(address_key(order.shipping_address))
        and order.delivery_method_type != "Warehouse"
    )


@dataclass(frozen=True)
class MergeGroup:
    orders: list[Order]  # oldest first, the order asked about among them
    closes_at: dt.datetime


def merge_group(*, order: Order, trigger: str, window_minutes: int) -> MergeGroup | None:
    """The group ``order`` ships with, or None when merging does not apply to it."""
    if window_minutes <= 0 or not _mergeable(order):
        return None
    key = address_key(order.shipping_address)
    candidates = (
        Order.objects.filter(
            tenant_id=order.tenant_id,
            channel_slug=order.channel_slug,
            user_email__iexact=order.user_email,
            status__in=OPEN_STATUSES,
        )
        .exclude(routing_plans__isnull=False)
        .exclude(pk__in=RoutingHold.objects.filter(tenant_id=order.tenant_id).values("order_id"))
        .prefetch_related("lines")
        .order_by("saleor_created_at", "pk")
    )
    members = [
        other
        for other in candidates
        if other.pk == order.pk
        or (
            address_key(other.shipping_address) == key
            and other.delivery_method_type != "Warehouse"
            and trigger_passed(other, trigger)
            and not routing_blocked(tenant_id=other.tenant_id, order_id=other.pk)
        )
    ]
    if not any(member.pk == order.pk for member in members):
        return None  # not open any more: nothing to wait for
    window = dt.timedelta(minutes=window_minutes)
    group: list[Order] = []
    closes_at = None
    for member in members:  # windows chain: the first order opens one, a later one the next
        if closes_at is None or member.saleor_created_at > closes_at:
            if any(o.pk == order.pk for o in group):
                break
            group, closes_at = [], member.saleor_created_at + window
        group.append(member)
    assert closes_at is not None  # ``order`` itself is a member
    return MergeGroup(group, closes_at)


def merged_request(requests: list[RoutingRequest]) -> RoutingRequest:
    """One request for every line of the group's requests (the first one's destination,
    channel and delivery; locations with stock counted once)."""
    first = requests[0]
    return dataclasses.replace(first, lines=tuple(line for r in requests for line in r.lines))


def split_decision(decision: Decision, owners: Mapping[str, int]) -> dict[int, Decision]:
    """The group's decision as one decision per order (``owners``: line id → order pk).

    Each order keeps the shipments of its own lines (same locations), a share of each
    shipment's cost and weight by units, its backorder, and the decision-level reasons that
    are not about another order's line."""
    shipments: dict[int, list] = defaultdict(list)
    for shipment in decision.shipments:
        by_order: dict[int, list] = defaultdict(list)
        for line in shipment.lines:
            by_order[owners[line.line_id]].append(line)
        for order_pk, lines in by_order.items():
            share = sum(line.quantity for line in lines) / max(1, shipment.units)
            shipments[order_pk].append(
                dataclasses.replace(
                    shipment,
                    lines=tuple(lines),
                    cost=round(shipment.cost * share, 4),
                    weight_kg=round(shipment.weight_kg * share, 4),
                )
            )
    backorder: dict[int, list] = defaultdict(list)
    for waiting in decision.backorder:
        backorder[owners[waiting.line_id]].append(waiting)
    result = {}
    for order_pk in sorted(set(owners.values())):
        reasons = tuple(
            reason
            for reason in decision.reasons
            if owners.get(str((reason.data or {}).get("line_id")), order_pk) == order_pk
        )
        result[order_pk] = dataclasses.replace(
            decision,
            shipments=tuple(shipments[order_pk]),
            backorder=tuple(backorder[order_pk]),
            reasons=reasons,
        )
    return result
