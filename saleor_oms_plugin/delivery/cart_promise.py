"""Where a cart would ship from and when it would arrive, for each delivery service.

The cart is routed like an order (the channel's published rule set, the ledger's stock) and
the decision promised with each service by the promising core. Plain function of its inputs
apart from the one stock query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from saleor_oms_plugin.checkout.selectors import cart_holding
from saleor_oms_plugin.delivery.cart_stock import cart_stock
from saleor_oms_plugin.delivery.context import DeliveryContext
from saleor_oms_plugin.delivery.question import CartQuestion
from saleor_oms_plugin.promising.from_routing import promise_request_from_decision
from saleor_oms_plugin.promising.model import PromiseRequest
from saleor_oms_plugin.routing.engine import route
from saleor_oms_plugin.routing.model import (
    Address,
    DeliveryMethod,
    Destination,
    OrderLine,
    RoutingRequest,
)


@dataclass(frozen=True)
class CartPlan:
    request: PromiseRequest  # the routing decision as the promising core takes it
    shipments: int


# Saleor asks its two questions about a cart one after the other (the list, then the filter):
# the plan made for the first answers the second, as long as the checkout is unchanged.
PLAN_CACHE_SECONDS = 30


def cart_plan_shared(
    context: DeliveryContext, question: CartQuestion, destination: Address, *, now: dt.datetime
) -> CartPlan:
    """:func:`cart_plan`, kept in the cache for ``PLAN_CACHE_SECONDS`` under the checkout's id
    and ``updatedAt`` (Saleor bumps it with every change of lines or address), so the other
    question about the same cart reuses it, in whichever process it lands (with a shared
    cache). A checkout without them is planned each time."""
    if not question.checkout_id or not question.updated_at:
        return cart_plan(context, question, destination, now=now)
    key = (
        "oms:cart-plan:"
        + hashlib.sha256(
            repr(
                (
                    context.tenant_id,
                    question.checkout_id,
                    question.updated_at,
                    destination,
                    question.lines,
                )
            ).encode()
        ).hexdigest()
    )
    plan = cache.get(key)
    if isinstance(plan, CartPlan):
        return plan
    # The cart's own hold is stock for it, not against it.
    own = cart_holding(tenant_id=context.tenant_id, checkout_id=question.checkout_id)
    plan = cart_plan(context, question, destination, now=now, extra_stock=own)
    cache.set(key, plan, PLAN_CACHE_SECONDS)
    return plan


def cart_plan(
    context: DeliveryContext,
    question: CartQuestion,
    destination: Address,
    *,
    now: dt.datetime,
    extra_stock: dict[str, dict[str, int]] | None = None,
) -> CartPlan:
    """Route the cart; ``extra_stock`` adds units held for this very cart (its reservation)."""
    stock = cart_stock(
        tenant_id=context.tenant_id,
        location_pks=context.location_pks,
        variant_ids=[line.variant_id for line in question.lines],
    )
    for variant_id, per_location in (extra_stock or {}).items():
        for location_id, units in per_location.items():
            held = stock.setdefault(variant_id, {})
            held[location_id] = held.get(location_id, 0) + units
    candidates = context.with_stock(stock)
    routing_request = RoutingRequest(
        order_id=question.checkout_id or "cart",
        channel=question.channel_slug,
        lines=_lines(question),
        destination=Destination(destination),
        locations=candidates,
        delivery=DeliveryMethod.shipping(),
    )
    decision = route(routing_request, context.ruleset, now=now)
    request = promise_request_from_decision(
        decision, candidates=candidates, locations=context.profiles, order_time=now
    )
    return CartPlan(request=request, shipments=len(decision.shipments))


def _lines(question: CartQuestion) -> tuple[OrderLine, ...]:
    return tuple(
        OrderLine(
            line_id=line.line_id,
            variant_id=line.variant_id,
            sku=line.sku,
            quantity=line.quantity,
            weight_kg=line.unit_weight_kg,
        )
        for line in question.lines
    )


def order_timezone(request: PromiseRequest) -> str:
    """Where the order's days are counted: the time zone of the location that ships first."""
    for shipment in request.shipments:
        profile = request.locations.get(shipment.location_id)
        if profile is not None:
            return profile.timezone
    return "UTC"
