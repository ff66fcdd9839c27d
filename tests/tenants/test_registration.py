"""Installation: Saleor's captured POST to /api/register replayed against a fake Saleor."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.core.crypto import decrypt_secret
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_add, tenant_refresh_jwks
from tests.fixtures.contract import install_request, jwks, scenario
from tests.fixtures.deliveries import LocalSigner, django_client_headers
from tests.fixtures.fake_saleor import (
    APP_ID,
    APP_TOKEN,
    JWKS_PATH,
    global_id,
    unused_port,
)

CAPTURED = install_request("02-register.json")
# What an HTTP client sets itself; the rest is replayed as Saleor sent it.
_TRANSPORT_HEADERS = {"Host", "Content-Length", "Content-Type", "Connection", "Accept-Encoding"}


def _register(client, api_url: str | None, body: str | bytes = CAPTURED["body"]):
    headers = {k: v for k, v in CAPTURED["headers"].items() if k not in _TRANSPORT_HEADERS}
    if api_url is None:
        headers.pop("Saleor-Api-Url")
    else:
        headers["Saleor-Api-Url"] = api_url
    return client.post(
        CAPTURED["path"],
        data=body,
        content_type=CAPTURED["headers"]["Content-Type"],
        **django_client_headers(headers),
    )


def _nothing_stored() -> None:
    assert Tenant.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert Location.objects.count() == 0
    assert Order.objects.count() == 0


def _install(client, django_capture_on_commit_callbacks, api_url: str, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return _register(client, api_url, **kwargs)


def test_the_captured_installation_registers_the_tenant(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    # given Saleor's captured registration request, sent by the fake Saleor's URL
    token = json.loads(CAPTURED["body"])["auth_token"]
    assert token == fake_saleor.app_token == APP_TOKEN
    # when it reaches /api/register
    response = _install(client, django_capture_on_commit_callbacks, fake_saleor.url)
    # then the installation is accepted
    assert response.status_code == 200
    assert response.json() == {"success": True}
    # and the tenant is stored with the app id Saleor confirmed for that token
    tenant = Tenant.objects.get()
    assert tenant.saleor_api_url == fake_saleor.url
    assert tenant.saleor_app_id == APP_ID
    assert tenant.saleor_domain == CAPTURED["headers"]["Saleor-Domain"]
    assert tenant.name == "Saleor e-commerce"
    assert tenant.saleor_version == "3.23.28"
    assert tenant.is_active is True
    # and the token is kept encrypted, never as plain text
    stored = Tenant.objects.values_list("token_encrypted", flat=True).get()
    assert token not in stored
    assert decrypt_secret(stored) == token
    # and Saleor's signing keys are cached
    assert tenant.jwks == jwks()
    assert tenant.jwks_fetched_at is not None
    assert fake_saleor.count(JWKS_PATH, method="GET") == 1
    # and the token was proved by asking Saleor with it
    [identity] = fake_saleor.graphql_requests("OmsAppIdentity")
    assert identity.headers["Authorization"] == f"Bearer {token}"
    # and the installation is in the audit log, by Saleor
    installed = AuditEvent.objects.get(verb="tenant.installed")
    assert installed.tenant_id == tenant.pk
    assert installed.actor_type == "saleor"
    assert installed.data["saleor_app_id"] == APP_ID
    # and the initial import brought the five locations with coordinates and every order
    by_slug = {w["slug"]: w for w in scenario()["warehouses"]}
    locations = list(Location.objects.filter(tenant=tenant))
    assert sorted(location.slug for location in locations) == sorted(by_slug)
    for location in locations:
        assert (location.latitude, location.longitude) == (
            by_slug[location.slug]["lat"],
            by_slug[location.slug]["lng"],
        )
        assert location.is_deleted is False
    assert set(Order.objects.filter(tenant=tenant).values_list("saleor_id", flat=True)) == {
        order["id"] for order in fake_saleor.orders
    }
    assert Order.objects.count() == 25
    assert AuditEvent.objects.filter(verb="tenant.imported", tenant=tenant).count() == 1


def test_reinstalling_replaces_the_token_and_keeps_one_tenant(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    # given an installed app
    _install(client, django_capture_on_commit_callbacks, fake_saleor.url)
    first = Tenant.objects.get()
    # and Saleor installing it again: a new app with a new token (the old one is gone)
    new_app_id = global_id("App", 18)
    fake_saleor.revoke_token(APP_TOKEN)
    fake_saleor.add_app("new-token-after-reinstall", new_app_id)
    # when the new registration arrives
    response = _install(
        client,
        django_capture_on_commit_callbacks,
        fake_saleor.url,
        body=json.dumps({"auth_token": "new-token-after-reinstall"}),
    )
    # then it is accepted into the same tenant, with the new token and app id
    assert response.status_code == 200
    tenant = Tenant.objects.get()
    assert tenant.pk == first.pk
    assert decrypt_secret(tenant.token_encrypted) == "new-token-after-reinstall"
    assert tenant.saleor_app_id == new_app_id
    assert list(
        AuditEvent.objects.filter(verb__startswith="tenant.installed").values_list(
            "verb", flat=True
        )
    ) == ["tenant.installed"]
    assert AuditEvent.objects.filter(verb="tenant.reinstalled").count() == 1
    # and the import ran again without duplicating anything
    assert Location.objects.count() == 5
    assert Order.objects.count() == 25


def test_an_installation_from_a_saleor_not_allowed_is_refused(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    # when a Saleor outside ALLOWED_SALEOR_URLS registers
    response = _install(
        client, django_capture_on_commit_callbacks, "https://shop.example.com/graphql/"
    )
    # then it is refused with a message the merchant sees, and nothing is stored
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "SALEOR_URL_NOT_ALLOWED"
    assert (
        "does not accept installations from https://shop.example.com/graphql/" in error["message"]
    )
    _nothing_stored()


@pytest.mark.parametrize(
    "api_url, status, code",
    [
        # the glob's `*` must not reach past the host: the host here is attacker.example
        ("https://attacker.example/.saleor.cloud/graphql/", 403, "SALEOR_URL_NOT_ALLOWED"),
        # user info: the host of this URL is attacker.example, not 127.0.0.1
        ("http://127.0.0.1:1@attacker.example/graphql/", 400, "INVALID_SALEOR_URL"),
        ("ftp://127.0.0.1:8000/graphql/", 400, "INVALID_SALEOR_URL"),
    ],
)
def test_urls_that_only_look_allowed_are_refused(
    client, db, settings, api_url, status, code, django_capture_on_commit_callbacks
):
    # given the patterns an operator would write (the README's Saleor Cloud one, a local one)
    settings.ALLOWED_SALEOR_URLS = [
        "https://*.saleor.cloud/graphql/",
        "http://127.0.0.1:*/graphql/",
    ]
    settings.SALEOR_MAX_RETRIES = 0
    # when a registration names a URL that matches only as text
    response = _install(client, django_capture_on_commit_callbacks, api_url)
    # then it is refused before any request leaves, and nothing is stored
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    _nothing_stored()


def test_a_token_saleor_rejects_is_refused(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    # given a registration whose token Saleor does not know (forged, or from another install)
    body = json.dumps({"auth_token": "forged-token"})
    # when it arrives
    response = _install(client, django_capture_on_commit_callbacks, fake_saleor.url, body=body)
    # then it is refused with a message, after one question to Saleor, and nothing is stored
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "TOKEN_REJECTED"
    assert "did not accept the app token" in error["message"]
    assert len(fake_saleor.graphql_requests("OmsAppIdentity")) == 1
    assert fake_saleor.count(JWKS_PATH) == 0
    _nothing_stored()


def test_an_unreachable_saleor_is_refused(client, db, settings, django_capture_on_commit_callbacks):
    # given a Saleor URL nothing answers at
    settings.SALEOR_MAX_RETRIES = 1
    url = f"http://127.0.0.1:{unused_port()}/graphql/"
    # when its registration arrives
    response = _install(client, django_capture_on_commit_callbacks, url)
    # then it is refused with a message naming the URL, and nothing is stored
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "SALEOR_UNREACHABLE"
    assert url in error["message"]
    _nothing_stored()


def test_saleor_failing_with_5xx_is_refused(
    client, db, settings, fake_saleor, django_capture_on_commit_callbacks
):
    # given a Saleor that keeps answering 503
    settings.SALEOR_MAX_RETRIES = 0
    fake_saleor.fail_next(5, status=503)
    # when its registration arrives
    response = _install(client, django_capture_on_commit_callbacks, fake_saleor.url)
    # then it is refused and nothing is stored
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "SALEOR_UNREACHABLE"
    _nothing_stored()


def test_unusable_signing_keys_are_refused(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    # given a Saleor whose JWKS endpoint fails
    fake_saleor.fail_next(1, status=500, path=JWKS_PATH)
    # when its registration arrives
    response = _install(client, django_capture_on_commit_callbacks, fake_saleor.url)
    # then it is refused: webhooks could never be verified
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "JWKS_UNAVAILABLE"
    _nothing_stored()


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"token": "R6Qp"}', b'{"auth_token": 12}'],
    ids=["empty", "not-json", "list", "wrong-key", "not-a-string"],
)
def test_a_malformed_body_is_refused(
    client, db, fake_saleor, body, django_capture_on_commit_callbacks
):
    response = _install(client, django_capture_on_commit_callbacks, fake_saleor.url, body=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"
    assert fake_saleor.count() == 0
    _nothing_stored()


def test_an_empty_token_is_refused(client, db, fake_saleor, django_capture_on_commit_callbacks):
    response = _install(
        client, django_capture_on_commit_callbacks, fake_saleor.url, body='{"auth_token": ""}'
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MISSING_TOKEN"
    assert fake_saleor.count() == 0
    _nothing_stored()


def test_a_registration_without_saleor_api_url_is_refused(
    client, db, fake_saleor, django_capture_on_commit_callbacks
):
    response = _install(client, django_capture_on_commit_callbacks, None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_SALEOR_URL"
    assert fake_saleor.count() == 0
    _nothing_stored()


def test_register_only_accepts_post(client, db):
    assert client.get("/api/register").status_code == 405
    _nothing_stored()


# -- JWKS refresh ---------------------------------------------------------------------------


@pytest.fixture
def stale_keys_tenant(db, fake_saleor):
    """A tenant of the fake Saleor holding keys Saleor no longer uses, fetched long ago."""
    tenant = tenant_add(
        api_url=fake_saleor.url,
        token=fake_saleor.app_token,
        jwks=LocalSigner.generate("rotated-away").jwks(),
        app_id=APP_ID,
        run_import=False,
    )
    Tenant.objects.filter(pk=tenant.pk).update(jwks_fetched_at=timezone.now() - timedelta(hours=1))
    return tenant


def test_refreshing_jwks_twice_within_the_interval_fetches_once(fake_saleor, stale_keys_tenant):
    # when two workers see an unknown key id one after the other
    first = tenant_refresh_jwks(tenant_id=stale_keys_tenant.pk)
    second = tenant_refresh_jwks(tenant_id=stale_keys_tenant.pk)
    # then Saleor was asked once, and the tenant holds its current keys
    assert fake_saleor.count(JWKS_PATH, method="GET") == 1
    assert first is not None and second is None
    stale_keys_tenant.refresh_from_db()
    assert stale_keys_tenant.jwks == jwks()
    rotated = AuditEvent.objects.get(verb="tenant.jwks_rotated")
    assert rotated.data == {"kids": [key["kid"] for key in jwks()["keys"]]}


def test_refreshing_jwks_after_the_interval_fetches_again(fake_saleor, stale_keys_tenant, settings):
    # given a refresh that already happened
    tenant_refresh_jwks(tenant_id=stale_keys_tenant.pk)
    # when the interval has passed
    Tenant.objects.filter(pk=stale_keys_tenant.pk).update(
        jwks_fetched_at=timezone.now() - timedelta(seconds=settings.JWKS_REFETCH_MIN_SECONDS + 1)
    )
    refreshed = tenant_refresh_jwks(tenant_id=stale_keys_tenant.pk)
    # then Saleor is asked again; unchanged keys are not a rotation
    assert refreshed is not None
    assert fake_saleor.count(JWKS_PATH, method="GET") == 2
    assert AuditEvent.objects.filter(verb="tenant.jwks_rotated").count() == 1


def test_a_failed_jwks_refresh_keeps_the_old_keys(fake_saleor, stale_keys_tenant):
    # given a Saleor whose JWKS endpoint fails
    old_keys = Tenant.objects.get(pk=stale_keys_tenant.pk).jwks
    fake_saleor.fail_next(1, status=503, path=JWKS_PATH)
    # when a refresh is attempted
    assert tenant_refresh_jwks(tenant_id=stale_keys_tenant.pk) is None
    # then the keys are unchanged and no rotation is recorded
    assert Tenant.objects.get(pk=stale_keys_tenant.pk).jwks == old_keys
    assert not AuditEvent.objects.filter(verb="tenant.jwks_rotated").exists()
    assert fake_saleor.count(JWKS_PATH) == 1
