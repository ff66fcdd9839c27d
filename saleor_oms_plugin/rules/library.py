"""The template library: ready-made rules agencies start from (import, then adjust)."""

from __future__ import annotations

import copy
from typing import Any

_OPEN = ["UNCONFIRMED", "UNFULFILLED", "PARTIALLY_FULFILLED"]

TEMPLATES: dict[str, dict[str, Any]] = {
    "sla-breach-red-flag": {
        "name": "SLA breach: paid over 48 h ago, not shipped",
        "description": "Red flag and a note when a paid order has waited 48 hours.",
        "trigger": "schedule",
        "conditions": {
            "all": [
                {"field": "hours_since_paid", "op": "gt", "value": 48},
                {"field": "status", "op": "in", "value": _OPEN},
            ]
        },
        "actions": [
            {"type": "flag", "colour": "red", "label": "SLA breach"},
            {"type": "note", "message": "SLA breach: paid {{ paid_at }}, not shipped yet."},
        ],
    },
    "paid-packing-task": {
        "name": "Paid: packing task",
        "description": "A packing task, due in 24 hours, as soon as an order is paid.",
        "trigger": "order.paid",
        "conditions": {
            "all": [{"field": "delivery_method_type", "op": "ne", "value": "warehouse"}]
        },
        "actions": [
            {
                "type": "task",
                "title": "Pack order #{{ number }}",
                "role": "packing",
                "due_in_hours": 24,
            }
        ],
    },
    "high-value-manual-review": {
        "name": "High value: manual review",
        "description": "Orders of 1,000 or more in their own currency (USD, EUR or GBP: set "
        "a threshold for each currency your channels sell in) are held and flagged for a "
        "manual review.",
        "trigger": "order.created",
        # One threshold per currency: an amount compared across currencies means nothing.
        "conditions": {
            "any": [
                {"field": "total_gross", "op": "gte", "value": 1000, "currency": currency}
                for currency in ("USD", "EUR", "GBP")
            ]
        },
        "actions": [
            {"type": "hold_routing", "reason": "high value"},
            {"type": "flag", "colour": "orange", "label": "Manual review"},
            {
                "type": "task",
                "title": "Review order #{{ number }} ({{ total_gross }})",
                "role": "review",
                "due_in_hours": 4,
            },
        ],
    },
    "countries-differ-hold": {
        "name": "Billing and shipping countries differ: hold",
        "description": "A common fraud signal: hold routing and flag the order.",
        "trigger": "order.created",
        "conditions": {"all": [{"field": "countries_differ", "op": "eq", "value": True}]},
        "actions": [
            {"type": "hold_routing", "reason": "billing and shipping countries differ"},
            {"type": "flag", "colour": "yellow", "label": "Countries differ"},
        ],
    },
    "low-stock-purchase-task": {
        "name": "Low stock: purchase task",
        "description": "A purchasing task when a variant runs low (or out) in a warehouse.",
        "trigger": "stock.low",
        "refire": "reentry",
        "conditions": {"all": []},
        "actions": [
            {
                "type": "task",
                "title": "Reorder {{ sku }} for {{ warehouse }}",
                "role": "purchasing",
                "due_in_hours": 48,
            }
        ],
    },
    "late-purchase-order-task": {
        "name": "Late purchase order: chase the supplier",
        "description": "A purchasing task when a purchase order is past its expected date.",
        "trigger": "purchase_order.late",
        "refire": "reentry",
        "conditions": {"all": []},
        "actions": [
            {
                "type": "task",
                "title": "Chase {{ supplier }}: {{ number }} is {{ days_late }} days late",
                "role": "purchasing",
                "due_in_hours": 24,
            }
        ],
    },
}


def template_names() -> list[str]:
    return sorted(TEMPLATES)


def template_definition(name: str) -> dict[str, Any] | None:
    found = TEMPLATES.get(name)
    return copy.deepcopy(found) if found is not None else None
