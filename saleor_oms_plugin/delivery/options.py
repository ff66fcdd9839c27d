"""``SHIPPING_LIST_METHODS_FOR_CHECKOUT``: the OMS's own delivery options for a cart.

Each active delivery service of the channel that has a rate for the cart's currency and weight
and can bring the whole cart (every line in stock somewhere, the address within its reach) is
offered as a shipping method: its price from the rate table, its minimum and maximum delivery
days counted from today where the cart would ship from, and the promise in words. Saleor shows
them beside the store's own methods; the customer picks one like any other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from saleor_oms_plugin.delivery.cart_promise import cart_plan_shared, order_timezone
from saleor_oms_plugin.delivery.context import delivery_context
from saleor_oms_plugin.delivery.question import question_parse
from saleor_oms_plugin.promising.model import OrderPromise
from saleor_oms_plugin.promising.promise import promise_for_services
from saleor_oms_plugin.promising.sentence import english_sentence, promise_parts
from saleor_oms_plugin.tenants.models import Tenant

DESCRIPTION_LIMIT = 255  # Saleor refuses a longer description


def shipping_options_answer(tenant: Tenant, payload: dict[str, Any]) -> list[dict[str, Any]]:
    question = question_parse(payload)
    if question.destination is None or not question.lines or not question.currency:
        return []  # nothing to promise yet: Saleor asks again when the address is set
    now = timezone.now()
    context = delivery_context(tenant_id=tenant.pk, channel_slug=question.channel_slug, now=now)
    weight = question.weight_kg
    priced = [
        (service, price)
        for service in context.services
        if (price := service.price(currency=question.currency, weight_kg=weight)) is not None
    ]
    if not priced:
        return []
    plan = cart_plan_shared(context, question, question.destination, now=now)
    promises = promise_for_services(plan.request, [service.carrier for service, _ in priced])
    order_date = now.astimezone(ZoneInfo(order_timezone(plan.request))).date()
    return [
        _method(service.code, service.name, price, question.currency, promise, order_date)
        for (service, price), promise in zip(priced, promises, strict=True)
        if promise.complete and promise.delivery is not None
    ]


def _method(
    code: str, name: str, price: Any, currency: str, promise: OrderPromise, order_date: dt.date
) -> dict[str, Any]:
    delivery = promise.delivery
    assert delivery is not None
    parts = promise_parts(promise)
    ship_date = promise.ship_date
    return {
        "id": code,
        "name": name,
        "amount": str(price),
        "currency": currency,
        "minimum_delivery_days": (delivery.earliest - order_date).days,
        "maximum_delivery_days": (delivery.latest - order_date).days,
        "description": english_sentence(parts)[:DESCRIPTION_LIMIT] if parts else None,
        "metadata": {
            "oms.ships_from": ", ".join(dict.fromkeys(s.location_id for s in promise.shipments)),
            "oms.ship_date": ship_date.isoformat() if ship_date else "",
            "oms.delivery_earliest": delivery.earliest.isoformat(),
            "oms.delivery_latest": delivery.latest.isoformat(),
        },
    }
