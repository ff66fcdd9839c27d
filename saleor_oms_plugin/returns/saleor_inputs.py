"""A return in Saleor's terms: the inputs of the mutations that record it, and the markers that
tie Saleor's objects to it.

Each input is built from the return and, for the returned units, Saleor's current state of its
order; nothing here calls Saleor or writes. ``saleor_sync`` runs the mutations with these inputs
and adopts what an earlier run already did.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from saleor_oms_plugin.returns.error_codes import SaleorSyncErrorCode
from saleor_oms_plugin.returns.errors import SyncRefused
from saleor_oms_plugin.returns.models import ReturnRequest

# Fulfilments whose lines hold shipped units that can be returned. Saleor also takes REFUNDED
# and WAITING_FOR_APPROVAL ones, but those units were refunded already or never left.
RETURNABLE_FROM = ("FULFILLED",)
MARKER_KEY = "oms.return"
ADDRESS_FIELDS = (
    "firstName",
    "lastName",
    "companyName",
    "streetAddress1",
    "streetAddress2",
    "city",
    "cityArea",
    "postalCode",
    "countryArea",
    "phone",
)


def marker(request: ReturnRequest) -> str:
    """What ties Saleor objects to this return: its RMA and the order's Saleor id."""
    return f"{request.rma}/{request.order.saleor_id}"


def return_reason(request: ReturnRequest) -> str:
    """The reason of the RETURNED fulfilment that records this return in Saleor."""
    return f"{request.rma} (OMS return)"


def refund_reason(request: ReturnRequest) -> str:
    """The reason of this return's granted refund; it starts with the RMA."""
    return f"{request.rma} return refund"


def amount_input(request: ReturnRequest) -> str:
    """The refund amount as Saleor's Decimal input (cents; stored with four places)."""
    return str((request.refund_amount or Decimal(0)).quantize(Decimal("0.01")))


def received_units(request: ReturnRequest) -> dict[str, int]:
    """Saleor order line id -> units that came back (resellable or damaged)."""
    units: dict[str, int] = {}
    for line in request.lines.select_related("order_line"):
        if line.quantity_received:
            line_id = line.order_line.saleor_id
            units[line_id] = units.get(line_id, 0) + line.quantity_received
    return units


def return_products_input(
    request: ReturnRequest, state: dict[str, Any], units: dict[str, int] | None = None
) -> dict[str, Any]:
    """``OrderReturnProductsInput`` for the received units of ``request``, from Saleor's
    ``state`` of the order: per order line, units are taken from the lines of FULFILLED
    fulfilments first (in Saleor's order, so a line shipped in several fulfilments is split
    across them), then from units Saleor never fulfilled. Refuses when Saleor holds fewer
    returnable units than came back (returned in Saleor already, or a fulfilment cancelled)."""
    rma = request.rma
    shipped: dict[str, list[tuple[str, int]]] = {}
    for fulfillment in state.get("fulfillments") or []:
        if fulfillment.get("status") not in RETURNABLE_FROM:
            continue
        for line in fulfillment.get("lines") or []:
            order_line_id = (line.get("orderLine") or {}).get("id") or ""
            quantity = int(line.get("quantity") or 0)
            if quantity > 0:
                shipped.setdefault(order_line_id, []).append((line["id"], quantity))
    unfulfilled = {
        line["id"]: max(int(line.get("quantity") or 0) - int(line.get("quantityFulfilled") or 0), 0)
        for line in state.get("lines") or []
    }
    fulfillment_lines: list[dict[str, Any]] = []
    order_lines: list[dict[str, Any]] = []
    for order_line_id, wanted in sorted(
        (received_units(request) if units is None else units).items()
    ):
        left = wanted
        for fulfillment_line_id, quantity in shipped.get(order_line_id, []):
            take = min(left, quantity)
            if take <= 0:
                break
            fulfillment_lines.append(
                {
                    "fulfillmentLineId": fulfillment_line_id,
                    "quantity": take,
                    "replace": False,
                    "reason": rma,
                }
            )
            left -= take
        take = min(left, unfulfilled.get(order_line_id, 0))
        if take > 0:
            order_lines.append(
                {"orderLineId": order_line_id, "quantity": take, "replace": False, "reason": rma}
            )
            left -= take
        if left > 0:
            name = _line_name(request, order_line_id)
            raise SyncRefused(
                SaleorSyncErrorCode.NOT_RETURNABLE_IN_SALEOR,
                f"Saleor holds {wanted - left} returnable unit(s) of {name}, {wanted} came back "
                "(returned in Saleor already, or its fulfilment was cancelled); check the order "
                "in Saleor",
            )
    products: dict[str, Any] = {"refund": False, "reason": return_reason(request)}
    if fulfillment_lines:
        products["fulfillmentLines"] = fulfillment_lines
    if order_lines:
        products["orderLines"] = order_lines
    return products


def _line_name(request: ReturnRequest, order_line_id: str) -> str:
    line = next(
        (
            item.order_line
            for item in request.lines.select_related("order_line")
            if item.order_line.saleor_id == order_line_id
        ),
        None,
    )
    return f"{line.product_name} ({line.sku})" if line is not None else order_line_id


def _address(address: dict[str, Any] | None) -> dict[str, Any] | None:
    """Our read model's address (Saleor's Address, country as a code) as an AddressInput."""
    if not address:
        return None
    country = address.get("country")
    if isinstance(country, dict):
        country = country.get("code")
    converted = {key: address[key] for key in ADDRESS_FIELDS if address.get(key) is not None}
    if country:
        converted["country"] = country
    return converted


def exchange_draft_input(request: ReturnRequest) -> dict[str, Any]:
    """``DraftOrderCreateInput`` of the replacement order: the received units of each line, as
    the variant wanted instead (or the same one), for the original order's customer."""
    order = request.order
    wanted: dict[str, int] = {}
    for line in request.lines.select_related("order_line"):
        variant_id = line.replacement_variant_id or line.order_line.variant_id
        if line.quantity_received and variant_id:
            wanted[variant_id] = wanted.get(variant_id, 0) + line.quantity_received
    draft: dict[str, Any] = {
        "channelId": order.channel_id,
        "userEmail": request.customer_email or order.user_email,
        "lines": [{"variantId": v, "quantity": q} for v, q in sorted(wanted.items())],
        "customerNote": f"Exchange for {request.rma} (order #{order.number}).",
        "metadata": [
            {"key": MARKER_KEY, "value": marker(request)},
            {"key": "oms.original_order", "value": order.saleor_id},
            {
                "key": "oms.exchange_credit",
                "value": f"{request.refund_amount or 0} {request.currency}",
            },
        ],
    }
    if order.user_id:
        draft["user"] = order.user_id
    for field, address in (
        ("shippingAddress", order.shipping_address),
        ("billingAddress", order.billing_address),
    ):
        converted = _address(address)
        if converted:
            draft[field] = converted
    return draft


def gift_card_input(request: ReturnRequest) -> dict[str, Any]:
    order = request.order
    return {
        "balance": {"amount": amount_input(request), "currency": request.currency},
        "userEmail": request.customer_email or order.user_email,
        "channel": order.channel_slug,
        "isActive": True,
        "note": f"Store credit for {request.rma} (order #{order.number}), fees deducted.",
        "addTags": ["oms-return"],
        "metadata": [{"key": MARKER_KEY, "value": marker(request)}],
    }
