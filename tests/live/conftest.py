"""The live contract suite: our real service against a real Saleor 3.23.28 (and its Dashboard).

Run by ``scripts/test-live`` with ``SALEOR_URL`` (and the staff sign-in) of a Saleor started with
``../shared/saleor/live/saleor-live``. Anywhere else every test here is skipped, and says why:
CI has no Saleor. The tests run in file order and share one installation: install and import
first, uninstall and reinstall last.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live.captures import captures_write
from tests.live.oms_service import OmsService
from tests.live.saleor_live import GraphQLEndpoint, staff_token, wait_for
from tests.live.store import LiveStore, store_build

LIVE = Path(__file__).resolve().parent
SKIP_REASON = (
    "live contract suite: needs a real Saleor; run scripts/test-live with SALEOR_URL set "
    "(start one with ../shared/saleor/live/saleor-live start <git dir of saleor/saleor>)"
)
PERMISSIONS = [
    "MANAGE_ORDERS",
    "MANAGE_PRODUCTS",
    "HANDLE_PAYMENTS",
    "MANAGE_GIFT_CARD",
    "MANAGE_CHECKOUTS",
]


def pytest_collection_modifyitems(config, items):
    if os.environ.get("OMS_LIVE") == "1" and os.environ.get("SALEOR_URL"):
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if LIVE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@dataclass
class Installation:
    saleor: GraphQLEndpoint  # as the sample staff user
    oms: OmsService
    app_id: str

    @property
    def api(self) -> GraphQLEndpoint:
        """Our GraphQL API, called with the staff user's Saleor token (as the Dashboard does)."""
        return GraphQLEndpoint(self.oms.graphql_url, token=self.saleor.fresh_token())


@pytest.fixture(scope="session")
def saleor() -> GraphQLEndpoint:
    url = os.environ["SALEOR_URL"]
    email = os.environ.get("SALEOR_STAFF_EMAIL", "admin@example.com")
    password = os.environ.get("SALEOR_STAFF_PASSWORD", "admin")
    return GraphQLEndpoint(
        url,
        token=staff_token(url, email, password),
        sign_in=lambda: staff_token(url, email, password),
    )


@pytest.fixture(scope="session")
def oms(saleor: GraphQLEndpoint) -> Iterator[OmsService]:
    service = OmsService(saleor_url=saleor.url)
    service.start()
    yield service
    service.stop()
    written = captures_write(service.logs / "contract")
    print(f"\ncontract captures merged for {len(written)} documents: {', '.join(written)}")


APPS = "query Apps { apps(first: 100) { edges { node { id identifier name isActive } } } }"
INSTALL = """
mutation Install($input: AppInstallInput!) {
  appInstall(input: $input) { appInstallation { id status message } errors { field message code } }
}"""
INSTALLATIONS = "query Installations { appsInstallations { id status message manifestUrl } }"
DELETE = "mutation Delete($id: ID!) { appDelete(id: $id) { errors { field message code } } }"


def manifest_identifier(oms: OmsService) -> str:
    import requests

    return requests.get(oms.manifest_url, timeout=30).json()["id"]


def app_install(saleor: GraphQLEndpoint, oms: OmsService) -> str:
    """Install from the manifest URL as a merchant does; the Saleor app id once installed."""
    identifier = manifest_identifier(oms)
    # One app per identifier in a Saleor: remove what an earlier run may have left.
    for edge in saleor.data(APPS)["apps"]["edges"]:
        if edge["node"]["identifier"] == identifier:
            saleor.mutate(DELETE, {"id": edge["node"]["id"]}, field_name="appDelete")
    saleor.mutate(
        INSTALL,
        {
            "input": {
                "appName": "Saleor OMS",
                "manifestUrl": oms.manifest_url,
                "permissions": PERMISSIONS,
            }
        },
        field_name="appInstall",
    )

    def installed() -> str | None:
        for installation in saleor.data(INSTALLATIONS)["appsInstallations"]:
            if (
                installation["manifestUrl"] == oms.manifest_url
                and installation["status"] == "FAILED"
            ):
                raise AssertionError(f"Saleor failed to install the app: {installation['message']}")
        for edge in saleor.data(APPS)["apps"]["edges"]:
            if edge["node"]["identifier"] == identifier and edge["node"]["isActive"]:
                return edge["node"]["id"]
        return None

    return wait_for("Saleor to install the app", installed, timeout=180, every=2)


@pytest.fixture(scope="session")
def installation(saleor: GraphQLEndpoint, oms: OmsService) -> Iterator[Installation]:
    installed = Installation(saleor=saleor, oms=oms, app_id=app_install(saleor, oms))
    yield installed
    # Leave Saleor as found: an app whose service is gone would fail every webhook and show
    # a broken widget on every order page.
    app_delete(saleor, installed.app_id)


def app_delete(saleor: GraphQLEndpoint, app_id: str) -> None:
    saleor.mutate(DELETE, {"id": app_id}, field_name="appDelete")


STOCK = {
    "MUG": {"New York": 50, "Los Angeles": 30, "Chicago": 5},
    "SOCKS": {"New York": 40, "Los Angeles": 3},
    "LAMP": {"Seattle": 10, "Dallas": 10},
}
SETTINGS = """mutation On($input: OmsTenantSettingsInput!) {
  tenantSettingsUpdate(input: $input) { errors { field message code } } }"""


@pytest.fixture(scope="session")
def store(installation: Installation) -> LiveStore:
    """The suite's own five-warehouse store, with automatic routing switched on by the same
    mutation the Settings page sends."""
    built = store_build(installation.saleor, stock=STOCK)
    installation.api.mutate(
        SETTINGS,
        {"input": {"routing": {"trigger": "FULLY_PAID"}}},
        field_name="tenantSettingsUpdate",
    )
    return built
