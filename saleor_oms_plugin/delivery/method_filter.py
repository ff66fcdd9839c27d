"""``CHECKOUT_FILTER_SHIPPING_METHODS``: the store's methods the OMS cannot honour, excluded
with a reason Saleor shows the customer.

A store method is checked when a delivery service names it (``saleor_method_ids``): the cart
is routed and promised with that service, and the method is excluded when the delivery would
come later than the method's maximum delivery days, or when the service cannot reach the
address from where the cart would ship. A method no service names, a method of an app (ours
included), and a cart that is not in stock are left alone: Saleor checks stock itself when the
order is placed, and the OMS never blocks a sale on a doubt.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saleor_oms_plugin.delivery.cart_promise import cart_plan_shared, order_timezone
from saleor_oms_plugin.delivery.context import delivery_context
from saleor_oms_plugin.delivery.question import question_parse, shipping_method_key
from saleor_oms_plugin.promising.methods import (
    MethodRefusal,
    ShippingMethodOption,
    shipping_methods_check,
)
from saleor_oms_plugin.promising.model import CarrierService
from saleor_oms_plugin.tenants.models import Tenant

EXCLUDING = frozenset({MethodRefusal.LATE, MethodRefusal.OUT_OF_RANGE})


def shipping_filter_answer(tenant: Tenant, payload: dict[str, Any]) -> dict[str, Any]:
    nothing: dict[str, Any] = {"excluded_methods": []}
    question = question_parse(payload)
    if question.destination is None or not question.lines:
        return nothing
    now = timezone.now()
    context = delivery_context(tenant_id=tenant.pk, channel_slug=question.channel_slug, now=now)
    # the first service (in position order) that names a method carries it
    carriers: dict[str, CarrierService] = {}
    for service in context.services:
        for method_id in service.saleor_method_ids:
            carriers.setdefault(shipping_method_key(method_id), service.carrier)
    options = [
        ShippingMethodOption(
            method.method_id, carriers[shipping_method_key(method.method_id)], method.maximum_days
        )
        for method in question.methods
        if not method.is_app_method and shipping_method_key(method.method_id) in carriers
    ]
    if not options:
        return nothing
    plan = cart_plan_shared(context, question, question.destination, now=now)
    verdicts = shipping_methods_check(plan.request, options, timezone=order_timezone(plan.request))
    return {
        "excluded_methods": [
            {"id": verdict.method_id, "reason": verdict.reason or ""}
            for verdict in verdicts
            if not verdict.honoured and verdict.cause in EXCLUDING
        ]
    }
