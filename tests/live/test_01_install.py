"""Installing from the manifest URL, as a merchant does in the Dashboard."""

from __future__ import annotations

from tests.live.saleor_live import wait_for

TENANT = "query Tenant { tenant { name saleorApiUrl saleorVersion } }"
APP = """query App($id: ID!) { app(id: $id) { isActive permissions { code }
  webhooks { name isActive asyncEvents { eventType } }
  extensions { mountName targetName url } } }"""


def test_install_registers_the_store_with_its_webhooks_and_extensions(installation):
    # when Saleor has installed the app (the fixture), then our API knows the store
    tenant = wait_for(
        "the installation to reach our API",
        lambda: installation.api.execute(TENANT).get("data", {}).get("tenant"),
        timeout=60,
    )
    assert tenant["saleorApiUrl"] == installation.saleor.url
    assert tenant["saleorVersion"].startswith("3.23")

    # and Saleor created every webhook and extension of the manifest
    import requests

    manifest = requests.get(installation.oms.manifest_url, timeout=30).json()
    app = installation.saleor.data(APP, {"id": installation.app_id})["app"]
    assert app["isActive"] is True
    assert {p["code"] for p in app["permissions"]} == set(manifest["permissions"])
    assert {w["name"] for w in app["webhooks"] if w["isActive"]} == {
        w["name"] for w in manifest["webhooks"]
    }
    assert len(app["extensions"]) == len(manifest["extensions"])
