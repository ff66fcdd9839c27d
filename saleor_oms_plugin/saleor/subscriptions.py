"""The webhooks the app asks Saleor for: which events, which subscription, which URL.

Each group becomes one entry of the manifest's ``webhooks``: its subscription document has one
``... on <Event>`` branch per async event of the group, and Saleor posts the group's events to
``/api/webhooks/<path>/``.

Synchronous webhooks are questions Saleor asks while a customer waits (which shipping methods
a checkout has); each is an entry of its own, posted to ``/api/sync/<path>/``, and answered at
once with what Saleor expects, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WebhookGroup:
    name: str
    path: str
    document: str
    events: tuple[str, ...]


WEBHOOK_GROUPS: tuple[WebhookGroup, ...] = (
    WebhookGroup(
        name="OMS orders",
        path="orders",
        document="subscriptions/orders",
        events=(
            "ORDER_CREATED",
            "ORDER_CONFIRMED",
            "ORDER_FULLY_PAID",
            "ORDER_UPDATED",
            "ORDER_CANCELLED",
            "ORDER_FULFILLED",
        ),
    ),
    WebhookGroup(
        name="OMS fulfilments",
        path="fulfillments",
        document="subscriptions/fulfillments",
        events=(
            "FULFILLMENT_CREATED",
            "FULFILLMENT_APPROVED",
            "FULFILLMENT_CANCELED",
            "FULFILLMENT_TRACKING_NUMBER_UPDATED",
        ),
    ),
    WebhookGroup(
        name="OMS stock",
        path="stock",
        document="subscriptions/stock",
        events=(
            "PRODUCT_VARIANT_STOCK_UPDATED",
            "PRODUCT_VARIANT_OUT_OF_STOCK",
            "PRODUCT_VARIANT_BACK_IN_STOCK",
        ),
    ),
    WebhookGroup(
        name="OMS warehouses",
        path="warehouses",
        document="subscriptions/warehouses",
        events=("WAREHOUSE_CREATED", "WAREHOUSE_UPDATED", "WAREHOUSE_DELETED"),
    ),
    WebhookGroup(
        name="OMS checkouts",
        path="checkouts",
        document="subscriptions/checkouts",
        events=("CHECKOUT_CREATED", "CHECKOUT_UPDATED"),
    ),
    WebhookGroup(
        name="OMS uninstall",
        path="app",
        document="subscriptions/app",
        events=("APP_DELETED",),
    ),
)

GROUPS_BY_PATH = {group.path: group for group in WEBHOOK_GROUPS}


@dataclass(frozen=True)
class SyncWebhook:
    """A question Saleor asks synchronously; ``no_opinion`` is the answer that changes nothing
    (what the app says when it cannot answer well in time)."""

    name: str
    path: str
    document: str
    event: str
    no_opinion: Any


SHIPPING_LIST_METHODS_FOR_CHECKOUT = "SHIPPING_LIST_METHODS_FOR_CHECKOUT"
CHECKOUT_FILTER_SHIPPING_METHODS = "CHECKOUT_FILTER_SHIPPING_METHODS"

SYNC_WEBHOOKS: tuple[SyncWebhook, ...] = (
    SyncWebhook(
        name="OMS delivery options",
        path="checkout-shipping-methods",
        document="subscriptions/checkout_shipping_methods",
        event=SHIPPING_LIST_METHODS_FOR_CHECKOUT,
        no_opinion=[],  # no methods of the app's own
    ),
    SyncWebhook(
        name="OMS shipping method filter",
        path="checkout-filter-shipping-methods",
        document="subscriptions/checkout_filter_shipping_methods",
        event=CHECKOUT_FILTER_SHIPPING_METHODS,
        no_opinion={"excluded_methods": []},  # nothing excluded
    ),
)

SYNC_BY_PATH = {hook.path: hook for hook in SYNC_WEBHOOKS}


def event_type_name(event: str) -> str:
    """``ORDER_FULLY_PAID`` → ``OrderFullyPaid``: the event's type in Saleor's schema."""
    return "".join(word.capitalize() for word in event.split("_"))


TYPE_NAME_TO_EVENT = {
    event_type_name(event): event for group in WEBHOOK_GROUPS for event in group.events
}
# Saleor names the synchronous events' types differently from the events.
SYNC_TYPE_NAME_TO_EVENT = {
    "ShippingListMethodsForCheckout": SHIPPING_LIST_METHODS_FOR_CHECKOUT,
    "CheckoutFilterShippingMethods": CHECKOUT_FILTER_SHIPPING_METHODS,
}
