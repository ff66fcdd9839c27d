"""Installation attempts are limited per Saleor and per address: a 429 that writes nothing."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.rate_limits import buckets_forget

# Not in ALLOWED_SALEOR_URLS: each attempt is refused (403) without calling anyone.
REFUSED_SALEOR = "https://shop.example.com/graphql/"


@pytest.fixture(autouse=True)
def fresh_buckets():
    buckets_forget(django_settings.RATE_LIMIT_REDIS_URL)
    yield
    buckets_forget(django_settings.RATE_LIMIT_REDIS_URL)


def _register(client, api_url: str, *, address: str = "127.0.0.1"):
    return client.post(
        "/api/register",
        data=json.dumps({"auth_token": "token"}),
        content_type="application/json",
        headers={"Saleor-Api-Url": api_url},
        REMOTE_ADDR=address,
    )


def _assert_rate_limited(response) -> None:
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMITED"
    assert int(response["Retry-After"]) >= 1
    assert Tenant.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_attempts_for_one_saleor_are_limited_from_any_address(client, db, settings):
    settings.REGISTER_RATE_LIMIT_PER_HOUR = 2
    answers = [_register(client, REFUSED_SALEOR, address=f"203.0.113.{n}") for n in range(1, 4)]
    assert [a.status_code for a in answers[:2]] == [403, 403]
    _assert_rate_limited(answers[2])
    # another Saleor may still try
    assert _register(client, "https://other.example.com/graphql/").status_code == 403


def test_attempts_from_one_address_are_limited_whatever_saleor_they_name(client, db, settings):
    settings.REGISTER_IP_RATE_LIMIT_PER_HOUR = 2
    answers = [
        _register(client, f"https://shop{n}.example.com/graphql/", address="203.0.113.7")
        for n in range(3)
    ]
    assert [a.status_code for a in answers[:2]] == [403, 403]
    _assert_rate_limited(answers[2])
    # another address may still try
    assert _register(client, REFUSED_SALEOR, address="203.0.113.8").status_code == 403
