"""GET /api/manifest: what Saleor reads when a merchant installs the app."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from saleor_oms_plugin import __version__
from saleor_oms_plugin.saleor.documents import document
from saleor_oms_plugin.saleor.subscriptions import SYNC_WEBHOOKS, WEBHOOK_GROUPS
from saleor_oms_plugin.tenants import views
from tests.fixtures.contract import install_request, saleor_schema
from tests.fixtures.deliveries import django_client_headers

CAPTURED = install_request("01-manifest-fetch.json")
BASE = "http://testserver"  # APP_URL in tests/settings.py


def _fetch(client):
    """The manifest, fetched as Saleor fetched it in the captured installation."""
    headers = {k: v for k, v in CAPTURED["headers"].items() if k not in {"Host", "Connection"}}
    response = client.get(CAPTURED["path"], **django_client_headers(headers))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def _path(url: str) -> str:
    assert url.startswith(f"{BASE}/"), url
    return urlsplit(url).path


def test_manifest_identifies_the_app(client, db):
    manifest = _fetch(client)
    # Saleor requires id, name and version
    assert manifest["id"] == "saleor.oms"
    assert manifest["name"] == "Saleor OMS"
    assert manifest["version"] == __version__
    assert manifest["about"]
    assert manifest["author"] == "Saleor OMS"


def test_manifest_asks_for_exactly_the_permissions_used(client, db):
    manifest = _fetch(client)
    # orders, products (stock, warehouses), payments and gift cards (returns), shipping and
    # checkouts (the checkout's shipping questions, the checkout events that hold carts),
    # importing orders (captured orders through orderBulkCreate): nothing more
    assert manifest["permissions"] == [
        "MANAGE_ORDERS",
        "MANAGE_PRODUCTS",
        "HANDLE_PAYMENTS",
        "MANAGE_GIFT_CARD",
        "MANAGE_SHIPPING",
        "MANAGE_CHECKOUTS",
        "MANAGE_ORDERS_IMPORT",
    ]
    assert set(manifest["permissions"]) <= set(saleor_schema().type_map["PermissionEnum"].values)
    # extension permissions must be a subset of the app's (there are none yet)
    for extension in manifest["extensions"]:
        assert set(extension["permissions"]) <= set(manifest["permissions"])


def test_manifest_requires_a_saleor_that_has_what_we_use(client, db):
    manifest = _fetch(client)
    # 3.22: OrderGrantedRefund.reason, draftOrders(where:), metadata on GiftCardCreateInput
    # and DraftOrderCreateInput, and the Dashboard's extension mounts
    assert manifest["requiredSaleorVersion"] == ">=3.22"
    # the contract pack's Saleor (3.23) satisfies it
    assert CAPTURED["headers"]["Saleor-Schema-Version"] == "3.23"
    assert tuple(map(int, "3.23".split("."))) >= (3, 22)


def test_manifest_urls_are_served_by_the_app(client, db):
    manifest = _fetch(client)
    # the token is posted to the registration view
    assert manifest["tokenTargetUrl"] == f"{BASE}/api/register"
    assert resolve(_path(manifest["tokenTargetUrl"])).func == views.register
    # the app's pages answer
    assert manifest["appUrl"] == f"{BASE}/app/"
    for key in ("appUrl", "dataPrivacyUrl", "homepageUrl", "supportUrl"):
        response = client.get(_path(manifest[key]))
        assert response.status_code == 200, key


def test_manifest_logo_is_a_square_png(client, db):
    manifest = _fetch(client)
    # given the logo Saleor will download for the Dashboard
    url = manifest["brand"]["logo"]["default"]
    assert url == f"{BASE}/logo.png"
    # when it is fetched
    response = client.get(_path(url))
    # then it is a PNG image, square and large enough for Saleor's app icon
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    body = response.content
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert body[12:16] == b"IHDR"
    width, height = struct.unpack(">II", body[16:24])
    assert width == height >= 256


def test_manifest_webhooks_target_our_intake(client, db):
    manifest = _fetch(client)
    webhooks = [w for w in manifest["webhooks"] if "asyncEvents" in w]
    # one webhook per group, each active, posting to /api/webhooks/<group>/
    assert [w["name"] for w in webhooks] == [group.name for group in WEBHOOK_GROUPS]
    events = saleor_schema().type_map["WebhookEventTypeAsyncEnum"].values
    for webhook, group in zip(webhooks, WEBHOOK_GROUPS, strict=True):
        assert webhook["targetUrl"] == f"{BASE}/api/webhooks/{group.path}/"
        assert resolve(_path(webhook["targetUrl"])) is not None
        assert webhook["isActive"] is True
        assert webhook["asyncEvents"] == list(group.events)
        assert set(webhook["asyncEvents"]) <= set(events)
        # the subscription itself is checked against Saleor's schema in test_saleor_documents
        assert webhook["query"] == document(group.document)
        assert "syncEvents" not in webhook


def test_manifest_sync_webhooks_target_our_sync_answers(client, db):
    manifest = _fetch(client)
    webhooks = [w for w in manifest["webhooks"] if "syncEvents" in w]
    # one webhook per synchronous question, each active, posting to /api/sync/<path>/
    assert [w["name"] for w in webhooks] == [hook.name for hook in SYNC_WEBHOOKS]
    events = saleor_schema().type_map["WebhookEventTypeSyncEnum"].values
    for webhook, hook in zip(webhooks, SYNC_WEBHOOKS, strict=True):
        assert webhook["targetUrl"] == f"{BASE}/api/sync/{hook.path}/"
        assert resolve(_path(webhook["targetUrl"])) is not None
        assert webhook["isActive"] is True
        assert webhook["syncEvents"] == [hook.event]
        assert set(webhook["syncEvents"]) <= set(events)
        assert webhook["query"] == document(hook.document)
        assert "asyncEvents" not in webhook


def test_manifest_follows_app_url(client, db, settings):
    # given a deployment behind its public URL
    settings.APP_URL = "https://oms.example.com"
    manifest = _fetch(client)
    # then every URL Saleor is given points there
    urls = [
        manifest["appUrl"],
        manifest["tokenTargetUrl"],
        manifest["brand"]["logo"]["default"],
        *(w["targetUrl"] for w in manifest["webhooks"]),
    ]
    assert all(url.startswith("https://oms.example.com/") for url in urls), urls


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_manifest_is_read_only(client, db, method):
    assert getattr(client, method)("/api/manifest").status_code == 405


# Saleor 3.22+ takes mount and target names as strings; these are the ones 3.23's Dashboard has.
DASHBOARD_MOUNTS = {
    "NAVIGATION_ORDERS",
    "ORDER_DETAILS_WIDGETS",
    "ORDER_DETAILS_MORE_ACTIONS",
    "ORDER_OVERVIEW_MORE_ACTIONS",
    "PRODUCT_DETAILS_WIDGETS",
}
WIDGET_MOUNTS = {"ORDER_DETAILS_WIDGETS", "PRODUCT_DETAILS_WIDGETS"}


def test_manifest_extensions_mount_the_oms_in_the_dashboard(client, db):
    manifest = _fetch(client)
    extensions = manifest["extensions"]
    # every place the issue asks for is mounted, each extension once by a unique identifier
    assert {extension["mount"] for extension in extensions} == DASHBOARD_MOUNTS
    identifiers = [extension["identifier"] for extension in extensions]
    assert len(identifiers) == len(set(identifiers))
    labels = {(e["mount"], e["label"]) for e in extensions}
    assert ("ORDER_DETAILS_MORE_ACTIONS", "Route now (OMS)") in labels
    assert ("ORDER_DETAILS_MORE_ACTIONS", "Start a return (OMS)") in labels
    assert ("ORDER_OVERVIEW_MORE_ACTIONS", "Route now (OMS)") in labels
    for extension in extensions:
        # widgets only on widget mounts, the navigation entry is an app page, actions are popups
        if extension["mount"] in WIDGET_MOUNTS:
            assert extension["target"] == "WIDGET"
            assert extension["options"] == {"widgetTarget": {"method": "GET"}}
        elif extension["mount"].startswith("NAVIGATION_"):
            assert extension["target"] == "APP_PAGE"
        else:
            assert extension["target"] == "POPUP"
        # a Dashboard user needs these to see the extension; the app must hold them too
        assert extension["permissions"]
        assert set(extension["permissions"]) <= set(manifest["permissions"])
        assert set(extension["permissions"]) <= set(
            saleor_schema().type_map["PermissionEnum"].values
        )


def test_manifest_extension_urls_are_pages_of_the_dashboard_extension(client, db):
    manifest = _fetch(client)
    for extension in manifest["extensions"]:
        url = extension["url"]
        # the app page is a path inside appUrl; widgets and popups are absolute, on our host
        if extension["target"] == "APP_PAGE":
            assert url.startswith("/") and not url.startswith("/app/"), url
            path = _path(manifest["appUrl"].rstrip("/") + url)
        else:
            path = _path(url)
        assert path.startswith("/app/"), url
        response = client.get(path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")


def test_manifest_extension_urls_follow_app_url(client, db, settings):
    settings.APP_URL = "https://oms.example.com"
    manifest = _fetch(client)
    for extension in manifest["extensions"]:
        if extension["target"] != "APP_PAGE":
            assert extension["url"].startswith("https://oms.example.com/app/"), extension


def test_manifest_carries_the_configured_app_id_and_name(client, db, settings):
    # given a staging deployment configured beside production in the same Saleor
    settings.APP_ID = "saleor.oms.staging"
    settings.APP_NAME = "Saleor OMS (staging)"
    # when Saleor fetches its manifest
    manifest = _fetch(client)
    # then it installs as a different app (Saleor refuses a second app with the same id)
    assert manifest["id"] == "saleor.oms.staging"
    assert manifest["name"] == "Saleor OMS (staging)"


def _settings_read(tmp_path, env: dict[str, str]) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.APP_ID); print(settings.APP_NAME)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"APP_ID", "APP_NAME"}}
    clean.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "saleor_oms_plugin.settings",
            "OMS_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()[-2:]


def test_app_id_and_name_default_to_the_production_identity(tmp_path):
    # given no APP_ID / APP_NAME (or empty ones) in the environment
    # then the manifest identity is the one production has always had
    assert _settings_read(tmp_path, {}) == ["saleor.oms", "Saleor OMS"]
    assert _settings_read(tmp_path, {"APP_ID": " ", "APP_NAME": ""}) == [
        "saleor.oms",
        "Saleor OMS",
    ]


def test_app_id_and_name_are_read_from_the_environment(tmp_path):
    env = {"APP_ID": "saleor.oms.staging", "APP_NAME": "Saleor OMS (staging)"}
    assert _settings_read(tmp_path, env) == ["saleor.oms.staging", "Saleor OMS (staging)"]
