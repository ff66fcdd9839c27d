"""Refusals at the webhook edge: each answers a clear error and writes nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import pytest
from django.db import connection

from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import captures
from tests.fixtures.deliveries import (
    LocalSigner,
    capture_headers,
    django_client_headers,
    webhook_path,
)

LOCAL_API_URL = "http://127.0.0.1:8765/graphql/"


def _post(client, path, body: bytes, headers: dict[str, str]):
    return client.post(
        path, data=body, content_type="application/json", **django_client_headers(headers)
    )


def _post_capture(client, capture, body: bytes | None = None, **overrides):
    return _post(
        client,
        webhook_path(capture.event),
        capture.body if body is None else body,
        capture_headers(capture, **overrides),
    )


def _signed(signer: LocalSigner, event: str, body: bytes, api_url: str = LOCAL_API_URL):
    return {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": signer.sign(body),
        "Saleor-Api-Url": api_url,
    }


@pytest.fixture
def signer():
    return LocalSigner.generate()


@pytest.fixture
def local_tenant(db, signer):
    return tenant_add(
        api_url=LOCAL_API_URL, token="t", jwks=signer.jwks(), app_id="QXBwOjk=", run_import=False
    )


def test_an_inactive_tenant_is_refused(client, capture_tenant):
    # given a tenant that uninstalled the app
    Tenant.objects.filter(pk=capture_tenant.pk).update(is_active=False)
    # when Saleor still delivers
    response = _post_capture(client, captures()[0])
    # then the delivery is refused and nothing is stored
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNKNOWN_TENANT"
    assert Delivery.objects.count() == 0


def test_a_delivery_without_signature_is_refused(client, capture_tenant):
    response = _post_capture(client, captures()[0], **{"Saleor-Signature": ""})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "MISSING_SIGNATURE"
    assert Delivery.objects.count() == 0


def test_a_malformed_signature_is_refused(client, capture_tenant):
    response = _post_capture(client, captures()[0], **{"Saleor-Signature": "abc.def.ghi"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SIGNATURE"
    assert Delivery.objects.count() == 0


def test_an_over_large_body_is_refused_before_it_is_read(client, capture_tenant, settings):
    # given a limit below the size of a real delivery
    settings.WEBHOOK_MAX_BODY_BYTES = 1000
    capture = next(c for c in captures() if len(c.body) > 1000)
    # when it is posted
    response = _post_capture(client, capture)
    # then it is refused as too large and nothing is stored
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "BODY_TOO_LARGE"
    assert Delivery.objects.count() == 0


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b"not json", b'"a string"', b"\xff\xfe"])
def test_a_signed_body_that_is_not_a_json_object_is_refused(client, local_tenant, signer, body):
    response = _post(client, "/api/webhooks/orders/", body, _signed(signer, "ORDER_UPDATED", body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"
    assert Delivery.objects.count() == 0


def test_an_event_sent_to_the_wrong_webhook_is_refused(client, capture_tenant):
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    response = _post(client, "/api/webhooks/stock/", capture.body, capture_headers(capture))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "UNEXPECTED_EVENT"
    assert Delivery.objects.count() == 0


def test_a_payload_of_another_event_than_its_header_is_refused(client, capture_tenant):
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    response = _post_capture(client, capture, **{"Saleor-Event": "order_cancelled"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"
    assert Delivery.objects.count() == 0


def test_an_unknown_webhook_path_is_not_found(client, capture_tenant):
    capture = captures()[0]
    response = _post(client, "/api/webhooks/nothing/", capture.body, capture_headers(capture))
    assert response.status_code == 404


def test_app_deleted_deactivates_the_tenant_and_later_deliveries_are_refused(
    client, local_tenant, signer, django_capture_on_commit_callbacks
):
    # given an installed tenant
    body = json.dumps(
        {
            "__typename": "AppDeleted",
            "issuedAt": "2026-11-23T08:00:00+00:00",
            "version": "3.23.28",
            "app": {"id": "QXBwOjk="},
        }
    ).encode()
    # when Saleor reports the app deleted
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "/api/webhooks/app/", body, _signed(signer, "APP_DELETED", body))
    # then the tenant is inactive, its token forgotten, and its next delivery refused
    assert response.status_code == 200
    local_tenant.refresh_from_db()
    assert (local_tenant.is_active, local_tenant.token_encrypted) == (False, "")
    later = json.dumps({"__typename": "OrderUpdated", "issuedAt": "2026-11-23T08:01:00+00:00"})
    refused = _post(
        client,
        "/api/webhooks/orders/",
        later.encode(),
        _signed(signer, "ORDER_UPDATED", later.encode()),
    )
    assert refused.status_code == 401


def test_app_deleted_for_another_app_changes_nothing(
    client, local_tenant, signer, django_capture_on_commit_callbacks
):
    body = json.dumps(
        {"__typename": "AppDeleted", "issuedAt": "2026-11-23T08:00:00+00:00", "app": {"id": "X"}}
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "/api/webhooks/app/", body, _signed(signer, "APP_DELETED", body))
    local_tenant.refresh_from_db()
    assert local_tenant.is_active


class _JwksServer(BaseHTTPRequestHandler):
    jwks: dict = {}
    hits = 0

    def do_GET(self):  # noqa: N802
        type(self).hits += 1
        body = json.dumps(self.jwks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_rotated_key_is_fetched_once_and_then_accepted(client, db, settings):
    # given a tenant that knows only Saleor's old key, and Saleor now signing with a new one
    old, new = LocalSigner.generate("old"), LocalSigner.generate("new")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _JwksServer)
    _JwksServer.jwks, _JwksServer.hits = new.jwks(), 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api_url = f"http://127.0.0.1:{server.server_port}/graphql/"
    tenant = tenant_add(api_url=api_url, token="t", jwks=old.jwks(), run_import=False)
    Tenant.objects.filter(pk=tenant.pk).update(jwks_fetched_at=None)
    body = b'{"__typename": "OrderUpdated", "issuedAt": "2026-11-23T08:00:00+00:00"}'
    try:
        # when two deliveries signed with the new key arrive
        first = _post(
            client, "/api/webhooks/orders/", body, _signed(new, "ORDER_UPDATED", body, api_url)
        )
        second_body = body.replace(b"08:00", b"08:01")
        second = _post(
            client,
            "/api/webhooks/orders/",
            second_body,
            _signed(new, "ORDER_UPDATED", second_body, api_url),
        )
        # and a forged one with a key nobody published
        forged = _post(
            client,
            "/api/webhooks/orders/",
            body,
            _signed(LocalSigner.generate("forged"), "ORDER_UPDATED", body, api_url),
        )
    finally:
        server.shutdown()
    # then the new keys were fetched once, both deliveries accepted, the forgery refused
    assert (first.status_code, second.status_code, forged.status_code) == (200, 200, 401)
    assert _JwksServer.hits == 1
    tenant.refresh_from_db()
    assert [key["kid"] for key in tenant.jwks["keys"]] == ["new"]


@pytest.mark.django_db(transaction=True)
def test_a_good_delivery_that_cannot_be_stored_gets_a_5xx_and_is_stored_on_retry(client):
    # given a tenant, and the inbox table locked by another connection (database trouble)
    from tests.fixtures.tenants import make_capture_tenant

    make_capture_tenant()
    capture = captures()[0]
    dsn = connection.get_connection_params()
    locker = psycopg.connect(
        dbname=dsn["dbname"], user=dsn.get("user"), host=dsn.get("host"), port=dsn.get("port")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '200ms'")
    try:
        locker.execute("LOCK TABLE oms_webhooks_delivery IN ACCESS EXCLUSIVE MODE")
        # when Saleor delivers
        refused = _post_capture(client, capture)
    finally:
        locker.rollback()
        locker.close()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    # then it is told to retry (5xx) and nothing was stored
    assert refused.status_code == 503
    assert Delivery.objects.count() == 0
    # and Saleor's retry is accepted once the database is back
    retried = _post_capture(client, capture)
    assert retried.status_code == 200
    assert Delivery.objects.count() == 1


# Transactional: the view runs in autocommit, where a refused INSERT fails on its own (inside a
# test's wrapping transaction it would abort that transaction, and deferred foreign keys would
# only be checked at its end).
@pytest.mark.django_db(transaction=True)
def test_a_signed_body_the_database_cannot_store_is_refused(client, local_tenant, signer):
    # given a signed JSON object holding a NUL character, which PostgreSQL's jsonb refuses
    body = b'{"__typename": "OrderUpdated", "note": "a\\u0000b"}'
    # when it is delivered
    response = _post(client, "/api/webhooks/orders/", body, _signed(signer, "ORDER_UPDATED", body))
    # then it is refused as a bad body, not a server error, and nothing is stored
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"
    assert Delivery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_tenant_removed_while_cached_is_refused_not_a_server_error(
    client, local_tenant, signer, settings
):
    # given a web process that cached the tenant, which another process then deleted
    from saleor_oms_plugin.tenants.selectors import tenant_cache_forget, tenant_get_active_cached

    settings.TENANT_CACHE_SECONDS = 60
    tenant_cache_forget()
    assert tenant_get_active_cached(api_url=LOCAL_API_URL) is not None
    Tenant.objects.filter(pk=local_tenant.pk).delete()
    body = b'{"__typename": "OrderUpdated", "issuedAt": "2026-11-23T08:00:00+00:00"}'
    try:
        # when a delivery for it arrives
        response = _post(
            client, "/api/webhooks/orders/", body, _signed(signer, "ORDER_UPDATED", body)
        )
    finally:
        tenant_cache_forget()
    # then it is refused as an unknown tenant
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNKNOWN_TENANT"
    assert Delivery.objects.count() == 0
