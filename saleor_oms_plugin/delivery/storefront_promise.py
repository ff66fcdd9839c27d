"""Delivery promises for a storefront: for a cart (or one unit of a variant) going to an
address, or collected at a location, before any checkout exists.

The same routing and promising as the answers at checkout; the storefront words the parts
itself or shows ``sentence``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saleor_oms_plugin.delivery.cart_promise import cart_plan
from saleor_oms_plugin.delivery.cart_stock import cart_stock
from saleor_oms_plugin.delivery.context import DeliveryContext, delivery_context
from saleor_oms_plugin.delivery.question import CartLine, CartQuestion
from saleor_oms_plugin.promising.model import (
    OrderPromise,
    PlannedShipment,
    PromiseLine,
    PromiseRequest,
)
from saleor_oms_plugin.promising.promise import promise_for_services, promise_order
from saleor_oms_plugin.promising.sentence import english_sentence, promise_parts
from saleor_oms_plugin.routing.model import Address


@dataclass(frozen=True)
class ServicePromise:
    service_code: str | None  # None: collection at a location
    service_name: str
    promise: OrderPromise
    sentence: str | None  # None: no complete promise (some line cannot be promised)


def _question(channel_slug: str, lines: dict[str, int]) -> CartQuestion:
    return CartQuestion(
        checkout_id="",
        channel_slug=channel_slug,
        currency="",
        destination=None,
        lines=tuple(
            CartLine(
                line_id=variant_id,
                variant_id=variant_id,
                sku="",
                quantity=quantity,
                unit_weight_kg=0.0,
            )
            for variant_id, quantity in lines.items()
        ),
        methods=(),
    )


def _service_promise(code: str | None, name: str, promise: OrderPromise) -> ServicePromise:
    parts = promise_parts(promise)
    return ServicePromise(code, name, promise, english_sentence(parts) if parts else None)


def shipping_promises(
    *,
    tenant_id: int,
    channel_slug: str,
    lines: dict[str, int],
    destination: Address,
    now: dt.datetime,
) -> list[ServicePromise]:
    """One promise per active delivery service of the channel, in position order."""
    context = delivery_context(tenant_id=tenant_id, channel_slug=channel_slug, now=now)
    if not context.services or not lines:
        return []
    plan = cart_plan(context, _question(channel_slug, lines), destination, now=now)
    promises = promise_for_services(plan.request, [s.carrier for s in context.services])
    return [
        _service_promise(service.code, service.name, promise)
        for service, promise in zip(context.services, promises, strict=True)
    ]


def pickup_promise(
    *,
    tenant_id: int,
    channel_slug: str,
    lines: dict[str, int],
    location_id: str,
    now: dt.datetime,
) -> ServicePromise | None:
    """When the cart can be collected at ``location_id`` (a Saleor warehouse id of the
    channel); None when the location does not serve the channel."""
    context = delivery_context(tenant_id=tenant_id, channel_slug=channel_slug, now=now)
    profile = context.profiles.get(location_id)
    if profile is None or location_id not in context.location_pks:
        return None
    request = _pickup_request(context, lines, location_id, now)
    return _service_promise(None, profile.name, promise_order(request))


def _pickup_request(
    context: DeliveryContext, lines: dict[str, int], location_id: str, now: dt.datetime
) -> PromiseRequest:
    stock = cart_stock(
        tenant_id=context.tenant_id,
        location_pks={location_id: context.location_pks[location_id]},
        variant_ids=list(lines),
    )
    return PromiseRequest(
        order_time=now,
        shipments=(
            PlannedShipment(
                location_id=location_id,
                lines=tuple(PromiseLine(v, v, q) for v, q in lines.items()),
            ),
        ),
        locations=context.profiles,
        stock={location_id: {v: per.get(location_id, 0) for v, per in stock.items()}},
        service=None,
    )
