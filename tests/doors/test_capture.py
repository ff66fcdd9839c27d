"""``POST /api/capture/<code>/`` (a source's signed inbound webhook) fed garbage: missing,
forged, stale or replayed signatures, another source's or tenant's secret, and bodies signed
with the source's own secret that hold no order that can be taken. A request refused whole is
a 4xx ``{"error": {code, message}}``; one whose every order is refused is 422 with each order's
errors; nothing is written either way."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from saleor_oms_plugin.core.signing import signature
from tests.fixtures.capture_sources import make_capture_source
from tests.fixtures.doors import post
from tests.fixtures.garbage import (
    NASTY_CHARACTERS,
    NASTY_JSON_TEXTS,
    assert_json_error,
    bodies,
    header_values,
    hostile_text,
    huge_numbers,
    json_bytes,
    json_values,
)
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

ORDER = {
    "externalReference": "M-1",
    "customerEmail": "ada@example.com",
    "currency": "USD",
    "billingAddress": {
        "streetAddress1": "1 Market St",
        "city": "San Francisco",
        "postalCode": "94103",
        "country": "US",
    },
    "lines": [{"sku": "SKU-1", "quantity": 1, "unitPriceGross": "10.00", "taxRate": "0"}],
}
VALID = json.dumps(ORDER).encode()


@pytest.fixture
def secrets(transactional_db):
    """The secret of source ``market`` (tenant ALPHA), of ``other`` (ALPHA) and of ``market``
    at tenant BRAVO."""
    alpha = make_capture_tenant()
    bravo = make_capture_tenant(api_url="http://127.0.0.1:8767/graphql/", app_id="QXBwOjg=")
    return {
        "market": make_capture_source(alpha, "market"),
        "other": make_capture_source(alpha, "other"),
        "bravo": make_capture_source(bravo, "bravo"),
    }


@st.composite
def forged_requests(draw, secrets):
    body = draw(bodies(valid=VALID))
    now = int(time.time())
    header = draw(
        st.one_of(
            st.just(""),
            header_values(),
            # A well-formed header whose digest is not this body's under the secret.
            st.builds(
                lambda stamp, digest: f"t={stamp},v1={digest}",
                st.integers(0, 10**12 - 1),
                st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
            ),
            # Signed by another source's secret, or another tenant's.
            st.sampled_from(["other", "bravo"]).map(
                lambda name: signature(secrets[name], now, body)
            ),
            # The right secret over other bytes (a signature replayed onto an altered body).
            st.just(signature(secrets["market"], now, VALID)),
            # The right secret, but signed long ago or far ahead.
            st.sampled_from([-86_400, -61, 61, 10**9]).map(
                lambda skew: signature(secrets["market"], max(now + skew, 0), body)
            ),
        )
    )
    assume(body != VALID)
    return draw(st.sampled_from(["market", "nobody", "MARKET"])), body, header


@door_settings()
@given(data=st.data())
def test_a_request_not_signed_for_its_source_is_refused(client, secrets, data):
    code, body, header = data.draw(forged_requests(secrets))
    with nothing_written():
        response = post(client, f"/api/capture/{code}/", body, {"X-OMS-Signature": header})
    error = assert_json_error(response)
    assert error["code"] in {
        "MISSING_SIGNATURE",
        "INVALID_SIGNATURE",
        "STALE_TIMESTAMP",
        "INVALID_BODY",
    }


# Every order's line has a quantity that is no quantity, so no order can be taken.
garbage_quantities = st.one_of(
    st.sampled_from([0, -1, 1.5, "one", "x", None, [], {}, True, 10**30, 2**63 - 1]),
    huge_numbers,
    st.sampled_from(NASTY_CHARACTERS),
)
garbage_orders = st.builds(
    lambda order, quantity, extra: {
        **order,
        **extra,
        "lines": [{**order["lines"][0], "quantity": quantity}],
    },
    st.just(ORDER),
    garbage_quantities,
    st.dictionaries(
        st.sampled_from(
            [
                "externalReference",
                "customerEmail",
                "currency",
                "billingAddress",
                "shippingAddress",
                "metadata",
                "createdAt",
                "payments",
                "notes",
            ]
        ),
        json_values,
        max_size=3,
    ),
)
signed_garbage = st.one_of(
    st.sampled_from(NASTY_JSON_TEXTS).map(lambda text: text.encode("utf-8", "surrogatepass")),
    json_values.filter(lambda value: not isinstance(value, dict)).map(json_bytes),
    garbage_orders.map(json_bytes),
    st.lists(garbage_orders, min_size=1, max_size=3).map(lambda o: json_bytes({"orders": o})),
    st.dictionaries(hostile_text, json_values, max_size=3).map(json_bytes),
)


@door_settings()
@given(body=signed_garbage)
def test_garbage_signed_for_the_source_takes_no_order(client, secrets, body):
    header = signature(secrets["market"], int(time.time()), body)
    with nothing_written():
        response = post(client, "/api/capture/market/", body, {"X-OMS-Signature": header})
    if response.status_code != 422:
        assert_json_error(response)
        return
    answers = json.loads(response.content)["orders"]
    assert answers, "422 names the refused orders"
    for answer in answers:
        assert answer["outcome"] == "REFUSED", answer
        assert answer["errors"] and all(error["code"] for error in answer["errors"]), answer


# Regressions: each of these answered 500, took the order, or refused nothing by name before.


def _signed_post(client, secrets, body: bytes):
    header = signature(secrets["market"], int(time.time()), body)
    return post(client, "/api/capture/market/", body, {"X-OMS-Signature": header})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # json.loads' RecursionError escaped the view.
        (b"[" * 5_000 + b"]" * 5_000, "The body is nested deeper than 64 levels."),
        (b'{"orders": [{"n": 1e309}]}', "The body holds a number out of range."),
        # 422 with an empty list of answers: nothing said what was wrong.
        (b'{"orders": []}', '{"orders": []} holds no order.'),
    ],
)
def test_a_body_that_holds_no_order_is_refused_whole(client, secrets, body, message):
    with nothing_written():
        response = _signed_post(client, secrets, body)
    error = assert_json_error(response, statuses=range(400, 401))
    assert (error["code"], error["message"]) == ("INVALID_BODY", message)


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        # Taken, and sent to Saleor, whose Int stops at 2**31 - 1.
        (2**31, "must be at most 2147483647"),
        (256159971698630048, "must be at most 2147483647"),
        # int() reads other scripts' digits: "١" (Arabic-Indic one) was a quantity of 1.
        ("١", "'١' is not a whole number"),
    ],
)
def test_a_quantity_saleor_cannot_take_refuses_the_order(client, secrets, quantity, message):
    order = {**ORDER, "lines": [{**ORDER["lines"][0], "quantity": quantity}]}
    with nothing_written():
        response = _signed_post(client, secrets, json_bytes(order))
    assert response.status_code == 422
    [answer] = json.loads(response.content)["orders"]
    assert answer["outcome"] == "REFUSED"
    assert answer["errors"] == [
        {"field": "lines[0].quantity", "code": "INVALID", "message": message}
    ]
