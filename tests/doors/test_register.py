"""``POST /api/register`` fed garbage: bodies that are not ``{"auth_token": "…"}``, tokens of
garbage (NUL, lone surrogates, bidi overrides, control characters) sent from the fake Saleor's
own URL, Saleor-Api-Url headers of garbage or of a Saleor not allowed, hostile Saleor-Domain
and schema version headers. Each is refused with a 4xx ``{"error": {code, message}}`` and
nothing is written: the request is unsigned, so only a token Saleor confirms may install."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.fixtures.contract import install_request
from tests.fixtures.doors import post
from tests.fixtures.garbage import (
    assert_json_error,
    bodies,
    header_values,
    hostile_text,
    json_bytes,
    json_values,
)
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.writes import nothing_written

CAPTURED = install_request("02-register.json")
PATH = CAPTURED["path"]


@pytest.fixture
def saleor(transactional_db, fake_saleor):
    return fake_saleor


def _headers(api_url: str, domain: str = "", version: str = "3.23") -> dict[str, str]:
    return {"Saleor-Api-Url": api_url, "Saleor-Domain": domain, "Saleor-Schema-Version": version}


@door_settings()
@given(
    body=st.one_of(
        bodies(valid=CAPTURED["body"].encode()),
        st.dictionaries(hostile_text, json_values, max_size=3).map(json_bytes),
        json_values.map(lambda token: json_bytes({"auth_token": token})),
    ),
    domain=header_values(),
    version=header_values(),
)
def test_a_body_that_is_no_installation_is_refused(client, saleor, body, domain, version):
    # The fake Saleor confirms exactly one token.
    assume(saleor.app_token.encode() not in body)
    with nothing_written():
        response = post(client, PATH, body, _headers(saleor.url, domain, version))
    assert_json_error(response)


@door_settings()
@given(
    api_url=st.one_of(
        header_values(),
        st.sampled_from(
            [
                "http://evil.example/graphql/",
                "http://127.0.0.1.evil.example/graphql/",
                "file:///etc/passwd",
                "http://[::1/graphql/",
                "http://127.0.0.1:99999/graphql/",
                "http://127.0.0.1:8000/graphql/\r\nX: y",
                "javascript:alert(1)",
            ]
        ),
    ),
)
def test_a_saleor_that_is_not_allowed_is_refused(client, saleor, api_url):
    body = json_bytes({"auth_token": saleor.app_token})
    with nothing_written():
        response = post(client, PATH, body, _headers(api_url))
    assert_json_error(response)


# Tokens no Saleor issues; the fake answers every one with "invalid token".
garbage_tokens = st.one_of(
    hostile_text.filter(bool),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "\u202etoken", "tok\r\nen", "t" * 5_000]),
)


@door_settings()
@given(token=garbage_tokens)
def test_a_token_saleor_does_not_confirm_is_refused(client, saleor, token):
    assume(token != saleor.app_token)
    body = json.dumps({"auth_token": token}).encode()
    with nothing_written():
        response = post(client, PATH, body, _headers(saleor.url))
    assert_json_error(response)


# Regressions: each of these answered 500 before.


@pytest.mark.parametrize("api_url", ["A://[", "http://[::1/graphql/", "http://127.0.0.1:x/g/"])
def test_a_saleor_api_url_that_cannot_be_split_is_invalid(client, saleor, api_url):
    # urlsplit raised ValueError for the unclosed "[".
    body = json_bytes({"auth_token": saleor.app_token})
    with nothing_written():
        response = post(client, PATH, body, _headers(api_url))
    assert assert_json_error(response, statuses=range(400, 401))["code"] == "INVALID_SALEOR_URL"


@pytest.mark.parametrize("token", ["Ā", "tab\tx", "tok\r\nen", "to ken", "t" * 1_025])
def test_a_token_no_http_header_can_carry_is_rejected_unsent(client, saleor, token):
    # http.client could not encode it for the Authorization header sent to Saleor.
    with nothing_written():
        response = post(client, PATH, json_bytes({"auth_token": token}), _headers(saleor.url))
    assert assert_json_error(response, statuses=range(403, 404))["code"] == "TOKEN_REJECTED"
    assert saleor.count() == 0


def test_a_body_nested_past_the_recursion_limit_is_invalid(client, saleor):
    with nothing_written():
        response = post(client, PATH, b"[" * 5_000 + b"]" * 5_000, _headers(saleor.url))
    assert assert_json_error(response, statuses=range(400, 401))["code"] == "INVALID_BODY"
