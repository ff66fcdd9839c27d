"""``/graphql/`` fed garbage: bodies that are not JSON or not a request, requests whose fields
have the wrong types, documents that are not GraphQL or hold NUL, lone surrogates, numbers out
of range or nesting past any limit, mutations sent with GET, and orderImportCsv (the GraphQL
capture door) with files of garbage, another tenant's source or none. Never a 5xx, every
error carries a code, and nothing is written."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.capture.csv_rows import COLUMNS
from saleor_oms_plugin.tenants.models import ApiKey
from tests.fixtures.capture_sources import make_capture_source
from tests.fixtures.doors import post
from tests.fixtures.garbage import (
    NASTY_CHARACTERS,
    NASTY_JSON_TEXTS,
    assert_graphql_errors,
    bodies,
    hostile_text,
    json_bytes,
    json_values,
)
from tests.fixtures.graphql import make_api_key
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

CSV_IMPORT = """
mutation Csv($source: String!, $csv: String!) {
  orderImportCsv(source: $source, csv: $csv) {
    results { externalReference outcome errors { field code } }
    errors { field code message }
  }
}
"""
VALID = json_bytes({"query": CSV_IMPORT, "variables": {"source": "phone", "csv": "sku\n"}})


@pytest.fixture
def api_key(transactional_db):
    """A MANAGE_ORDERS key of a tenant with a capture source ``phone``; another tenant owns
    ``bravo``."""
    alpha = make_capture_tenant()
    bravo = make_capture_tenant(api_url="http://127.0.0.1:8767/graphql/", app_id="QXBwOjg=")
    for tenant, code in ((alpha, "phone"), (bravo, "bravo")):
        make_capture_source(tenant, code)
    key = make_api_key(alpha, ["MANAGE_ORDERS"])
    # A key is touched at most once a minute: this one counts as used (the property is about
    # what a request's contents write, and a run may outlast a minute).
    ApiKey.objects.update(last_used_at=timezone.now() + timedelta(hours=1))
    return key


def _post(client, body: bytes, api_key: str | None = None):
    headers = {"X-Api-Key": api_key} if api_key else {}
    return post(client, "/graphql/", body, headers)


requests_of_wrong_shape = st.one_of(
    json_values.map(json_bytes),
    st.fixed_dictionaries(
        {},
        optional={"query": json_values, "variables": json_values, "operationName": json_values},
    ).map(json_bytes),
)


@door_settings()
@given(body=st.one_of(bodies(valid=VALID), requests_of_wrong_shape))
def test_a_body_that_is_no_request_is_refused(client, api_key, body):
    with nothing_written():
        response = _post(client, body, api_key)
    # A body of the wrong shape can still be a valid request by chance ({"query": "{a}"} is
    # refused by validation, but an introspection may pass): then it answered data.
    if response.status_code == 200 and "errors" not in json.loads(response.content):
        return
    assert_graphql_errors(response)


def _literal(text: str) -> str:
    """A GraphQL string literal; non-ASCII characters as escapes (lone surrogates included)."""
    return (
        '"'
        + "".join(
            c if c.isascii() and c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
            for c in text
        )
        + '"'
    )


documents = st.one_of(
    hostile_text,
    st.integers(1, len(CSV_IMPORT)).map(lambda cut: CSV_IMPORT[:cut]),
    st.integers(100, 3_000).map(lambda depth: "{" + "a{" * depth + "b" + "}" * (depth + 1)),
    st.builds(
        lambda source, csv: (
            f"mutation {{ orderImportCsv(source: {_literal(source)}, csv: {_literal(csv)})"
            " { errors { code } } }"
        ),
        st.one_of(st.just("phone"), hostile_text),
        st.lists(st.sampled_from(NASTY_CHARACTERS), min_size=1, max_size=3).map(
            lambda chars: "sku," + "".join(chars)
        ),
    ),
    st.sampled_from(
        [
            "query { __typename(a: 1e309) }",
            "query ($n: Int) { __typename }",
            "mutation { orderImportCsv(source: 5, csv: []) { errors { code } } }",
            "{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }",
        ]
    ),
)


@door_settings()
@given(
    query=documents,
    variables=st.one_of(st.none(), st.dictionaries(hostile_text, json_values, max_size=3)),
)
def test_a_document_of_garbage_is_refused(client, api_key, query, variables):
    body = json_bytes({"query": query, "variables": variables})
    with nothing_written():
        response = _post(client, body, api_key)
    if response.status_code == 200 and "errors" not in json.loads(response.content):
        return  # a valid query after all (e.g. a prefix that is a whole document)
    assert_graphql_errors(response)


# Every row's quantity is garbage, so no order of the file can be taken.
garbage_quantities = st.one_of(
    st.sampled_from(
        ["", "0", "-1", "1.5", "1e309", "-1e309", "NaN", "inf", "9" * 30, "2147483648", "x"]
    ),
    st.sampled_from(NASTY_CHARACTERS),
)


@st.composite
def garbage_files(draw):
    columns = draw(
        st.lists(st.one_of(st.sampled_from(sorted(COLUMNS)), hostile_text), max_size=8, unique=True)
    )
    columns = ["external_reference", "sku", "quantity", *columns]
    columns = list(dict.fromkeys(columns))
    rows = draw(
        st.lists(
            st.lists(hostile_text, min_size=len(columns), max_size=len(columns)),
            max_size=4,
        )
    )
    for row in rows:
        row[2] = draw(garbage_quantities)
    text = "\n".join(",".join(cells) for cells in [columns, *rows])
    return draw(st.one_of(st.just(text), st.sampled_from(NASTY_JSON_TEXTS), hostile_text))


@door_settings()
@given(
    source=st.one_of(st.sampled_from(["phone", "bravo", "PHONE", ""]), hostile_text),
    csv=garbage_files(),
)
def test_order_import_csv_of_garbage_takes_no_order(client, api_key, source, csv):
    body = json_bytes({"query": CSV_IMPORT, "variables": {"source": source, "csv": csv}})
    with nothing_written():
        response = _post(client, body, api_key)
    payload = json.loads(response.content)
    if "errors" in payload:
        assert_graphql_errors(response)
        return
    assert response.status_code == 200
    answer = payload["data"]["orderImportCsv"]
    assert answer["errors"] or answer["results"], answer
    for error in answer["errors"]:
        assert error["code"], answer
    for result in answer["results"]:
        assert result["outcome"] == "REFUSED" and result["errors"], result


def test_a_mutation_sent_with_get_is_refused(client, api_key):
    with nothing_written():
        response = client.get(
            "/graphql/",
            {"query": CSV_IMPORT, "variables": json.dumps({"source": "phone", "csv": "x"})},
            headers={"X-Api-Key": api_key},
        )
    assert response.status_code == 405
    assert assert_graphql_errors(response)[0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


# Regressions: each of these answered 500 or INTERNAL_ERROR (or nothing at all) before.


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # json.loads' RecursionError escaped the view.
        (b"[" * 5_000 + b"]" * 5_000, "The body is nested deeper than 64 levels."),
        # A lone surrogate reached PostgreSQL (UnicodeEncodeError in a resolver).
        (
            json.dumps(
                {"query": CSV_IMPORT, "variables": {"source": "\ud800", "csv": "a"}}
            ).encode(),
            "The body holds U+0000 or a lone surrogate in a string.",
        ),
        (
            b'{"query": "{ __typename }", "variables": {"n": 1e309}}',
            "The body holds a number out of range.",
        ),
    ],
)
def test_a_body_no_column_or_parser_can_take_is_malformed(client, api_key, body, message):
    with nothing_written():
        response = _post(client, body, api_key)
    assert response.status_code == 400
    [error] = assert_graphql_errors(response)
    assert (error["extensions"]["code"], error["message"]) == ("MALFORMED_REQUEST", message)


def test_a_csv_of_only_a_header_row_is_refused_whole(client, api_key):
    # It answered no results and no errors: nothing said the file was empty.
    body = json_bytes(
        {
            "query": CSV_IMPORT,
            "variables": {"source": "phone", "csv": "external_reference,sku,quantity\n"},
        }
    )
    with nothing_written():
        response = _post(client, body, api_key)
    assert json.loads(response.content)["data"]["orderImportCsv"] == {
        "results": [],
        "errors": [
            {
                "field": "csv",
                "code": "INVALID",
                "message": "The file has no orders, only a header row.",
            }
        ],
    }
