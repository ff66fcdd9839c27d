"""GraphQL rate limits: per tenant (with overrides) and per address without credentials; a
refused request is answered 429 in the GraphQL error shape and nothing runs."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings

from tests.fixtures.contract import CAPTURE_API_URL
from tests.fixtures.graphql import make_api_key
from tests.fixtures.rate_limits import buckets_forget
from tests.fixtures.tenants import make_capture_tenant

ANONYMOUS = "{ me { kind } }"
TENANT = "{ tenant { name } }"


@pytest.fixture(autouse=True)
def fresh_buckets():
    buckets_forget(django_settings.RATE_LIMIT_REDIS_URL)
    yield
    buckets_forget(django_settings.RATE_LIMIT_REDIS_URL)


def _post(client, query: str, *, address: str = "127.0.0.1", **headers: str):
    return client.post(
        "/graphql/",
        data=json.dumps({"query": query}),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=address,
    )


def _assert_rate_limited(response) -> None:
    assert response.status_code == 429
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    retry_after = error["extensions"]["retryAfter"]
    assert isinstance(retry_after, int) and retry_after >= 1
    assert response["Retry-After"] == str(retry_after)


def test_anonymous_requests_are_limited_per_address(client, db, settings):
    # given 2 anonymous requests a minute per address
    settings.GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 2
    # when one address sends 3
    answers = [_post(client, ANONYMOUS, address="203.0.113.7") for _ in range(3)]
    # then the third is refused, in the GraphQL error shape, and not executed
    assert [a.status_code for a in answers[:2]] == [200, 200]
    _assert_rate_limited(answers[2])
    # while another address still gets through
    assert _post(client, ANONYMOUS, address="203.0.113.8").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(client, db, settings):
    settings.GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 1
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    first = _post(client, ANONYMOUS, address="10.0.0.1", X_Forwarded_For="203.0.113.7")
    same_client = _post(client, ANONYMOUS, address="10.0.0.1", X_Forwarded_For="203.0.113.7")
    other_client = _post(client, ANONYMOUS, address="10.0.0.1", X_Forwarded_For="203.0.113.8")
    assert first.status_code == 200
    _assert_rate_limited(same_client)
    assert other_client.status_code == 200


def test_a_tenants_requests_are_limited_per_tenant_whatever_the_address(client, db, settings):
    # given a tenant with an API key, 2 requests a minute per tenant
    settings.GRAPHQL_RATE_LIMIT_PER_MINUTE = 2
    tenant = make_capture_tenant()
    key = make_api_key(tenant, [])
    # when it sends 3 from different addresses
    answers = [_post(client, TENANT, address=f"203.0.113.{n}", X_Api_Key=key) for n in range(1, 4)]
    # then the third is refused
    assert [a.status_code for a in answers[:2]] == [200, 200]
    _assert_rate_limited(answers[2])
    # and another tenant is not held up by it
    other = make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/")
    assert _post(client, TENANT, X_Api_Key=make_api_key(other, [])).status_code == 200


def test_an_override_gives_one_tenant_a_limit_of_its_own(client, db, settings):
    settings.GRAPHQL_RATE_LIMIT_PER_MINUTE = 100
    settings.GRAPHQL_RATE_LIMIT_OVERRIDES = {CAPTURE_API_URL: 1}
    key = make_api_key(make_capture_tenant(), [])
    assert _post(client, TENANT, X_Api_Key=key).status_code == 200
    _assert_rate_limited(_post(client, TENANT, X_Api_Key=key))


def test_failed_authentication_counts_against_the_address(client, db, settings):
    settings.GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 2
    answers = [_post(client, ANONYMOUS, X_Api_Key="oms_guess") for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [401, 401]
    _assert_rate_limited(answers[2])
