"""Saleor ``Order`` / ``Fulfillment`` payloads (webhooks and import) as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from saleor_oms_plugin.core.payload import (
    PayloadError,
    amount,
    metadata_dict,
    parse_datetime,
    weight_in_grams,
)


@dataclass(frozen=True)
class LineData:
    saleor_id: str
    product_name: str
    variant_name: str
    sku: str
    variant_id: str
    product_id: str
    product_type: str
    quantity: int
    quantity_fulfilled: int
    quantity_to_fulfill: int
    is_shipping_required: bool
    unit_price_gross: Decimal
    unit_weight_kg: Decimal | None
    allocations: list[dict[str, Any]]


@dataclass(frozen=True)
class FulfillmentLineData:
    saleor_id: str
    order_line_saleor_id: str
    quantity: int


@dataclass(frozen=True)
class FulfillmentData:
    saleor_id: str
    fulfillment_order: int | None
    status: str
    tracking_number: str
    warehouse_id: str
    warehouse_name: str
    saleor_created_at: datetime | None
    lines: list[FulfillmentLineData]


@dataclass(frozen=True)
class OrderData:
    saleor_id: str
    number: str
    channel_id: str
    channel_slug: str
    currency: str
    status: str
    # None when the payload does not carry it: webhooks other than ORDER_CREATED and the import
    # pages never ask, since Saleor nulls the whole order of a blank (legacy) origin.
    origin: str | None
    charge_status: str
    authorize_status: str
    is_paid: bool
    user_email: str
    user_id: str
    customer_note: str
    shipping_address: dict[str, Any] | None
    billing_address: dict[str, Any] | None
    delivery_method_type: str
    delivery_method_id: str
    delivery_method_name: str
    total_gross: Decimal
    total_net: Decimal
    total_charged: Decimal
    weight_grams: Decimal
    metadata: dict[str, str]
    private_metadata: dict[str, str]
    saleor_created_at: datetime
    saleor_updated_at: datetime
    lines: list[LineData] = field(default_factory=list)
    fulfillments: list[FulfillmentData] | None = None


def _address(node: dict[str, Any] | None) -> dict[str, Any] | None:
    if not node:
        return None
    address = {key: value for key, value in node.items() if key != "country"}
    address["country"] = (node.get("country") or {}).get("code", "")
    return address


def _line(node: dict[str, Any]) -> LineData:
    variant = node.get("variant") or {}
    product = variant.get("product") or {}
    grams = weight_in_grams(variant.get("weight"))
    return LineData(
        saleor_id=node["id"],
        product_name=node.get("productName") or "",
        variant_name=node.get("variantName") or "",
        sku=node.get("productSku") or variant.get("sku") or "",
        variant_id=variant.get("id") or "",
        product_id=product.get("id") or "",
        product_type=(product.get("productType") or {}).get("name") or "",
        quantity=int(node["quantity"]),
        quantity_fulfilled=int(node.get("quantityFulfilled") or 0),
        quantity_to_fulfill=int(node.get("quantityToFulfill") or 0),
        is_shipping_required=bool(node.get("isShippingRequired", True)),
        unit_price_gross=amount((node.get("unitPrice") or {}).get("gross")),
        unit_weight_kg=None if grams is None else grams / 1000,
        allocations=[
            {
                "id": allocation.get("id"),
                "quantity": allocation.get("quantity"),
                "warehouse_id": (allocation.get("warehouse") or {}).get("id"),
            }
            for allocation in node.get("allocations") or []
        ],
    )


def parse_fulfillment(node: dict[str, Any]) -> FulfillmentData:
    try:
        warehouse = node.get("warehouse") or {}
        created = node.get("created")
        return FulfillmentData(
            saleor_id=node["id"],
            fulfillment_order=node.get("fulfillmentOrder"),
            status=node["status"],
            tracking_number=node.get("trackingNumber") or "",
            warehouse_id=warehouse.get("id") or "",
            warehouse_name=warehouse.get("name") or "",
            saleor_created_at=parse_datetime(created, field="fulfillment.created")
            if created
            else None,
            lines=[
                FulfillmentLineData(
                    saleor_id=line["id"],
                    order_line_saleor_id=(line.get("orderLine") or {}).get("id") or "",
                    quantity=int(line["quantity"]),
                )
                for line in node.get("lines") or []
            ],
        )
    except (KeyError, TypeError) as exc:
        raise PayloadError(f"fulfillment payload lacks {exc}") from None


def parse_order(node: dict[str, Any]) -> OrderData:
    try:
        channel = node.get("channel") or {}
        total = node.get("total") or {}
        method = node.get("deliveryMethod") or {}
        user = node.get("user") or {}
        fulfillments = node.get("fulfillments")
        return OrderData(
            saleor_id=node["id"],
            number=str(node["number"]),
            channel_id=channel.get("id") or "",
            channel_slug=channel.get("slug") or "",
            currency=channel.get("currencyCode") or (total.get("gross") or {}).get("currency", ""),
            status=node["status"],
            origin=(node.get("origin") or "") if "origin" in node else None,
            charge_status=node.get("chargeStatus") or "",
            authorize_status=node.get("authorizeStatus") or "",
            is_paid=bool(node.get("isPaid")),
            user_email=node.get("userEmail") or user.get("email") or "",
            user_id=user.get("id") or "",
            customer_note=node.get("customerNote") or "",
            shipping_address=_address(node.get("shippingAddress")),
            billing_address=_address(node.get("billingAddress")),
            delivery_method_type=method.get("__typename") or "",
            delivery_method_id=method.get("id") or "",
            delivery_method_name=method.get("name")
            or node.get("shippingMethodName")
            or node.get("collectionPointName")
            or "",
            total_gross=amount(total.get("gross")),
            total_net=amount(total.get("net")),
            total_charged=amount(node.get("totalCharged")),
            weight_grams=weight_in_grams(node.get("weight")) or Decimal("0"),
            metadata=metadata_dict(node.get("metadata")),
            private_metadata=metadata_dict(node.get("privateMetadata")),
            saleor_created_at=parse_datetime(node.get("created"), field="order.created"),
            saleor_updated_at=parse_datetime(node.get("updatedAt"), field="order.updatedAt"),
            lines=[_line(line) for line in node.get("lines") or []],
            fulfillments=None
            if fulfillments is None
            else [parse_fulfillment(f) for f in fulfillments],
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, PayloadError):
            raise
        raise PayloadError(f"order payload lacks or mangles {exc}") from None
