"""Shipping a Saleor fulfilment that waits for approval: its tracking number, then approval.

With the shop setting ``fulfillmentAutoApprove`` off, ``orderFulfill`` creates fulfilments
WAITING_FOR_APPROVAL: Saleor keeps the units allocated and its stock unchanged until
``orderFulfillmentApprove`` marks the fulfilment FULFILLED and takes the units out of stock
(docs/WAREHOUSE.md has what the live Saleor was seen to do at each step). The tracking number
is set first, without a notification, so that the one e-mail Saleor sends on approval carries
it.

Saleor refuses to approve a fulfilment that is no longer waiting (code INVALID). A retry after
a crash between Saleor's answer and our commit meets exactly that, so before reporting the
refusal the fulfilment's state is read back: approved with our tracking number is success.
"""

from __future__ import annotations

from dataclasses import dataclass

from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorMutationError

WAITING_FOR_APPROVAL = "WAITING_FOR_APPROVAL"
FULFILLED = "FULFILLED"


@dataclass(frozen=True)
class FulfillmentState:
    """A fulfilment as Saleor has it now."""

    id: str
    status: str
    tracking_number: str
    warehouse_id: str


def fulfillment_states(*, client: SaleorClient, order_id: str) -> dict[str, FulfillmentState]:
    """The order's fulfilments by id (empty when Saleor has no such order)."""
    order = client.execute("queries/fulfillment_state", {"order": order_id}).get("order")
    return {
        f["id"]: FulfillmentState(
            id=f["id"],
            status=f["status"],
            tracking_number=f.get("trackingNumber") or "",
            warehouse_id=(f.get("warehouse") or {}).get("id") or "",
        )
        for f in (order or {}).get("fulfillments") or []
    }


def fulfillment_tracking_set(
    *, client: SaleorClient, fulfillment_id: str, tracking_number: str, notify_customer: bool
) -> None:
    """Set the tracking number of a fulfilment, waiting or shipped."""
    client.mutate(
        "mutations/fulfillment_update_tracking",
        {
            "id": fulfillment_id,
            "trackingNumber": tracking_number,
            "notifyCustomer": notify_customer,
        },
        payload="orderFulfillmentUpdateTracking",
    )


def fulfillment_approve(
    *, client: SaleorClient, fulfillment_id: str, notify_customer: bool, order_id: str
) -> FulfillmentState:
    """Approve a waiting fulfilment; one already approved (a retry) is success. Any other
    refusal (unpaid order with unpaid approval off, stock gone) raises SaleorMutationError."""
    try:
        result = client.mutate(
            "mutations/fulfillment_approve",
            {"id": fulfillment_id, "notifyCustomer": notify_customer},
            payload="orderFulfillmentApprove",
        )
    except SaleorMutationError as exc:
        if "INVALID" in exc.codes:
            now = fulfillment_states(client=client, order_id=order_id).get(fulfillment_id)
            if now is not None and now.status == FULFILLED:
                return now
        raise
    fulfillment = result["fulfillment"]
    return FulfillmentState(
        id=fulfillment["id"],
        status=fulfillment["status"],
        tracking_number=fulfillment.get("trackingNumber") or "",
        warehouse_id=(fulfillment.get("warehouse") or {}).get("id") or "",
    )


def ship_fulfillment(
    client: SaleorClient,
    *,
    fulfillment_id: str,
    tracking_number: str,
    notify_customer: bool,
    order_id: str,
) -> FulfillmentState:
    """Ship a waiting fulfilment with its tracking number: the number first (silently),
    then the approval, which notifies the customer when asked. Safe to repeat."""
    if tracking_number:
        fulfillment_tracking_set(
            client=client,
            fulfillment_id=fulfillment_id,
            tracking_number=tracking_number,
            notify_customer=False,
        )
    return fulfillment_approve(
        client=client,
        fulfillment_id=fulfillment_id,
        notify_customer=notify_customer,
        order_id=order_id,
    )
