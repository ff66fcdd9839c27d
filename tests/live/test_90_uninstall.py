"""Uninstalling (APP_DELETED) stops the store; installing again brings it back."""

from __future__ import annotations

from tests.live.conftest import DELETE, app_install
from tests.live.saleor_live import GraphQLEndpoint, wait_for

TENANT = "query Tenant { tenant { saleorApiUrl } }"


def _answer(installation) -> dict:
    """Our API's answer to the staff token; a token of an unknown store is refused with 401."""
    endpoint = GraphQLEndpoint(
        installation.oms.graphql_url, token=installation.saleor.fresh_token()
    )
    response = endpoint.session.post(
        endpoint.url,
        json={"query": TENANT},
        headers={"Authorization": f"Bearer {endpoint.token}"},
        timeout=60,
    )
    if response.status_code == 401:
        return {"errors": response.json().get("errors") or [{"message": "401"}]}
    response.raise_for_status()
    return response.json()


def test_uninstall_then_reinstall(installation):
    # when the merchant deletes the app in the Dashboard
    installation.saleor.mutate(DELETE, {"id": installation.app_id}, field_name="appDelete")

    # then APP_DELETED deactivates the store: its tokens no longer open our API
    wait_for(
        "our API to refuse the uninstalled store",
        lambda: _answer(installation).get("errors"),
        timeout=120,
    )

    # when it is installed again from the manifest URL
    installation.app_id = app_install(installation.saleor, installation.oms)

    # then the store is back, with its data
    wait_for(
        "our API to know the store again",
        lambda: (_answer(installation).get("data") or {}).get("tenant"),
        timeout=120,
    )
