"""Every address under ``/api/`` fed garbage: paths that name nothing, methods a door does not
take, bodies of garbage. Never a 5xx, nothing written, and every refusal is JSON with a code
(Django's own 404 and 405 were an HTML page and an empty body)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fixtures.garbage import assert_json_error, bodies, hostile_text
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

KNOWN = [
    "/api/manifest",
    "/api/register",
    "/api/webhooks/orders/",
    "/api/sync/checkout-shipping-methods/",
    "/api/feeds/pos/csv",
    "/api/capture/market/",
]
paths = st.one_of(
    st.sampled_from(KNOWN),
    st.lists(hostile_text, min_size=1, max_size=3).map(
        lambda parts: "/api/" + "/".join(quote(p, safe="", errors="surrogatepass") for p in parts)
    ),
    st.sampled_from(KNOWN).map(lambda path: path.rstrip("/") + "x/"),
)


@pytest.fixture
def tenant(transactional_db):
    return make_capture_tenant()


@door_settings()
@given(
    path=paths,
    method=st.sampled_from(["get", "post", "put", "patch", "delete", "options"]),
    body=bodies(),
)
def test_any_request_under_api_is_answered_in_json(client, tenant, path, method, body):
    with nothing_written():
        if method in {"post", "put", "patch"}:
            response = getattr(client, method)(path, data=body, content_type="application/json")
        else:
            response = getattr(client, method)(path)
    if response.status_code < 400:
        return  # the manifest answers any GET
    assert_json_error(response)


def test_no_such_route_is_a_json_404(client, tenant):
    response = client.get("/api/nothing-here/")
    assert assert_json_error(response, statuses=range(404, 405))["code"] == "NOT_FOUND"


def test_a_method_a_door_does_not_take_is_a_json_405(client, tenant):
    response = client.get("/api/register")
    assert assert_json_error(response, statuses=range(405, 406))["code"] == "METHOD_NOT_ALLOWED"
    assert response["Allow"] == "POST"


def test_an_unknown_webhook_names_its_error(client, tenant):
    # {"error": {"message": "No such webhook."}} had no code.
    response = client.post("/api/webhooks/nothing/", b"{}", content_type="application/json")
    assert assert_json_error(response, statuses=range(404, 405))["code"] == "NOT_FOUND"


def test_an_installation_too_large_names_its_error(client, tenant):
    response = client.post("/api/register", b" " * 70_000, content_type="application/json")
    assert assert_json_error(response, statuses=range(413, 414))["code"] == "BODY_TOO_LARGE"
