"""The app manifest Saleor reads when a merchant installs from our manifest URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from saleor_oms_plugin import __version__
from saleor_oms_plugin.saleor.documents import document
from saleor_oms_plugin.webhooks.subscriptions import WEBHOOK_GROUPS

APP_ID = "saleor.oms"
# Only what the app uses: orders (read, fulfil, notes, metadata) and products (stock,
# warehouses). Saleor only delivers webhooks whose events these permissions cover.
PERMISSIONS = ["MANAGE_ORDERS", "MANAGE_PRODUCTS"]
REQUIRED_SALEOR_VERSION = ">=3.20"


def manifest_build(*, app_url: str | None = None) -> dict[str, Any]:
    base = (app_url or settings.APP_URL).rstrip("/")
    return {
        "id": APP_ID,
        "version": __version__,
        "name": "Saleor OMS",
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
        ],
        "extensions": [],
    }
