"""``POST /api/feeds/<source>/csv`` fed garbage: no key, keys of garbage, another tenant's key, a
key without MANAGE_PRODUCTS; and with a good key, bodies that are no CSV feed (binary, JSON,
NUL, a header only, the wrong columns), sequences that are no whole number, sources that do not
exist. Each is refused with a 4xx ``{"error": {code, message}}`` and nothing is written."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.inventory.feeds import feed_source_save
from saleor_oms_plugin.tenants.models import ApiKey
from tests.fixtures.doors import post
from tests.fixtures.garbage import assert_json_error, bodies, header_values, hostile_text
from tests.fixtures.graphql import make_api_key
from tests.fixtures.hypothesis_profiles import door_settings
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.writes import nothing_written

CSV = b"sku,quantity,location,mode\nMUG,12,soho,\n"
# Files that are no feed, whichever key sends them.
not_feeds = st.one_of(
    bodies(valid=b"").filter(lambda body: b"sku" not in body.lower()),
    st.sampled_from(
        [
            b"sku,quantity\n",
            b"sku,quantity,sku\nA,1,A\n",
            b"sku,quantity,colour\nA,1,red\n",
            b"sku,quantity\nMUG,12,extra\n",
            b'sku,quantity\n"MUG,12\n',
            b"sku,quantity\nM\x00UG,12\n",
            b"sku,quantity\nMUG,1\x002\n",
            b"\xff\xfesku,quantity\n",
        ]
    ),
)


@pytest.fixture
def keys(transactional_db, settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    alpha = make_capture_tenant()
    bravo = make_capture_tenant(api_url="http://127.0.0.1:8767/graphql/", app_id="QXBwOjg=")
    feed_source_save(tenant_id=alpha.pk, name="pos", actor=Actor.operator("tests"))
    found = {
        "products": make_api_key(alpha, ["MANAGE_PRODUCTS"]),
        "orders": make_api_key(alpha, ["MANAGE_ORDERS"]),
        "bravo": make_api_key(bravo, ["MANAGE_PRODUCTS"]),
    }
    # A key is touched at most once a minute: these count as used (the property is about what
    # a request's contents write, and a run may outlast a minute).
    ApiKey.objects.update(last_used_at=timezone.now() + timedelta(hours=1))
    return found


def _headers(authorization: str, sequence: str = "1", idempotency: str = "f-1") -> dict:
    return {
        "Content-Type": "text/csv",
        "Authorization": authorization,
        "Feed-Sequence": sequence,
        "Idempotency-Key": idempotency,
    }


@door_settings()
@given(data=st.data())
def test_a_request_without_a_key_that_may_feed_is_refused(client, keys, data):
    authorization = data.draw(
        st.one_of(
            header_values(),
            st.sampled_from(["orders", "bravo"]).map(lambda name: f"Bearer {keys[name]}"),
            st.just(f"Bearer {keys['products']}x"),
        )
    )
    source = data.draw(st.sampled_from(["pos", "nowhere"]))
    with nothing_written():
        response = post(client, f"/api/feeds/{source}/csv", CSV, _headers(authorization))
    # Another tenant's key finds no source of that name at its own tenant.
    assert assert_json_error(response)["code"] in {
        "UNAUTHORIZED",
        "PERMISSION_DENIED",
        "FEED_SOURCE_NOT_FOUND",
    }


@door_settings()
@given(
    body=not_feeds,
    sequence=st.one_of(st.just("1"), header_values()),
    idempotency=st.one_of(st.just("f-1"), header_values()),
)
def test_a_body_that_is_no_feed_is_refused(client, keys, body, sequence, idempotency):
    headers = _headers(f"Bearer {keys['products']}", sequence, idempotency)
    with nothing_written():
        response = post(client, "/api/feeds/pos/csv", body, headers)
    assert_json_error(response)


@door_settings()
@given(source=hostile_text.filter(lambda name: name and "/" not in name and name != "pos"))
def test_a_source_that_does_not_exist_is_refused(client, keys, source):
    path = f"/api/feeds/{quote(source, safe='', errors='surrogatepass')}/csv"
    with nothing_written():
        response = post(client, path, CSV, _headers(f"Bearer {keys['products']}"))
    assert_json_error(response)


@pytest.mark.parametrize("body", [b"sku,quantity\nM\x00UG,12\n", b"sku,quantity\nMUG,1\x002\n"])
def test_a_feed_holding_nul_is_invalid_csv(client, keys, body):
    # The NUL reached PostgreSQL, which cannot store it.
    with nothing_written():
        response = post(client, "/api/feeds/pos/csv", body, _headers(f"Bearer {keys['products']}"))
    error = assert_json_error(response, statuses=range(400, 401))
    assert (error["code"], error["message"]) == ("INVALID_CSV", "The body holds NUL characters.")


def test_a_source_named_with_nul_is_not_found(client, keys):
    # The name reached PostgreSQL, which cannot compare text holding NUL: 500.
    with nothing_written():
        response = post(client, "/api/feeds/%00/csv", CSV, _headers(f"Bearer {keys['products']}"))
    error = assert_json_error(response, statuses=range(404, 405))
    assert error["code"] == "FEED_SOURCE_NOT_FOUND"
