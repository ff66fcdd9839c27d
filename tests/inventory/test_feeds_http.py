"""Stock feeds at the edges: CSV over real HTTP (auth, limits, bad files) and GraphQL."""

from __future__ import annotations

import pytest
import requests
from django.core.cache import cache
from graphql_relay import to_global_id

from saleor_oms_plugin.inventory.feed_csv import CsvFeedTooLarge, parse_csv_feed
from saleor_oms_plugin.inventory.feeds import MAX_LINES, feed_source_save
from saleor_oms_plugin.inventory.models import FeedRun, StockLevel
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.inventory import (
    OPERATOR,
    SaleorStockBook,
    make_outside_location,
    make_stock,
)
from tests.fixtures.tenants import make_capture_tenant

MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
CAP = "UHJvZHVjdFZhcmlhbnQ6NDAy"
CSV = b"sku,quantity,location,mode\nMUG,12,soho,\nCAP,-1,soho,DELTA\nGHOST,3,soho,\n"


@pytest.fixture(autouse=True)
def _no_saleor(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    cache.clear()


def _shop(tenant):
    store = make_outside_location(tenant, "soho")
    for variant_id, sku, units in ((MUG, "MUG", 5), (CAP, "CAP", 2)):
        make_stock(tenant, store, variant_id, on_hand=units)
        StockLevel.objects.filter(variant_id=variant_id).update(sku=sku)
    feed_source_save(tenant_id=tenant.pk, name="pos", actor=OPERATOR)
    return store


def _on_hand(store):
    return dict(StockLevel.objects.filter(location=store).values_list("sku", "on_hand"))


@pytest.mark.django_db(transaction=True)
class TestCsvUpload:
    @pytest.fixture
    def shop(self, fake_saleor):
        # Saleor (fake, over HTTP) is asked for SKUs the ledger does not know: GHOST is unknown
        SaleorStockBook(fake_saleor)
        tenant = make_capture_tenant(api_url=fake_saleor.url, token=fake_saleor.app_token)
        store = _shop(tenant)
        return tenant, store, make_api_key(tenant, ["MANAGE_PRODUCTS"])

    def _post(self, live_server, key, body=CSV, *, idem="f-1", sequence="1", source="pos", **kw):
        headers = {"Content-Type": "text/csv", **kw.pop("headers", {})}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        if idem is not None:
            headers["Idempotency-Key"] = idem
        params = {"sequence": sequence} if sequence is not None else {}
        return requests.post(
            f"{live_server.url}/api/feeds/{source}/csv",
            data=body,
            headers=headers,
            params=params,
            timeout=10,
        )

    def test_a_csv_feed_applies_its_good_lines_and_reports_the_bad(self, live_server, shop):
        _, store, key = shop
        response = self._post(live_server, key)
        assert response.status_code == 200
        run = response.json()
        assert (run["status"], run["linesApplied"], run["linesFailed"]) == ("PARTIAL", 2, 1)
        assert [(line["sku"], line["code"]) for line in run["lines"]] == [
            ("MUG", ""),
            ("CAP", ""),
            ("GHOST", "UNKNOWN_SKU"),
        ]
        assert _on_hand(store) == {"MUG": 12, "CAP": 1}
        # and the same upload again is answered from the stored run, changing nothing
        again = self._post(live_server, key)
        assert again.status_code == 200 and again.json()["replayed"] is True
        assert again.json()["id"] == run["id"]
        assert _on_hand(store) == {"MUG": 12, "CAP": 1}

    def test_an_older_sequence_by_header_is_stale(self, live_server, shop):
        _, store, key = shop
        self._post(live_server, key, idem="f-2", sequence="2")
        late = self._post(
            live_server,
            key,
            b"sku,quantity\nMUG,1\n",
            idem="f-1",
            sequence=None,
            headers={"Feed-Sequence": "1"},
        )
        assert late.status_code == 200 and late.json()["status"] == "STALE"
        assert _on_hand(store)["MUG"] == 12

    @pytest.mark.parametrize(
        ("body", "fragment"),
        [
            (b"", "empty"),
            (b"\xff\xfe\x00bad", "UTF-8"),
            (b"name,qty\nMUG,1\n", "lacks sku, quantity"),
            (b"sku,quantity\n", "no lines"),
            (b"sku,quantity\nMUG,1,extra\n", "Row 2 has 3 cells"),
            (b'sku,quantity\n"MUG,1\n', "Malformed CSV"),
        ],
    )
    def test_a_bad_file_is_a_400_and_changes_nothing(self, live_server, shop, body, fragment):
        _, store, key = shop
        response = self._post(live_server, key, body)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "INVALID_CSV"
        assert fragment in response.json()["error"]["message"]
        assert _on_hand(store) == {"MUG": 5, "CAP": 2}
        assert not FeedRun.objects.exists()

    def test_missing_key_or_sequence_is_a_400(self, live_server, shop):
        _, _, key = shop
        no_key = self._post(live_server, key, idem=None)
        no_sequence = self._post(live_server, key, sequence=None)
        assert (no_key.status_code, no_key.json()["error"]["code"]) == (
            400,
            "INVALID_IDEMPOTENCY_KEY",
        )
        assert (no_sequence.status_code, no_sequence.json()["error"]["code"]) == (
            400,
            "INVALID_SEQUENCE",
        )

    def test_an_unknown_source_is_a_404(self, live_server, shop):
        _, _, key = shop
        response = self._post(live_server, key, source="nowhere")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "FEED_SOURCE_NOT_FOUND"

    def test_an_over_large_file_is_a_413(self, live_server, shop, settings):
        _, store, key = shop
        settings.INVENTORY_FEED_MAX_CSV_BYTES = 1000
        body = b"sku,quantity\n" + b"MUG,1\n" * 400
        response = self._post(live_server, key, body)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "FEED_TOO_LARGE"
        assert _on_hand(store)["MUG"] == 5

    def test_too_many_lines_is_a_413_and_changes_nothing(self, live_server, shop):
        _, store, key = shop
        body = b"sku,quantity\n" + b"MUG,1\n" * (MAX_LINES + 1)
        response = self._post(live_server, key, body)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "FEED_TOO_LARGE"
        assert _on_hand(store)["MUG"] == 5
        assert not FeedRun.objects.exists()

    @pytest.mark.parametrize("sequence", ["+-5", "--5", "-1", "\u00b2", "\u0663", "1e3", " "])
    def test_a_sequence_that_is_not_a_whole_number_is_a_400(self, live_server, shop, sequence):
        _, store, key = shop
        response = self._post(live_server, key, sequence=sequence)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "INVALID_SEQUENCE"
        assert _on_hand(store)["MUG"] == 5

    def test_a_quantity_that_is_not_a_number_fails_its_line_only(self, live_server, shop):
        _, store, key = shop
        body = "sku,quantity,location\nMUG,+-5,soho\nCAP,--5,soho\nMUG,\u00b2,soho\nCAP,7,soho\n".encode()
        response = self._post(live_server, key, body)
        assert response.status_code == 200
        assert [line["code"] for line in response.json()["lines"]] == [
            "INVALID_QUANTITY",
            "INVALID_QUANTITY",
            "INVALID_QUANTITY",
            "",
        ]
        assert _on_hand(store) == {"MUG": 5, "CAP": 7}

    def test_bad_auth_is_refused(self, live_server, shop):
        tenant, store, _ = shop
        weak = make_api_key(tenant, ["MANAGE_ORDERS"], name="orders only")
        assert self._post(live_server, None).status_code == 401
        assert self._post(live_server, "oms_not-a-key").status_code == 401
        forbidden = self._post(live_server, weak)
        assert forbidden.status_code == 403
        assert requests.get(f"{live_server.url}/api/feeds/pos/csv", timeout=10).status_code == 405
        assert _on_hand(store) == {"MUG": 5, "CAP": 2}

    def test_a_key_only_reaches_its_own_tenants_sources(self, live_server, shop):
        other = make_capture_tenant(api_url="https://other.example.com/graphql/")
        key = make_api_key(other, ["MANAGE_PRODUCTS"])
        response = self._post(live_server, key)
        assert response.status_code == 404


SUBMIT = """
mutation Submit($input: OmsStockFeedSubmitInput!) {
  stockFeedSubmit(input: $input) {
    replayed
    run { id source sequence status linesApplied linesFailed
          lines { line sku status code delta variantId } }
    errors { field message code }
  }
}
"""
RUNS = """
query Runs($source: String) {
  stockFeeds { name mode lastSequence defaultLocation { slug kind } }
  stockFeedRuns(first: 10, source: $source) {
    totalCount edges { node { idempotencyKey status lines { sku code } } }
  }
}
"""


def _input(key="g-1", sequence=1, lines=None):
    return {
        "input": {
            "source": "pos",
            "idempotencyKey": key,
            "sequence": sequence,
            "lines": lines
            or [
                {"sku": "MUG", "quantity": 7, "location": "soho"},
                {"sku": "CAP", "quantity": 2, "location": "soho", "mode": "DELTA"},
                {"sku": "MUG", "quantity": 1, "location": "attic"},
            ],
        }
    }


@pytest.mark.django_db
def test_stock_feed_submit_and_runs_over_graphql(client, capture_tenant):
    store = _shop(capture_tenant)
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    status, body = gql(client, SUBMIT, _input(), api_key=key)
    payload = body["data"]["stockFeedSubmit"]
    assert status == 200 and payload["errors"] == [] and payload["replayed"] is False
    assert payload["run"]["status"] == "PARTIAL"
    assert [(line["status"], line["code"]) for line in payload["run"]["lines"]] == [
        ("APPLIED", None),
        ("APPLIED", None),
        ("FAILED", "UNKNOWN_LOCATION"),
    ]
    assert _on_hand(store) == {"MUG": 7, "CAP": 4}
    # a newer sequence above 2^31 is fine (BigInt), an older one is stale
    big = 2**40
    newer_lines = [{"sku": "MUG", "quantity": 3, "location": "soho"}, {"sku": "CAP", "quantity": 1}]
    _, newer = gql(client, SUBMIT, _input("g-2", big, newer_lines), api_key=key)
    assert [line["code"] for line in newer["data"]["stockFeedSubmit"]["run"]["lines"]] == [
        None,
        "NO_LOCATION",
    ]
    _, older = gql(client, SUBMIT, _input("g-3", 5), api_key=key)
    assert older["data"]["stockFeedSubmit"]["run"]["status"] == "STALE"
    _, runs = gql(client, RUNS, {"source": "pos"}, api_key=key)
    assert runs["data"]["stockFeeds"] == [
        {"name": "pos", "mode": "ABSOLUTE", "lastSequence": big, "defaultLocation": None}
    ]
    assert runs["data"]["stockFeedRuns"]["totalCount"] == 3


@pytest.mark.django_db
def test_feed_errors_and_permissions_over_graphql(client, capture_tenant):
    _shop(capture_tenant)
    orders_only = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"], name="stock")
    _, denied = gql(client, SUBMIT, _input(), api_key=orders_only)
    assert error_codes(denied) == ["PERMISSION_DENIED"]
    _, unknown = gql(client, SUBMIT, {"input": {**_input()["input"], "source": "x"}}, api_key=key)
    assert unknown["data"]["stockFeedSubmit"]["errors"] == [
        {"field": "source", "message": "No feed source 'x'.", "code": "FEED_SOURCE_NOT_FOUND"}
    ]
    # a source is saved with a default location, by global id
    store = make_outside_location(capture_tenant, "depot", kind="THIRD_PARTY_LOGISTICS")
    _, saved = gql(
        client,
        """mutation($input: OmsStockFeedSourceSaveInput!) {
             stockFeedSourceSave(input: $input) {
               source { name mode defaultLocation { slug kind } } errors { code } } }""",
        {
            "input": {
                "name": "3pl",
                "mode": "DELTA",
                "defaultLocationId": to_global_id("OmsLocation", store.pk),
            }
        },
        api_key=key,
    )
    assert saved["data"]["stockFeedSourceSave"] == {
        "source": {
            "name": "3pl",
            "mode": "DELTA",
            "defaultLocation": {"slug": "depot", "kind": "THIRD_PARTY_LOGISTICS"},
        },
        "errors": [],
    }


def test_csv_reading_stops_after_the_line_limit():
    # the line after the limit is not even CSV: it is never read
    body = b"sku,quantity\n" + b"a,1\n" * 11 + b'"unterminated\n' + b"a,1\n" * 100_000
    with pytest.raises(CsvFeedTooLarge):
        parse_csv_feed(body, max_lines=10)
    assert len(parse_csv_feed(b"sku,quantity\n" + b"a,1\n" * 10, max_lines=10)) == 10
