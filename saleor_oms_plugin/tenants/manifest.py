"""The app manifest Saleor reads when a merchant installs from our manifest URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from saleor_oms_plugin import __version__
from saleor_oms_plugin.saleor.documents import document
from saleor_oms_plugin.saleor.subscriptions import SYNC_WEBHOOKS, WEBHOOK_GROUPS

# Only what the app uses: orders (read, fulfil, notes, metadata, returns, exchange drafts),
# products (stock, warehouses), payments (sending a return's granted refund through the
# order's transaction), gift cards (store credit for returns), shipping and checkouts (the
# checkout events that hold carts' stock, and the checkout's shipping questions: Saleor asks
# SHIPPING_LIST_METHODS_FOR_CHECKOUT only of apps with MANAGE_SHIPPING and
# CHECKOUT_FILTER_SHIPPING_METHODS only of apps with MANAGE_CHECKOUTS). Saleor only delivers
# webhooks whose events these permissions cover. MANAGE_ORDERS_IMPORT: orders captured from
# outside channels are created with orderBulkCreate, which asks for it alone.
PERMISSIONS = [
    "MANAGE_ORDERS",
    "MANAGE_PRODUCTS",
    "HANDLE_PAYMENTS",
    "MANAGE_GIFT_CARD",
    "MANAGE_SHIPPING",
    "MANAGE_CHECKOUTS",
    "MANAGE_ORDERS_IMPORT",
]
REQUIRED_SALEOR_VERSION = ">=3.22"


def manifest_build(*, app_url: str | None = None) -> dict[str, Any]:
    base = (app_url or settings.APP_URL).rstrip("/")
    return {
        "id": settings.APP_ID,
        "version": __version__,
        "name": settings.APP_NAME,
        "about": (
            "Order management for Saleor: routes fulfilment to the best locations, keeps stock "
            "in sync across locations and channels, authorises returns and runs trigger rules."
        ),
        "permissions": PERMISSIONS,
        "appUrl": f"{base}/app/",
        "tokenTargetUrl": f"{base}/api/register",
        "dataPrivacyUrl": settings.DATA_PRIVACY_URL or f"{base}/privacy",
        "homepageUrl": settings.HOMEPAGE_URL or f"{base}/",
        "supportUrl": settings.SUPPORT_URL or f"{base}/support",
        "author": settings.APP_AUTHOR,
        "brand": {"logo": {"default": f"{base}/logo.png"}},
        "requiredSaleorVersion": REQUIRED_SALEOR_VERSION,
        "webhooks": [
            {
                "name": group.name,
                "asyncEvents": list(group.events),
                "query": document(group.document),
                "targetUrl": f"{base}/api/webhooks/{group.path}/",
                "isActive": True,
            }
            for group in WEBHOOK_GROUPS
        ]
        + [
            {
                "name": hook.name,
                "syncEvents": [hook.event],
                "query": document(hook.document),
                "targetUrl": f"{base}/api/sync/{hook.path}/",
                "isActive": True,
            }
            for hook in SYNC_WEBHOOKS
        ],
        "extensions": extensions_build(base),
    }


def extensions_build(base: str) -> list[dict[str, Any]]:
    """Where the Dashboard shows the OMS (Saleor 3.22+ mount and target names).

    The app page's URL is a path inside ``appUrl``: the Dashboard joins the two (``/overview``
    → ``<base>/app/overview``) and shows it at ``/extensions/app/<app id>/overview``. Widgets
    and popups are absolute: the Dashboard (3.23) frames a popup at its manifest URL as is, and
    a relative one would not load. Widgets are fetched with GET (the Dashboard then hands the
    token over App Bridge; with POST it would post it in a form and skip the handshake). Every
    view is a client-side route of the Dashboard extension served under ``/app``, answering
    with or without a trailing slash and with the query the Dashboard appends.
    """
    app = f"{base}/app"
    return [
        {
            "identifier": "oms-orders",
            "label": "Order management",
            "mount": "NAVIGATION_ORDERS",
            "target": "APP_PAGE",
            "permissions": ["MANAGE_ORDERS"],
            "url": "/overview",
        },
        {
            "identifier": "oms-order-widget",
            "label": "Fulfilment (OMS)",
            "mount": "ORDER_DETAILS_WIDGETS",
            "target": "WIDGET",
            "permissions": ["MANAGE_ORDERS"],
            "url": f"{app}/widgets/order",
            "options": {"widgetTarget": {"method": "GET"}},
        },
        {
            "identifier": "oms-route-now",
            "label": "Route now (OMS)",
            "mount": "ORDER_DETAILS_MORE_ACTIONS",
            "target": "POPUP",
            "permissions": ["MANAGE_ORDERS"],
            "url": f"{app}/actions/route",
        },
        {
            "identifier": "oms-start-return",
            "label": "Start a return (OMS)",
            "mount": "ORDER_DETAILS_MORE_ACTIONS",
            "target": "POPUP",
            "permissions": ["MANAGE_ORDERS"],
            "url": f"{app}/actions/return",
        },
        {
            "identifier": "oms-route-selected",
            "label": "Route now (OMS)",
            "mount": "ORDER_OVERVIEW_MORE_ACTIONS",
            "target": "POPUP",
            "permissions": ["MANAGE_ORDERS"],
            "url": f"{app}/actions/route",
        },
        {
            "identifier": "oms-product-stock",
            "label": "Stock by location (OMS)",
            "mount": "PRODUCT_DETAILS_WIDGETS",
            "target": "WIDGET",
            "permissions": ["MANAGE_PRODUCTS"],
            "url": f"{app}/widgets/product",
            "options": {"widgetTarget": {"method": "GET"}},
        },
    ]
