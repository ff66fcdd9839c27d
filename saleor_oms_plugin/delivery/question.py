"""Saleor's synchronous checkout payload (``OmsCheckoutDelivery``) as plain data.

Only what a delivery answer reads: the channel and currency, where the cart goes, its lines
with their weights, and, for the filter, the shipping methods Saleor offers. A payload that
lacks what is needed raises ``DeliveryError`` (INVALID_QUESTION): the answer is then "no
opinion".
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from saleor_oms_plugin.delivery.error_codes import DeliveryErrorCode
from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.routing.model import Address

# Saleor's weight units to kilograms (it sends the unit the store uses).
_KG_PER_UNIT = {"G": 0.001, "LB": 0.45359237, "OZ": 0.028349523125, "KG": 1.0, "TONNE": 1000.0}


@dataclass(frozen=True)
class CartLine:
    line_id: str
    variant_id: str
    sku: str
    quantity: int
    unit_weight_kg: float


# A store's shipping method has two ids in Saleor: ``ShippingMethodType:<pk>`` where staff
# manage it (shippingPriceCreate, the Dashboard) and ``ShippingMethod:<pk>`` in a checkout's
# methods and in the filter webhook. Both name the same method.
_SHIPPING_METHOD_TYPES = ("ShippingMethodType", "ShippingMethod")


def app_method_code(global_id: str) -> str | None:
    """The app's own id of a method an app answered (``app:<app id>:<code>``); None for a
    store's method."""
    decoded = _decoded(global_id)
    return decoded.rsplit(":", 1)[-1] if decoded.startswith("app:") else None


def shipping_method_key(global_id: str) -> str:
    """One key for both ids of a store's shipping method (other ids are kept as they are)."""
    type_name, _, pk = _decoded(global_id).partition(":")
    if type_name in _SHIPPING_METHOD_TYPES and pk.isdigit():
        return f"shipping-method:{pk}"
    return global_id


@dataclass(frozen=True)
class OfferedMethod:
    method_id: str
    name: str
    minimum_days: int | None
    maximum_days: int | None

    @property
    def is_app_method(self) -> bool:
        """A method an app (this one or another) answered, not one of the store's own."""
        return app_method_code(self.method_id) is not None


@dataclass(frozen=True)
class CartQuestion:
    checkout_id: str
    channel_slug: str
    currency: str
    destination: Address | None  # None: no shipping address yet
    lines: tuple[CartLine, ...]
    methods: tuple[OfferedMethod, ...]
    updated_at: str = ""  # Saleor's checkout.updatedAt: the same cart while it is the same

    @property
    def weight_kg(self) -> float:
        return sum(line.unit_weight_kg * line.quantity for line in self.lines)


def _invalid(message: str) -> DeliveryError:
    return DeliveryError(DeliveryErrorCode.INVALID_QUESTION, message)


def _decoded(global_id: str) -> str:
    try:
        return base64.b64decode(global_id, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def _weight_kg(weight: Any) -> float:
    if not isinstance(weight, Mapping):
        return 0.0
    try:
        value = float(weight.get("value") or 0)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, value * _KG_PER_UNIT.get(str(weight.get("unit") or "KG").upper(), 1.0))


def _address(raw: Any) -> Address | None:
    if not isinstance(raw, Mapping):
        return None
    country = raw.get("country")
    code = country.get("code") if isinstance(country, Mapping) else None
    if not code:
        return None
    return Address(
        country=str(code).upper(),
        postal_code=str(raw.get("postalCode") or ""),
        city=str(raw.get("city") or ""),
        country_area=str(raw.get("countryArea") or ""),
    )


def _days(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def question_parse(payload: Mapping[str, Any]) -> CartQuestion:
    checkout = payload.get("checkout")
    if not isinstance(checkout, Mapping):
        raise _invalid("the payload has no checkout")
    channel = checkout.get("channel")
    if not isinstance(channel, Mapping) or not channel.get("slug"):
        raise _invalid("the checkout has no channel")
    lines = []
    for raw in checkout.get("lines") or []:
        variant = raw.get("variant") if isinstance(raw, Mapping) else None
        quantity = raw.get("quantity") if isinstance(raw, Mapping) else None
        if not isinstance(variant, Mapping) or not variant.get("id"):
            raise _invalid("a checkout line has no variant")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise _invalid("a checkout line has no quantity")
        lines.append(
            CartLine(
                line_id=str(raw.get("id") or variant["id"]),
                variant_id=str(variant["id"]),
                sku=str(variant.get("sku") or ""),
                quantity=quantity,
                unit_weight_kg=_weight_kg(variant.get("weight")),
            )
        )
    methods = tuple(
        OfferedMethod(
            method_id=str(raw["id"]),
            name=str(raw.get("name") or ""),
            minimum_days=_days(raw.get("minimumDeliveryDays")),
            maximum_days=_days(raw.get("maximumDeliveryDays")),
        )
        for raw in payload.get("shippingMethods") or []
        if isinstance(raw, Mapping) and raw.get("id")
    )
    return CartQuestion(
        checkout_id=str(checkout.get("id") or ""),
        updated_at=str(checkout.get("updatedAt") or ""),
        channel_slug=str(channel["slug"]),
        currency=str(channel.get("currencyCode") or "").upper(),
        destination=_address(checkout.get("shippingAddress")),
        lines=tuple(lines),
        methods=methods,
    )
