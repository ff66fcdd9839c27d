"""Who may call /graphql/: Saleor's real tokens verified against the tenant's JWKS, API keys."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorAuthenticationError
from saleor_oms_plugin.tenants.services import api_key_revoke, tenant_deactivate
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import (
    claims,
    error_codes,
    expired_moment,
    forged,
    gql,
    make_api_key,
    saleor_viewer_permissions_answer,
    valid_moment,
)
from tests.fixtures.tenants import make_capture_tenant

ME = "{ me { kind email userId permissions } }"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Staff permissions are cached per token; every test starts without them.
    cache.clear()
    yield
    cache.clear()


def test_dashboard_token_shows_its_user_permissions(client, capture_tenant):
    # given the Dashboard's App Bridge token of our app
    token = tokens()["app_extension_access"]
    # when it asks who it is while the token is fresh
    with freeze_time(valid_moment("app_extension_access")):
        status, body = gql(client, ME, token=token)
    # then it is the staff member in the Dashboard, with their Saleor permissions
    assert status == 200, body
    assert body["data"]["me"] == {
        "kind": "APP_EXTENSION",
        "email": "admin@example.com",
        "userId": "VXNlcjoyMQ==",
        "permissions": sorted(claims("app_extension_access")["user_permissions"]),
    }


def test_forged_token_is_refused_with_401(client, capture_tenant):
    # given the Dashboard token with one signature character changed
    token = forged(tokens()["app_extension_access"])
    # when it is presented while the original would be valid
    with freeze_time(valid_moment("app_extension_access")):
        status, body = gql(client, ME, token=token)
    # then the signature does not verify
    assert status == 401
    assert error_codes(body) == ["INVALID_TOKEN"]
    assert "data" not in body


def test_expired_token_is_refused_with_401(client, capture_tenant):
    # given a genuine token
    token = tokens()["app_extension_access"]
    # when it is presented a minute after it expired
    with freeze_time(expired_moment("app_extension_access")):
        status, body = gql(client, ME, token=token)
    # then it is refused as expired
    assert status == 401
    assert error_codes(body) == ["EXPIRED_TOKEN"]


def test_token_of_an_unknown_issuer_is_refused(client, db):
    # given a tenant of another Saleor only (same keys, so only the issuer can make it fail)
    make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/")
    # when a token issued by the Saleor at :8000 is presented
    with freeze_time(valid_moment("staff_access")):
        status, body = gql(client, ME, token=tokens()["staff_access"])
    # then no tenant accepts it
    assert status == 401
    assert error_codes(body) == ["UNKNOWN_ISSUER"]


def test_token_of_an_uninstalled_tenant_is_refused(client, capture_tenant):
    # given the tenant has uninstalled the app
    tenant_deactivate(tenant_id=capture_tenant.pk, actor=Actor.saleor(), reason="test")
    # when a token of its Saleor is presented
    with freeze_time(valid_moment("app_extension_access")):
        status, body = gql(client, ME, token=tokens()["app_extension_access"])
    # then it is refused as if the Saleor were unknown
    assert status == 401
    assert error_codes(body) == ["UNKNOWN_ISSUER"]


def test_dashboard_token_of_another_app_is_refused(client, db):
    # given our app has another id in that Saleor than the one the token was issued to
    make_capture_tenant(app_id="QXBwOjk5")
    # when the other app's Dashboard token is presented
    with freeze_time(valid_moment("app_extension_access")):
        status, body = gql(client, ME, token=tokens()["app_extension_access"])
    # then it is refused though validly signed
    assert status == 401
    assert error_codes(body) == ["TOKEN_APP_MISMATCH"]


def test_staff_permissions_are_asked_from_saleor_once_with_the_staff_token(
    client, capture_tenant, monkeypatch
):
    # given Saleor answers the staff member's `me` query with two permissions
    staff = claims("staff_access")
    answer = saleor_viewer_permissions_answer(
        user_id=staff["user_id"], email=staff["email"], codes=["MANAGE_ORDERS", "MANAGE_APPS"]
    )
    calls = []

    def fake_execute(self, name, variables=None):
        calls.append((self.api_url, self.token, name))
        return answer

    monkeypatch.setattr(SaleorClient, "execute", fake_execute)
    token = tokens()["staff_access"]
    # when the staff member asks twice who they are
    with freeze_time(valid_moment("staff_access")):
        first_status, first = gql(client, ME, token=token)
        second_status, second = gql(client, ME, token=token)
    # then their tenant's Saleor was asked once, with their own token, and the answer cached
    assert (first_status, second_status) == (200, 200)
    assert first["data"]["me"] == {
        "kind": "STAFF",
        "email": "admin@example.com",
        "userId": "VXNlcjoyMQ==",
        "permissions": ["MANAGE_APPS", "MANAGE_ORDERS"],
    }
    assert second == first
    assert calls == [("http://127.0.0.1:8000/graphql/", token, "queries/viewer_permissions")]


def test_staff_permissions_are_not_fetched_when_no_field_needs_them(
    client, capture_tenant, monkeypatch
):
    # given Saleor must not be called
    def fail(self, name, variables=None):
        raise AssertionError("Saleor was called")

    monkeypatch.setattr(SaleorClient, "execute", fail)
    # when the staff member asks only for their email
    with freeze_time(valid_moment("staff_access")):
        status, body = gql(client, "{ me { kind email } }", token=tokens()["staff_access"])
    # then the token alone answers it
    assert status == 200, body
    assert body["data"]["me"] == {"kind": "STAFF", "email": "admin@example.com"}


def test_staff_token_that_saleor_rejects_is_refused_with_401(client, capture_tenant, monkeypatch):
    # given Saleor no longer accepts the staff token (the staff member was deactivated)
    def rejected(self, name, variables=None):
        raise SaleorAuthenticationError(
            [
                {
                    "message": "Signature has expired",
                    "extensions": {"exception": {"code": "ExpiredSignatureError"}},
                }
            ]
        )

    monkeypatch.setattr(SaleorClient, "execute", rejected)
    # when the staff member asks for their permissions
    with freeze_time(valid_moment("staff_access")):
        status, body = gql(client, ME, token=tokens()["staff_access"])
    # then the request is unauthenticated
    assert status == 401
    assert error_codes(body) == ["INVALID_TOKEN"]


def test_customer_token_is_a_customer_without_permissions(client, capture_tenant):
    # given a customer's access token
    token = tokens()["customer_access"]
    # when the customer asks who they are
    with freeze_time(valid_moment("customer_access")):
        status, body = gql(client, ME, token=token)
    # then they are a customer holding nothing
    assert status == 200, body
    assert body["data"]["me"] == {
        "kind": "CUSTOMER",
        "email": "grace@example.com",
        "userId": "VXNlcjo0Ng==",
        "permissions": [],
    }


def test_no_credentials_is_anonymous_without_a_tenant(client, capture_tenant):
    # when nobody authenticates
    status, body = gql(client, "{ me { kind permissions } tenant { name } }")
    # then the caller is anonymous and sees no installation
    assert status == 200, body
    assert body["data"] == {"me": {"kind": "ANONYMOUS", "permissions": []}, "tenant": None}


def test_garbage_bearer_token_is_refused_with_401(client, capture_tenant):
    # when a bearer token that is not a JWT is presented
    status, body = gql(client, ME, token="not-a-jwt")
    # then it is refused, not answered with a 500
    assert status == 401
    assert error_codes(body) == ["INVALID_TOKEN"]


def test_api_key_authenticates_by_bearer_and_by_header(client, capture_tenant):
    # given an API key of the tenant
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    # when it is presented either way
    bearer_status, by_bearer = gql(client, ME, token=plain)
    header_status, by_header = gql(client, ME, api_key=plain)
    # then both are the key, holding its permissions
    assert (bearer_status, header_status) == (200, 200)
    expected = {"kind": "API_KEY", "email": "", "userId": "", "permissions": ["MANAGE_ORDERS"]}
    assert by_bearer["data"]["me"] == expected
    assert by_header["data"]["me"] == expected


def test_revoked_and_unknown_api_keys_are_refused_with_401(client, capture_tenant):
    # given a revoked key
    plain = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    key_id = capture_tenant.api_keys.get().pk
    api_key_revoke(tenant_id=capture_tenant.pk, key_id=key_id, actor=Actor.operator("tests"))
    # when it, and a key that never existed, are presented
    revoked_status, revoked = gql(client, ME, api_key=plain)
    unknown_status, unknown = gql(client, ME, token="oms_never-issued")
    # then both are refused
    assert (revoked_status, unknown_status) == (401, 401)
    assert error_codes(revoked) == ["INVALID_API_KEY"]
    assert error_codes(unknown) == ["INVALID_API_KEY"]
