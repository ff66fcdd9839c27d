"""``POST /api/sync/<hook>/`` fed garbage: Saleor's synchronous checkout questions with forged,
replayed or altered signatures, bodies signed by the tenant's own key that are no question at
all, and questions of the right type whose contents are garbage. Refusals are 4xx
``{"error": {code, message}}``; a question of the right type is answered (200, at worst the
no-opinion answer); nothing is ever written."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from saleor_oms_plugin.saleor.subscriptions import SYNC_TYPE_NAME_TO_EVENT, SYNC_WEBHOOKS
from saleor_oms_plugin.tenants.services import tenant_add
from tests.fixtures.contract import SYNC_CAPTURE_API_URL, sync_capture, sync_jwks
from tests.fixtures.deliveries import LocalSigner, capture_headers
from tests.fixtures.doors import SIGNING_API_URL, jwks_fetched_just_now, post, signing_tenant
from tests.fixtures.garbage import (
    altered_signature,
    assert_json_error,
    bodies,
    forged_signatures,
    header_values,
    json_bytes,
    json_values,
    no_deliveries,
)
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.writes import nothing_written

SIGNER = LocalSigner.generate("doors-sync-key")
PATHS = {hook.event: f"/api/sync/{hook.path}/" for hook in SYNC_WEBHOOKS}
TYPE_OF = {event: type_name for type_name, event in SYNC_TYPE_NAME_TO_EVENT.items()}


@pytest.fixture
def tenants(transactional_db):
    captured = tenant_add(
        api_url=SYNC_CAPTURE_API_URL,
        token="t",
        jwks=sync_jwks(),
        app_id="QXBwOjE=",
        run_import=False,
    )
    jwks_fetched_just_now(captured)
    return captured, signing_tenant(SIGNER)


@st.composite
def forged_questions(draw):
    capture = sync_capture(draw(st.sampled_from(sorted(PATHS))))
    body = draw(bodies(valid=capture.body))
    signature = draw(
        st.one_of(
            st.just(""),
            header_values(),
            forged_signatures,
            st.just(capture.headers["Saleor-Signature"]),
            st.integers(0).map(
                lambda at: altered_signature(capture.headers["Saleor-Signature"], at)
            ),
        )
    )
    assume(body != capture.body)
    headers = capture_headers(capture, **{"Saleor-Signature": signature})
    headers["Saleor-Api-Url"] = draw(st.sampled_from([SYNC_CAPTURE_API_URL, ""]))
    headers["Saleor-Event"] = draw(st.one_of(st.just(capture.event.lower()), header_values()))
    return PATHS[capture.event], body, headers


@door_settings()
@given(question=forged_questions())
def test_a_question_not_signed_by_its_tenant_is_refused(client, tenants, question):
    path, body, headers = question
    with nothing_written():
        response = post(client, path, body, headers)
    error = assert_json_error(response)
    assert error["code"] in {"UNKNOWN_TENANT", "MISSING_SIGNATURE", "INVALID_SIGNATURE"}


def _signed(event: str, body: bytes) -> dict[str, str]:
    return {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": SIGNER.sign(body),
        "Saleor-Api-Url": SIGNING_API_URL,
    }


def _type_name(body: bytes):
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return value.get("__typename") if isinstance(value, dict) else None


@door_settings()
@given(event=st.sampled_from(sorted(PATHS)), body=no_deliveries(sorted(TYPE_OF.values())))
def test_garbage_signed_by_the_tenant_is_refused(client, tenants, event, body):
    # A body of the question's own type is a question (answered in the next test).
    assume(_type_name(body) != TYPE_OF[event])
    with nothing_written():
        response = post(client, PATHS[event], body, _signed(event, body))
    assert assert_json_error(response)["code"] == "INVALID_BODY"


@st.composite
def garbage_questions(draw):
    """A question of the right type whose contents are anything at all."""
    event = draw(st.sampled_from(sorted(PATHS)))
    captured = json.loads(sync_capture(event).body)
    contents = draw(
        st.one_of(
            st.dictionaries(st.sampled_from(sorted(captured)), json_values, max_size=4),
            st.fixed_dictionaries(
                {
                    "checkout": st.dictionaries(
                        st.sampled_from(sorted(captured.get("checkout") or {"id": 0})),
                        json_values,
                        max_size=6,
                    )
                }
            ),
        )
    )
    return event, json_bytes({**contents, "__typename": TYPE_OF[event]})


@door_settings()
@given(question=garbage_questions())
def test_a_question_of_garbage_is_answered_and_writes_nothing(client, tenants, question):
    event, body = question
    with nothing_written():
        response = post(client, PATHS[event], body, _signed(event, body))
    if response.status_code != 200:
        assert_json_error(response)
        return
    assert response["OMS-Answer"] in {"answered", "no-opinion"}
    json.loads(response.content)
