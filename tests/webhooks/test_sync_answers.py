"""Saleor's synchronous questions: verified like any delivery, answered at once, never stored,
and answered with "no opinion" whenever the OMS cannot answer well."""

from __future__ import annotations

import pytest
import requests

from saleor_oms_plugin.saleor.subscriptions import SYNC_WEBHOOKS
from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.webhooks import sync_answers
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import SYNC_CAPTURE_API_URL, sync_capture, sync_jwks
from tests.fixtures.deliveries import capture_headers, django_client_headers

HOOKS = {hook.event: hook for hook in SYNC_WEBHOOKS}
LIST = "SHIPPING_LIST_METHODS_FOR_CHECKOUT"
FILTER = "CHECKOUT_FILTER_SHIPPING_METHODS"


@pytest.fixture
def sync_tenant(db):
    return tenant_add(
        api_url=SYNC_CAPTURE_API_URL,
        token="t",
        jwks=sync_jwks(),
        app_id="QXBwOjE=",
        run_import=False,
    )


@pytest.fixture
def answerers(monkeypatch):
    """The registry, emptied for the test: what it registers is all there is."""
    registry: dict = {}
    monkeypatch.setattr(sync_answers, "_answerers", registry)
    return registry


def _post(client, event: str, body: bytes | None = None, **headers: str):
    capture = sync_capture(event)
    return client.post(
        f"/api/sync/{HOOKS[event].path}/",
        data=capture.body if body is None else body,
        content_type="application/json",
        **django_client_headers(capture_headers(capture, **headers)),
    )


def test_the_captured_deliveries_are_real_saleor_events_of_their_webhooks():
    for event, hook in HOOKS.items():
        capture = sync_capture(event)
        assert capture.event == event == hook.event


@pytest.mark.parametrize("event", [LIST, FILTER])
def test_without_an_answerer_the_answer_changes_nothing(client, sync_tenant, answerers, event):
    response = _post(client, event)
    assert response.status_code == 200
    assert response.json() == HOOKS[event].no_opinion
    assert response["OMS-Answer"] == "no-opinion"
    assert Delivery.objects.count() == 0  # questions are not stored


def test_the_registered_answerer_gets_the_tenant_and_the_payload(client, sync_tenant, answerers):
    seen = []

    def answer(tenant, payload):
        seen.append((tenant.pk, payload["checkout"]["channel"]["slug"]))
        return {"excluded_methods": [{"id": payload["shippingMethods"][0]["id"], "reason": "no"}]}

    sync_answers.sync_answer_register(FILTER, answer)
    response = _post(client, FILTER)
    assert response.status_code == 200
    assert response["OMS-Answer"] == "answered"
    excluded = response.json()["excluded_methods"]
    assert excluded == [{"id": "U2hpcHBpbmdNZXRob2Q6MjI=", "reason": "no"}]
    assert seen == [(sync_tenant.pk, "live-us-71e878")]


def test_an_answerer_that_fails_gives_no_opinion_not_an_error(client, sync_tenant, answerers):
    def broken(tenant, payload):
        raise KeyError("checkout")

    sync_answers.sync_answer_register(LIST, broken)
    response = _post(client, LIST)
    assert response.status_code == 200
    assert response.json() == []
    assert response["OMS-Answer"] == "no-opinion"


def test_one_answerer_per_event(answerers):
    sync_answers.sync_answer_register(LIST, print)
    sync_answers.sync_answer_register(LIST, print)  # the same one again: fine
    with pytest.raises(ValueError, match="already answered"):
        sync_answers.sync_answer_register(LIST, repr)


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"Saleor-Signature": ""}, 401, "MISSING_SIGNATURE"),
        ({"Saleor-Signature": "abc.def.ghi"}, 401, "INVALID_SIGNATURE"),
        ({"Saleor-Api-Url": "http://127.0.0.1:9999/graphql/"}, 401, "UNKNOWN_TENANT"),
        ({"Saleor-Event": "checkout_filter_shipping_methods"}, 400, "UNEXPECTED_EVENT"),
    ],
)
def test_what_is_not_this_saleors_question_is_refused(
    client, sync_tenant, answerers, headers, status, code
):
    called = []
    sync_answers.sync_answer_register(LIST, lambda tenant, payload: called.append(1) or [])
    response = _post(client, LIST, **headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert called == []


def test_a_changed_byte_breaks_the_signature(client, sync_tenant, answerers):
    body = sync_capture(LIST).body.replace(b'"quantity": 1', b'"quantity": 9')
    assert body != sync_capture(LIST).body
    response = _post(client, LIST, body=body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SIGNATURE"


def test_an_over_large_question_is_refused(client, sync_tenant, answerers, settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 100
    response = _post(client, LIST)
    assert response.status_code == 413


def test_unknown_hooks_and_other_methods_are_refused(client, sync_tenant):
    assert (
        client.post("/api/sync/nope/", data=b"{}", content_type="application/json").status_code
        == 404
    )
    assert client.get(f"/api/sync/{HOOKS[LIST].path}/").status_code == 405


def test_answered_over_real_http(live_server, sync_tenant, answerers):
    # given an answerer, and the captured delivery posted as Saleor posts it
    sync_answers.sync_answer_register(
        LIST,
        lambda tenant, payload: [
            {"id": "oms-standard", "name": "OMS Standard", "amount": "6.50", "currency": "USD"}
        ],
    )
    capture = sync_capture(LIST)
    response = requests.post(
        f"{live_server.url}/api/sync/{HOOKS[LIST].path}/",
        data=capture.body,
        headers=capture_headers(capture),
        timeout=30,
    )
    # then Saleor gets JSON it can read, sized, at once
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()[0]["id"] == "oms-standard"
