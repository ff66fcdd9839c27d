"""Compiling a condition AST to a Django ``Q`` over ``Order``, for time rules.

The database does the matching, so a pass costs what the indexes make it cost, not a Python
loop over every order. Every leaf is built to be two-valued (never SQL NULL): strings are
coalesced to '' and nullable moments are guarded with IS NOT NULL, so ``not`` means the same as
in :func:`conditions.evaluate`. The agreement of both is tested on random conditions and orders.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.expressions import Expression
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Lower, StrIndex, Substr
from django.db.models.lookups import (
    Contains,
    EndsWith,
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    In,
    IsNull,
    LessThan,
    LessThanOrEqual,
    StartsWith,
)

from saleor_oms_plugin.orders.models import Fulfillment, OrderLine
from saleor_oms_plugin.rules.conditions import All, AnyOf, Compare, Node, Not, hours_threshold
from saleor_oms_plugin.rules.fields import FIELDS, FieldType
from saleor_oms_plugin.rules.models import OrderFlag

CANCELLED_FULFILLMENT = "CANCELED"

_COLUMNS = {
    "total_gross": "total_gross",
    "total_net": "total_net",
    "total_charged": "total_charged",
    "weight_grams": "weight_grams",
    "currency": "currency",
    "channel": "channel_slug",
    "status": "status",
    "charge_status": "charge_status",
    "origin": "origin",
    "delivery_method_type": "delivery_method_type",
    "is_paid": "is_paid",
}
_LOOKUPS: dict[str, Any] = {
    "eq": Exact,
    "gt": GreaterThan,
    "gte": GreaterThanOrEqual,
    "lt": LessThan,
    "lte": LessThanOrEqual,
    "in": In,
    "contains": Contains,
    "starts_with": StartsWith,
    "ends_with": EndsWith,
}


def to_q(node: Node, now: datetime) -> Q:
    """A ``Q`` for ``Order.objects.filter(...)`` matching exactly the orders ``evaluate`` holds
    true for at ``now`` (the caller scopes it to a tenant)."""
    if isinstance(node, All):
        if not node.children:
            # Not Q(): an empty Q vanishes when OR-ed with another, "always" must not.
            return Q(pk__isnull=False)
        q = Q()
        for child in node.children:
            q &= to_q(child, now)
        return q
    if isinstance(node, AnyOf):
        q = to_q(node.children[0], now)
        for child in node.children[1:]:
            q |= to_q(child, now)
        return q
    if isinstance(node, Not):
        return ~to_q(node.child, now)
    return _compare(node, now)


def _compare(node: Compare, now: datetime) -> Q:
    spec, op, value = FIELDS[node.field], node.op, node.value
    if spec.type is FieldType.HOURS:
        return _hours(node.field, op, value, now)
    if spec.type is FieldType.SET:
        return _set(node.field, op, value)
    if spec.type is FieldType.MAP:
        if op == "exists":
            q = Q(**{f"{node.field}__has_key": node.key})
            return q if value else ~q
        text: Expression = _text(KeyTextTransform(node.key, node.field))
        return _scalar(text, op, value)
    if spec.type is FieldType.BOOLEAN:
        if node.field == "countries_differ":
            shipping, billing = _country("shipping_address"), _country("billing_address")
            differ = ~Q(Exact(shipping, "")) & ~Q(Exact(billing, "")) & ~Q(Exact(shipping, billing))
            return differ if value else ~differ
        return Q(**{_COLUMNS[node.field]: value})
    compared = _scalar(_expression(node.field), op, value)
    if spec.money:
        # Only orders in the comparison's currency (ne included: no currency, no comparison).
        return Q(currency=node.currency) & compared
    return compared


def _scalar(expression: Any, op: str, value: Any) -> Q:
    if op == "ne":
        return ~Q(Exact(expression, value))
    if op == "not_in":
        return ~Q(In(expression, list(value)))
    return Q(_LOOKUPS[op](expression, list(value) if op == "in" else value))


def _text(expression: Expression) -> Expression:
    return Coalesce(expression, Value(""), output_field=TextField())


def _country(column: str) -> Expression:
    return _text(KeyTextTransform("country", column))


def _expression(name: str) -> Any:
    if name in _COLUMNS:
        return F(_COLUMNS[name])
    if name == "shipping_country":
        return _country("shipping_address")
    if name == "billing_country":
        return _country("billing_address")
    if name == "customer_email":
        return Lower("user_email")
    if name == "customer_email_domain":
        # Mirrors facts.py: the text after the first '@' (all of it when there is none).
        return Lower(Substr("user_email", StrIndex("user_email", Value("@")) + 1))
    lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
    # Decimal output: a fractional literal must be compared as such, not truncated to an int.
    if name == "line_count":
        counted = lines.annotate(n=Count("pk")).values("n")
    elif name == "item_quantity":
        counted = lines.annotate(n=Sum("quantity")).values("n")
    else:
        raise ValueError(f"{name!r} cannot be compiled to a query")
    return Coalesce(
        Subquery(counted, output_field=DecimalField()), Value(0), output_field=DecimalField()
    )


def _set(name: str, op: str, values: tuple[str, ...]) -> Q:
    def having(subset: list[str]) -> Exists:
        if name == "flags":
            return Exists(
                OrderFlag.objects.filter(
                    order=OuterRef("pk"), label__in=subset, cleared_at__isnull=True
                )
            )
        column = "sku" if name == "skus" else "product_type"
        return Exists(OrderLine.objects.filter(order=OuterRef("pk"), **{f"{column}__in": subset}))

    if op == "contains_any":
        return Q(having(list(values)))
    if op == "contains_none":
        return ~Q(having(list(values)))
    q = Q()
    for value in dict.fromkeys(values):
        q &= Q(having([value]))
    return q


def _moment(name: str) -> Any:
    if name == "hours_since_created":
        return F("saleor_created_at")
    if name == "hours_since_updated":
        return F("saleor_updated_at")
    if name == "hours_since_paid":
        return F("paid_at")
    newest = (
        Fulfillment.objects.filter(order=OuterRef("pk"), saleor_created_at__isnull=False)
        .exclude(status=CANCELLED_FULFILLMENT)
        .order_by("-saleor_created_at")
        .values("saleor_created_at")[:1]
    )
    return Subquery(newest)


def _hours(name: str, op: str, value: Any, now: datetime) -> Q:
    moment = _moment(name)
    if op == "is_null":
        return Q(IsNull(moment, value))
    threshold = hours_threshold(now, value)
    lookup = {"gt": LessThan, "gte": LessThanOrEqual, "lt": GreaterThan, "lte": GreaterThanOrEqual}[
        op
    ]
    # Guarded so the leaf is false, never NULL, for an unknown moment (see the module doc).
    return Q(IsNull(moment, False)) & Q(lookup(moment, threshold))
