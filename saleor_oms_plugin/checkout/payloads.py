"""Reading Saleor's checkout and order payloads: the one place that knows their shape.

The checkout events' subscription (``saleor/documents/subscriptions/checkouts.graphql`` with the
``OmsCheckout`` fragment) and the ``checkoutId`` of ``ORDER_CREATED`` are read here and nowhere
else, so a change of what Saleor sends is adjusted in this module alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from saleor_oms_plugin.core.payload import PayloadError, amount, parse_datetime


@dataclass(frozen=True)
class CartLine:
    variant_id: str
    sku: str
    quantity: int

    def as_json(self) -> dict[str, Any]:
        return {"variant_id": self.variant_id, "sku": self.sku, "quantity": self.quantity}


@dataclass(frozen=True)
class CheckoutSnapshot:
    """A checkout as one event saw it."""

    checkout_id: str
    token: str
    channel_slug: str
    created_at: datetime
    updated_at: datetime
    email: str
    user_id: str
    currency: str
    total_gross: Decimal
    lines: tuple[CartLine, ...]

    def wanted(self) -> dict[str, int]:
        """Units per variant (a variant on several lines is summed)."""
        merged: dict[str, int] = {}
        for line in self.lines:
            merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
        return merged


def _text(value: Any, *, field: str, required: bool = False, limit: int = 255) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise PayloadError(f"{field} is missing")
    return value.strip()[:limit]


def _line(raw: Any, index: int) -> CartLine:
    if not isinstance(raw, dict):
        raise PayloadError(f"checkout.lines[{index}] is not an object")
    variant = raw.get("variant")
    if not isinstance(variant, dict):
        raise PayloadError(f"checkout.lines[{index}].variant is missing")
    quantity = raw.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise PayloadError(f"checkout.lines[{index}].quantity is not a count: {quantity!r}")
    return CartLine(
        variant_id=_text(
            variant.get("id"), field=f"checkout.lines[{index}].variant.id", required=True
        ),
        sku=_text(variant.get("sku"), field=f"checkout.lines[{index}].variant.sku"),
        quantity=quantity,
    )


def checkout_snapshot(payload: dict[str, Any]) -> CheckoutSnapshot:
    """The checkout of a ``CHECKOUT_CREATED`` / ``CHECKOUT_UPDATED`` payload, or PayloadError."""
    checkout = payload.get("checkout")
    if not isinstance(checkout, dict):
        raise PayloadError("the checkout event carries no checkout")
    channel = checkout.get("channel")
    if not isinstance(channel, dict):
        raise PayloadError("checkout.channel is missing")
    raw_lines = checkout.get("lines")
    if not isinstance(raw_lines, list):
        raise PayloadError("checkout.lines is missing")
    total = (checkout.get("totalPrice") or {}).get("gross") or {}
    lines = tuple(
        line for line in (_line(raw, i) for i, raw in enumerate(raw_lines)) if line.quantity > 0
    )
    return CheckoutSnapshot(
        checkout_id=_text(checkout.get("id"), field="checkout.id", required=True),
        token=_text(checkout.get("token"), field="checkout.token", limit=64),
        channel_slug=_text(channel.get("slug"), field="checkout.channel.slug", required=True),
        created_at=parse_datetime(checkout.get("created"), field="checkout.created"),
        updated_at=parse_datetime(checkout.get("updatedAt"), field="checkout.updatedAt"),
        email=_text(checkout.get("email"), field="checkout.email", limit=254),
        user_id=_text((checkout.get("user") or {}).get("id"), field="checkout.user.id"),
        currency=_text(
            total.get("currency") or channel.get("currencyCode"), field="currency", limit=3
        ),
        total_gross=amount(total),
        lines=lines,
    )


@dataclass(frozen=True)
class PlacedOrder:
    """An order placed from a checkout (``ORDER_CREATED`` with a ``checkoutId``)."""

    order_id: str
    checkout_id: str


def placed_order(payload: dict[str, Any]) -> PlacedOrder | None:
    """The order and the checkout it came from; None for an order of no checkout (drafts,
    imports) or a payload without the order."""
    order = payload.get("order")
    if not isinstance(order, dict):
        return None
    checkout_id, order_id = order.get("checkoutId"), order.get("id")
    if not isinstance(checkout_id, str) or not checkout_id or not isinstance(order_id, str):
        return None
    return PlacedOrder(order_id=order_id[:255], checkout_id=checkout_id[:255])
