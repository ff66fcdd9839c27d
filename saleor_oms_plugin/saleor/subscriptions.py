"""The webhooks the app asks Saleor for: which events, which subscription, which URL.

Each group becomes one entry of the manifest's ``webhooks``: its subscription document has one
``... on <Event>`` branch per async event of the group, and Saleor posts the group's events to
``/api/webhooks/<path>/``.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def event_type_name(event: str) -> str:
    """``ORDER_FULLY_PAID`` → ``OrderFullyPaid``: the event's type in Saleor's schema."""
    return "".join(word.capitalize() for word in event.split("_"))


TYPE_NAME_TO_EVENT = {
    event_type_name(event): event for group in WEBHOOK_GROUPS for event in group.events
}
