"""An inbound order as Saleor's ``OrderBulkCreateInput``: a pure mapping, no I/O.

The order keeps where it came from twice: in its public metadata (``oms.capture.source`` and
``oms.capture.reference``, which rules' conditions and Saleor's own filters read) and in the
OMS's :class:`~saleor_oms_plugin.capture.models.CapturedOrder`. Its ``externalReference`` in
Saleor is ``<source code>:<reference>``: Saleor keeps external references unique per store, and
two channels may well both have an order "1001".

What the live Saleor 3.23.28 requires beyond its schema (docs/CAPTURE.md): lines name their
variant by ID (its ``variantSku`` lookup never finds a variant: it files variants under
another key than it looks them up by), every line and the shipping carry a tax class ID, and
the delivery method is a ``ShippingMethod`` ID (a name alone is refused).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from saleor_oms_plugin.capture.inbound import Address, InboundOrder, Line, Payment, Shipping

SOURCE_METADATA_KEY = "oms.capture.source"
REFERENCE_METADATA_KEY = "oms.capture.reference"
LANGUAGE_CODE = "EN"


def saleor_external_reference(source_code: str, reference: str) -> str:
    return f"{source_code}:{reference}"


def _amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


def _address(address: Address, customer_name: str) -> dict[str, Any]:
    first, last = _split_name(customer_name)
    values = {
        "firstName": address.first_name or first,
        "lastName": address.last_name or last,
        "companyName": address.company_name,
        "streetAddress1": address.street_address_1,
        "streetAddress2": address.street_address_2,
        "city": address.city,
        "cityArea": address.city_area,
        "postalCode": address.postal_code,
        "country": address.country,
        "countryArea": address.country_area,
        "phone": address.phone,
    }
    return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class SourceDefaults:
    """What every order of a source is created with in Saleor."""

    code: str
    channel_slug: str
    warehouse_id: str
    shipping_method_id: str
    tax_class_id: str


def _line(
    line: Line, *, variant_id: str, created_at: str, defaults: SourceDefaults
) -> dict[str, Any]:
    total = {
        "gross": _amount(line.unit_price_gross * line.quantity),
        "net": _amount(line.unit_price_net * line.quantity),
    }
    return {
        "variantId": variant_id,
        "productSku": line.sku,
        "createdAt": created_at,
        "isShippingRequired": True,
        "isGiftCard": False,
        "quantity": line.quantity,
        "totalPrice": total,
        "undiscountedTotalPrice": total,
        "taxRate": str(line.tax_rate),
        "taxClassId": defaults.tax_class_id,
        "warehouse": defaults.warehouse_id,
        **({"productName": line.product_name} if line.product_name else {}),
    }


def bulk_shipping_method_id(method_id: str) -> str:
    """The ``ShippingMethod`` ID orderBulkCreate takes for the ``ShippingMethodType`` ID the rest
    of Saleor's API (``shippingZones``, ``shippingPriceCreate``, the Dashboard) shows: the same
    primary key under the other type name. Any other ID is passed as given."""
    try:
        type_name, _, pk = base64.b64decode(method_id, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return method_id
    if type_name != "ShippingMethodType" or not pk:
        return method_id
    return base64.b64encode(f"ShippingMethod:{pk}".encode()).decode()


def _delivery(shipping: Shipping | None, defaults: SourceDefaults) -> dict[str, Any]:
    shipping = shipping or Shipping()
    method: dict[str, Any] = {
        "shippingMethodId": bulk_shipping_method_id(
            shipping.method_id or defaults.shipping_method_id
        )
    }
    if shipping.method_name:
        method["shippingMethodName"] = shipping.method_name
    return {
        **method,
        "shippingTaxClassId": defaults.tax_class_id,
        "shippingPrice": {
            "gross": _amount(shipping.price_gross),
            "net": _amount(shipping.price_net),
        },
        "shippingTaxRate": str(shipping.tax_rate),
    }


def _transaction(payment: Payment, currency: str) -> dict[str, Any]:
    money = {"amount": _amount(payment.amount), "currency": currency}
    field = "amountCharged" if payment.kind == "CHARGED" else "amountAuthorized"
    transaction: dict[str, Any] = {"name": payment.gateway or "external", field: money}
    if payment.psp_reference:
        transaction["pspReference"] = payment.psp_reference
    return transaction


def order_bulk_create_input(
    order: InboundOrder, *, defaults: SourceDefaults, variant_ids: dict[str, str]
) -> dict[str, Any]:
    """The ``OrderBulkCreateInput`` of one captured order; ``variant_ids`` (SKU → Saleor
    variant ID) holds every SKU of its lines."""
    source_code = defaults.code
    created_at = order.created_at.isoformat()
    metadata = [
        {"key": key, "value": value}
        for key, value in order.metadata.items()
        if key not in (SOURCE_METADATA_KEY, REFERENCE_METADATA_KEY)
    ] + [
        {"key": SOURCE_METADATA_KEY, "value": source_code},
        {"key": REFERENCE_METADATA_KEY, "value": order.external_reference},
    ]
    data: dict[str, Any] = {
        "externalReference": saleor_external_reference(source_code, order.external_reference),
        "channel": defaults.channel_slug,
        "createdAt": created_at,
        "status": "UNFULFILLED",
        "user": {"email": order.customer_email},
        "billingAddress": _address(order.billing_address, order.customer_name),
        "shippingAddress": _address(order.shipping_address, order.customer_name),
        "currency": order.currency,
        "languageCode": LANGUAGE_CODE,
        "displayGrossPrices": True,
        "metadata": metadata,
        "lines": [
            _line(line, variant_id=variant_ids[line.sku], created_at=created_at, defaults=defaults)
            for line in order.lines
        ],
        "notes": [{"message": note} for note in order.notes],
        "transactions": [_transaction(payment, order.currency) for payment in order.payments],
        "deliveryMethod": _delivery(order.shipping, defaults),
    }
    return data
