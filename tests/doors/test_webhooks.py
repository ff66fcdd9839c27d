"""``POST /api/webhooks/<group>/`` fed garbage: forged, replayed, altered or missing signatures,
another tenant's key, unknown tenants and events, and bodies signed by the tenant's own key
that are no delivery at all. Each is refused with a 4xx ``{"error": {code, message}}`` and
nothing is written."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from saleor_oms_plugin.saleor.subscriptions import TYPE_NAME_TO_EVENT, WEBHOOK_GROUPS
from tests.fixtures.contract import CAPTURE_API_URL, captures
from tests.fixtures.deliveries import LocalSigner, capture_headers, webhook_path
from tests.fixtures.doors import SIGNING_API_URL, jwks_fetched_just_now, post, signing_tenant
from tests.fixtures.garbage import (
    altered_signature,
    assert_json_error,
    b64url,
    bodies,
    forged_signatures,
    header_values,
    no_deliveries,
)
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

SIGNER = LocalSigner.generate("doors-key")
EVENTS = sorted(event for group in WEBHOOK_GROUPS for event in group.events)


@pytest.fixture
def tenants(transactional_db):
    capture_tenant = make_capture_tenant()
    jwks_fetched_just_now(capture_tenant)
    return capture_tenant, signing_tenant(SIGNER)


@st.composite
def forged_deliveries(draw):
    """A request whose signature is not the named tenant's over this body."""
    capture = draw(st.sampled_from(captures()))
    body = draw(bodies(valid=capture.body))
    kind = draw(
        st.sampled_from(
            ["missing", "hostile", "forged", "replayed", "altered", "other-key", "another"]
        )
    )
    signature = {
        "missing": lambda: "",
        "hostile": lambda: draw(header_values()),
        "forged": lambda: draw(forged_signatures),
        # A real signature sent again with another body (a replay onto altered bytes).
        "replayed": lambda: capture.headers["Saleor-Signature"],
        "altered": lambda: altered_signature(
            capture.headers["Saleor-Signature"], draw(st.integers(0))
        ),
        # Signed, but by the other tenant's key (its Saleor-Api-Url is the captured one).
        "other-key": lambda: SIGNER.sign(body),
        "another": lambda: draw(st.sampled_from(captures())).headers["Saleor-Signature"],
    }[kind]()
    if kind in {"replayed", "another"}:
        assume(body != capture.body)
    api_url = draw(st.sampled_from([CAPTURE_API_URL, CAPTURE_API_URL, SIGNING_API_URL, ""]))
    if kind == "other-key":
        api_url = CAPTURE_API_URL
    event = draw(st.one_of(st.just(capture.event.lower()), header_values()))
    path = draw(
        st.one_of(
            st.just(webhook_path(capture.event)),
            st.sampled_from([f"/api/webhooks/{group.path}/" for group in WEBHOOK_GROUPS]),
        )
    )
    headers = {"Saleor-Event": event, "Saleor-Signature": signature, "Saleor-Api-Url": api_url}
    return path, body, headers


@door_settings()
@given(delivery=forged_deliveries())
def test_a_delivery_not_signed_by_its_tenant_is_refused(client, tenants, delivery):
    path, body, headers = delivery
    with nothing_written():
        response = post(client, path, body, headers)
    error = assert_json_error(response)
    assert error["code"] in {
        "UNKNOWN_TENANT",
        "MISSING_SIGNATURE",
        "INVALID_SIGNATURE",
        "BODY_TOO_LARGE",
    }


@door_settings()
@given(
    body=no_deliveries(sorted(TYPE_NAME_TO_EVENT)),
    event=st.sampled_from(EVENTS),
)
def test_garbage_signed_by_the_tenant_is_refused(client, tenants, body, event):
    # A body with the event's own typename may well be a delivery (stored for processing).
    typename = _typename(body)
    assume(not (isinstance(typename, str) and TYPE_NAME_TO_EVENT.get(typename) == event))
    headers = {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": SIGNER.sign(body),
        "Saleor-Api-Url": SIGNING_API_URL,
    }
    with nothing_written():
        response = post(client, webhook_path(event), body, headers)
    error = assert_json_error(response)
    assert error["code"] in {"INVALID_BODY", "UNEXPECTED_EVENT", "BODY_TOO_LARGE"}


def _typename(body: bytes):
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return value.get("__typename") if isinstance(value, dict) else None


def test_an_oversized_delivery_is_refused_before_its_signature(client, tenants, settings):
    capture = captures()[0]
    body = b" " * (settings.WEBHOOK_MAX_BODY_BYTES + 1)
    with nothing_written():
        response = post(client, webhook_path(capture.event), body, capture_headers(capture))
    assert assert_json_error(response, statuses=range(413, 414))["code"] == "BODY_TOO_LARGE"


# Regressions: each of these answered 500 (or stored the body) before.


def _signed_post(client, body: bytes, event: str = "ORDER_CREATED", signature: str | None = None):
    headers = {
        "Saleor-Event": event.lower(),
        "Saleor-Signature": SIGNER.sign(body) if signature is None else signature,
        "Saleor-Api-Url": SIGNING_API_URL,
    }
    return post(client, webhook_path(event), body, headers)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # A __typename that is a list or an object could not be looked up (TypeError).
        (b'{"__typename": ["OrderCreated"]}', "__typename is not a string"),
        (b'{"__typename": {"a": 1}}', "__typename is not a string"),
        # Nesting past the recursion limit (RecursionError).
        (b"[" * 5_000 + b"]" * 5_000, "the body is nested deeper than 64 levels"),
        # Numbers no column holds were stored.
        (b'{"order": {"n": 1e309}}', "the body holds a number out of range"),
        (b'{"order": {"n": ' + b"9" * 400 + b"}}", "the body holds a number out of range"),
        (b'{"order": {"n": NaN}}', "the body holds NaN, which is not a JSON number"),
        (
            b'{"order": {"note": "\\u0000"}}',
            "the body holds U+0000 or a lone surrogate in a string",
        ),
        (
            b'{"order": {"note": "\\ud800"}}',
            "the body holds U+0000 or a lone surrogate in a string",
        ),
    ],
)
def test_a_signed_body_that_is_no_delivery_is_refused(client, tenants, body, message):
    with nothing_written():
        response = _signed_post(client, body)
    error = assert_json_error(response, statuses=range(400, 401))
    assert (error["code"], error["message"]) == ("INVALID_BODY", message)


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "RS256", "b64": False, "crit": 5, "kid": "doors-key"},
        {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": ["doors-key"]},
        {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": {"a": 1}},
    ],
)
def test_a_jws_header_of_the_wrong_shape_is_an_invalid_signature(client, tenants, header):
    # A crit that is no list or a key id that is no string raised TypeError.
    forged = f"{b64url(json.dumps(header).encode())}..c2ln"
    with nothing_written():
        response = _signed_post(client, b"{}", signature=forged)
    assert assert_json_error(response, statuses=range(401, 402))["code"] == "INVALID_SIGNATURE"


def test_a_jws_header_nested_past_the_recursion_limit_is_an_invalid_signature(client, tenants):
    forged = f"{b64url(b'[' * 3_000)}..c2ln"
    with nothing_written():
        response = _signed_post(client, b"{}", signature=forged)
    assert assert_json_error(response, statuses=range(401, 402))["code"] == "INVALID_SIGNATURE"
