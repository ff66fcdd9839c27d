"""The whitelist of fields conditions may compare, and what may be done with each.

This table is the documentation of the condition language (see the README section "Trigger
rules"): a field not listed here cannot be named in a rule, so the evaluator and the query
compiler only ever meet fields they know how to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    NUMBER = "number"
    STRING = "string"
    BOOLEAN = "boolean"
    SET = "set"  # a set of strings (SKUs, product types, flags)
    HOURS = "hours"  # hours since a moment that may be unknown (never paid)
    MAP = "map"  # metadata: needs a "key"


class Subject(StrEnum):
    ORDER = "order"
    STOCK = "stock"
    CHECKOUT = "checkout"
    # Facts come with the event (purchasing's purchase_order.* triggers).
    PURCHASE_ORDER = "purchase_order"


OPERATORS: dict[FieldType, frozenset[str]] = {
    FieldType.NUMBER: frozenset({"eq", "ne", "gt", "gte", "lt", "lte"}),
    FieldType.STRING: frozenset(
        {"eq", "ne", "in", "not_in", "contains", "starts_with", "ends_with"}
    ),
    FieldType.BOOLEAN: frozenset({"eq"}),
    FieldType.SET: frozenset({"contains_any", "contains_all", "contains_none"}),
    FieldType.HOURS: frozenset({"gt", "gte", "lt", "lte", "is_null"}),
    FieldType.MAP: frozenset({"eq", "ne", "in", "not_in", "contains", "exists"}),
}
ALL_OPERATORS = frozenset().union(*OPERATORS.values())


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    description: str
    subjects: frozenset[Subject] = frozenset({Subject.ORDER})
    # Strings compared case-insensitively: the value is lower-cased when the rule is parsed.
    lowercase: bool = False
    # An amount of money: a comparison names its currency and holds only for subjects in it.
    money: bool = False


def _f(name: str, type_: FieldType, description: str, **extra) -> FieldSpec:
    return FieldSpec(name, type_, description, **extra)


_STOCK = frozenset({Subject.STOCK})
# Facts a checkout trigger (checkout.abandoned) carries under the same names as an order's.
_ORDER_OR_CHECKOUT = frozenset({Subject.ORDER, Subject.CHECKOUT})
_CHECKOUT = frozenset({Subject.CHECKOUT})
_PURCHASE = frozenset({Subject.PURCHASE_ORDER})

FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        _f(
            "total_gross",
            FieldType.NUMBER,
            "Total with taxes (order or checkout); money: the comparison names a currency.",
            subjects=_ORDER_OR_CHECKOUT,
            money=True,
        ),
        _f(
            "total_net",
            FieldType.NUMBER,
            "Order total without taxes; money: the comparison names a currency.",
            money=True,
        ),
        _f(
            "total_charged",
            FieldType.NUMBER,
            "Amount charged so far; money: the comparison names a currency.",
            money=True,
        ),
        _f("weight_grams", FieldType.NUMBER, "Order weight in grams."),
        _f(
            "line_count",
            FieldType.NUMBER,
            "Number of lines (order or checkout).",
            subjects=_ORDER_OR_CHECKOUT,
        ),
        _f(
            "item_quantity",
            FieldType.NUMBER,
            "Units over all lines (order or checkout).",
            subjects=_ORDER_OR_CHECKOUT,
        ),
        _f(
            "currency",
            FieldType.STRING,
            "ISO currency code, e.g. USD.",
            subjects=frozenset({Subject.ORDER, Subject.CHECKOUT, Subject.PURCHASE_ORDER}),
        ),
        _f("channel", FieldType.STRING, "Saleor channel slug.", subjects=_ORDER_OR_CHECKOUT),
        _f("status", FieldType.STRING, "Saleor OrderStatus, e.g. UNFULFILLED."),
        _f("charge_status", FieldType.STRING, "Saleor OrderChargeStatusEnum value."),
        _f("origin", FieldType.STRING, "Saleor OrderOrigin (CHECKOUT, DRAFT, REISSUE)."),
        _f("delivery_method_type", FieldType.STRING, "shipping or warehouse (click & collect)."),
        _f("shipping_country", FieldType.STRING, "Shipping address country code; '' if none."),
        _f("billing_country", FieldType.STRING, "Billing address country code; '' if none."),
        _f(
            "customer_email",
            FieldType.STRING,
            "Customer email, compared case-insensitively.",
            lowercase=True,
            subjects=_ORDER_OR_CHECKOUT,
        ),
        _f(
            "customer_email_domain",
            FieldType.STRING,
            "The part of the email after '@'.",
            lowercase=True,
            subjects=_ORDER_OR_CHECKOUT,
        ),
        _f("is_paid", FieldType.BOOLEAN, "Fully paid."),
        _f(
            "countries_differ",
            FieldType.BOOLEAN,
            "Both addresses present and their countries differ.",
        ),
        _f(
            "skus",
            FieldType.SET,
            "SKUs of the lines (order or checkout).",
            subjects=_ORDER_OR_CHECKOUT,
        ),
        _f("product_types", FieldType.SET, "Product type names of the order lines."),
        _f("flags", FieldType.SET, "Labels of the order's active OMS flags."),
        _f("hours_since_created", FieldType.HOURS, "Hours since the order was placed."),
        _f("hours_since_updated", FieldType.HOURS, "Hours since Saleor last changed the order."),
        _f("hours_since_paid", FieldType.HOURS, "Hours since it was paid; null if unpaid."),
        _f(
            "hours_since_last_fulfillment",
            FieldType.HOURS,
            "Hours since its newest fulfilment (cancelled ones aside); null if none.",
        ),
        _f("metadata", FieldType.MAP, "Saleor public metadata value at `key` ('' if absent)."),
        _f("private_metadata", FieldType.MAP, "Saleor private metadata value at `key`."),
        _f("sku", FieldType.STRING, "The variant's SKU (stock triggers).", subjects=_STOCK),
        _f("warehouse", FieldType.STRING, "The warehouse name (stock triggers).", subjects=_STOCK),
        _f("quantity", FieldType.NUMBER, "Units available (stock triggers).", subjects=_STOCK),
        _f(
            "age_minutes",
            FieldType.NUMBER,
            "Minutes since the checkout was created (checkout triggers).",
            subjects=_CHECKOUT,
        ),
        _f(
            "supplier",
            FieldType.STRING,
            "The supplier's name (purchase orders).",
            subjects=_PURCHASE,
        ),
        _f(
            "location",
            FieldType.STRING,
            "The destination location's name (purchase orders).",
            subjects=_PURCHASE,
        ),
        _f(
            "days_late",
            FieldType.NUMBER,
            "Days past the expected date (purchase orders).",
            subjects=_PURCHASE,
        ),
        _f(
            "open_value",
            FieldType.NUMBER,
            "Value of the units not yet received (purchase orders); money: the comparison "
            "names a currency.",
            subjects=_PURCHASE,
            money=True,
        ),
        _f(
            "open_units",
            FieldType.NUMBER,
            "Units ordered and not yet received (purchase orders).",
            subjects=_PURCHASE,
        ),
    )
}

# The moment each HOURS field counts from, as a key of the facts (see facts.py).
HOURS_SOURCES = {
    "hours_since_created": "created_at",
    "hours_since_updated": "updated_at",
    "hours_since_paid": "paid_at",
    "hours_since_last_fulfillment": "last_fulfillment_at",
}

# -- event fields --------------------------------------------------------------------------------

# A field of the event that fired the rule (``event.promised_ship_date``): namespaced so it never
# collides with a field of the order. Its key and type come from the trigger's declaration
# (``triggers.register_trigger(..., event_fields=...)``), never from this whitelist.
EVENT_PREFIX = "event."
# The types an event field may compare as (what the published facts can hold plainly).
EVENT_FIELD_TYPES = frozenset(
    {FieldType.NUMBER, FieldType.STRING, FieldType.BOOLEAN, FieldType.SET}
)


@dataclass(frozen=True)
class EventField:
    """One key of the facts a domain event publishes about an order. ``type`` None: shown in
    templates and webhook payloads only (a list of objects, say), never compared."""

    key: str
    type: FieldType | None
    description: str

    def __post_init__(self) -> None:
        if self.type is not None and self.type not in EVENT_FIELD_TYPES:
            raise ValueError(f"event field {self.key!r}: {self.type} is not comparable")


def event_key(name: str) -> str | None:
    """``event.promised_ship_date`` → ``promised_ship_date``; None for any other field."""
    return name[len(EVENT_PREFIX) :] if name.startswith(EVENT_PREFIX) else None


def event_field_spec(event_field: EventField) -> FieldSpec:
    """The spec a comparison of an event field is checked and evaluated with."""
    assert event_field.type is not None
    return FieldSpec(EVENT_PREFIX + event_field.key, event_field.type, event_field.description)
