"""The Saleor client against a fake Saleor over real HTTP: answers, retries, and typed failures."""

from __future__ import annotations

import pytest
import requests
from graphql import parse, validate

from saleor_oms_plugin import __version__
from saleor_oms_plugin.saleor import client as client_module
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.documents import document
from saleor_oms_plugin.saleor.errors import (
    MutationError,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorPermissionDenied,
    SaleorResponseError,
    SaleorTransportError,
)
from tests.fixtures.contract import saleor_schema
from tests.fixtures.fake_saleor import (
    APP_ID,
    FakeSaleor,
    global_id,
    unused_port,
)

# A mutation of the kind the app will send (order notes), kept here because no mutation document
# ships yet. It is validated against Saleor's schema below like every shipped document.
NOTE_ADD_NAME = "mutations/order_note_add"
NOTE_ADD = """
mutation OmsOrderNoteAdd($order: ID!, $message: String!) {
  orderNoteAdd(order: $order, input: { message: $message }) {
    event { id message }
    errors { field message code }
  }
}
"""


class SleepRecorder:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps():
    return SleepRecorder()


@pytest.fixture
def note_add(monkeypatch, fake_saleor):
    """``mutations/order_note_add`` served by the fake like Saleor's ``orderNoteAdd``."""
    real_document = client_module.document
    monkeypatch.setattr(
        client_module,
        "document",
        lambda name: NOTE_ADD if name == NOTE_ADD_NAME else real_document(name),
    )
    calls: list[dict] = []

    def handler(fake: FakeSaleor, order: str, input: dict):
        calls.append({"order": order, **input})
        if not input["message"].strip():
            return {
                "order": None,
                "event": None,
                "errors": [
                    {"field": "message", "message": "Message can't be empty.", "code": "REQUIRED"}
                ],
            }
        found = next(o for o in fake.orders if o["id"] == order)
        event = {"id": global_id("OrderEvent", len(calls)), "message": input["message"]}
        return {"order": found, "event": event, "errors": []}

    fake_saleor.add_mutation("orderNoteAdd", handler)
    return calls


def _client(fake: FakeSaleor, sleeps: SleepRecorder, **kwargs) -> SaleorClient:
    return SaleorClient(fake.url, fake.app_token, sleep=sleeps, **kwargs)


def test_the_note_mutation_used_here_is_valid_for_saleor():
    assert validate(saleor_schema(), parse(NOTE_ADD)) == []


def test_execute_answers_the_data(fake_saleor, sleeps):
    # when the app asks who it is
    data = _client(fake_saleor, sleeps).execute("queries/app_identity")
    # then it gets Saleor's answer, asked once with its token and the document's text
    assert data == {
        "app": {
            "id": APP_ID,
            "name": "Saleor OMS",
            "permissions": [{"code": "MANAGE_ORDERS"}, {"code": "MANAGE_PRODUCTS"}],
        },
        "shop": {"name": "Saleor e-commerce", "version": "3.23.28"},
    }
    [request] = fake_saleor.requests
    assert request.headers["Authorization"] == f"Bearer {fake_saleor.app_token}"
    assert request.headers["User-Agent"] == f"saleor-oms/{__version__}"
    assert request.query == document("queries/app_identity")
    assert sleeps.calls == []


def test_retries_on_503_then_succeeds(fake_saleor, sleeps):
    # given a Saleor that answers 503 twice
    fake_saleor.fail_next(2, status=503)
    # when the app asks
    data = _client(fake_saleor, sleeps, max_retries=4).execute("queries/app_identity")
    # then it waited twice, with growing backoff caps, and got the answer on the third try
    assert data["app"]["id"] == APP_ID
    assert [r.status for r in fake_saleor.requests] == [503, 503, 200]
    assert len(sleeps.calls) == 2
    assert 0 <= sleeps.calls[0] <= 0.5 and 0 <= sleeps.calls[1] <= 1.0


def test_429_honours_retry_after(fake_saleor, sleeps):
    # given a Saleor that rate-limits once and says when to come back
    fake_saleor.fail_next(1, status=429, retry_after="7")
    # when the app asks
    data = _client(fake_saleor, sleeps).execute("queries/app_identity")
    # then it waited the 7 seconds Saleor asked for (more than its own backoff) and succeeded
    assert data["app"]["id"] == APP_ID
    assert sleeps.calls == [7.0]
    assert [r.status for r in fake_saleor.requests] == [429, 200]


def test_retry_after_is_capped(fake_saleor, sleeps):
    fake_saleor.fail_next(1, status=429, retry_after="3600")
    _client(fake_saleor, sleeps).execute("queries/app_identity")
    assert sleeps.calls == [60.0]


def test_gives_up_after_max_retries(fake_saleor, sleeps):
    # given a Saleor that keeps answering 503
    fake_saleor.fail_next(10, status=503)
    # when the app asks with two retries allowed
    with pytest.raises(SaleorTransportError) as caught:
        _client(fake_saleor, sleeps, max_retries=2).execute("queries/app_identity")
    # then it tried three times, slept twice and reports the status
    assert caught.value.status == 503
    assert caught.value.transient is True
    assert "after 3 attempts" in str(caught.value)
    assert fake_saleor.count() == 3
    assert len(sleeps.calls) == 2


def test_connection_refused_is_retried_then_fails(sleeps):
    # given no Saleor listening at the URL
    url = f"http://127.0.0.1:{unused_port()}/graphql/"
    # when the app asks
    with pytest.raises(SaleorTransportError) as caught:
        SaleorClient(url, "t", sleep=sleeps, max_retries=3).execute("queries/app_identity")
    # then every attempt was retried and the failure names the cause
    assert len(sleeps.calls) == 3
    assert caught.value.status is None
    assert "cannot reach Saleor" in str(caught.value)


def test_a_dropped_connection_is_retried(fake_saleor, sleeps):
    # given a Saleor that closes the connection once without answering
    fake_saleor.close_next(1)
    # when the app asks
    data = _client(fake_saleor, sleeps).execute("queries/app_identity")
    # then it asked again and got the answer
    assert data["app"]["id"] == APP_ID
    assert [r.status for r in fake_saleor.requests] == [None, 200]
    assert len(sleeps.calls) == 1


def test_a_query_is_repeated_after_a_read_timeout(fake_saleor, sleeps, settings):
    # given a Saleor that answers the first request too late
    settings.SALEOR_READ_TIMEOUT = 0.3
    fake_saleor.delay_next(1, seconds=1.0)
    # when the app reads
    data = _client(fake_saleor, sleeps).execute("queries/app_identity")
    # then the read was repeated: reading twice is harmless
    assert data["app"]["id"] == APP_ID
    assert fake_saleor.count() == 2
    assert len(sleeps.calls) == 1


def test_a_mutation_is_not_repeated_after_a_read_timeout(fake_saleor, sleeps, settings, note_add):
    # given a Saleor that runs the mutation but answers too late
    settings.SALEOR_READ_TIMEOUT = 0.3
    fake_saleor.delay_next(1, seconds=1.0)
    order_id = fake_saleor.orders[0]["id"]
    # when the app adds a note
    with pytest.raises(SaleorTransportError) as caught:
        _client(fake_saleor, sleeps).mutate(
            NOTE_ADD_NAME, {"order": order_id, "message": "routed"}, payload="orderNoteAdd"
        )
    # then it did not send it again (it may have run: it did) and says it timed out
    assert "did not answer in time" in str(caught.value)
    assert fake_saleor.count() == 1
    assert len(note_add) == 1
    assert sleeps.calls == []


def test_a_mutation_is_repeated_when_saleor_did_not_run_it(fake_saleor, sleeps, note_add):
    # given a Saleor that answers 503 once (the mutation did not run)
    fake_saleor.fail_next(1, status=503)
    order_id = fake_saleor.orders[0]["id"]
    # when the app adds a note
    result = _client(fake_saleor, sleeps).mutate(
        NOTE_ADD_NAME, {"order": order_id, "message": "routed"}, payload="orderNoteAdd"
    )
    # then it ran once, on the second attempt, and its payload is returned
    assert result == {
        "event": {"id": global_id("OrderEvent", 1), "message": "routed"},
        "errors": [],
    }
    assert note_add == [{"order": order_id, "message": "routed"}]
    assert fake_saleor.count() == 2


def test_mutation_payload_errors_are_raised_with_their_codes(fake_saleor, sleeps, note_add):
    # when Saleor refuses the mutation in its payload
    with pytest.raises(SaleorMutationError) as caught:
        _client(fake_saleor, sleeps).mutate(
            NOTE_ADD_NAME,
            {"order": fake_saleor.orders[0]["id"], "message": " "},
            payload="orderNoteAdd",
        )
    # then the error carries Saleor's codes and fields, and nothing was retried
    assert caught.value.mutation == "orderNoteAdd"
    assert caught.value.codes == {"REQUIRED"}
    assert caught.value.errors == [
        MutationError(field="message", message="Message can't be empty.", code="REQUIRED")
    ]
    assert caught.value.transient is False
    assert fake_saleor.count() == 1
    assert sleeps.calls == []


def test_a_mutation_without_permission_is_denied(fake_saleor, sleeps, note_add):
    # given an app token without MANAGE_ORDERS
    fake_saleor.add_app("products-only", global_id("App", 99), permissions=("MANAGE_PRODUCTS",))
    # when it adds a note
    with pytest.raises(SaleorPermissionDenied):
        SaleorClient(fake_saleor.url, "products-only", sleep=sleeps).mutate(
            NOTE_ADD_NAME,
            {"order": fake_saleor.orders[0]["id"], "message": "x"},
            payload="orderNoteAdd",
        )
    # then the handler never ran
    assert note_add == []


def test_a_rejected_token_raises_permission_denied(fake_saleor, sleeps):
    # given a token Saleor does not know
    client = SaleorClient(fake_saleor.url, "not-the-token", sleep=sleeps)
    # when the app asks who it is
    with pytest.raises(SaleorPermissionDenied) as caught:
        client.execute("queries/app_identity")
    # then it is a permission failure, not retried
    assert caught.value.codes == {"PermissionDenied"}
    assert fake_saleor.count() == 1
    assert sleeps.calls == []
    # and Saleor's answer had no data: `shop.version` is non-null, so the null reaches the root
    assert fake_saleor.requests[0].response["data"] is None


def test_saleor_answers_an_unknown_token_like_saleor():
    # the fake itself: a wrong token gets PermissionDenied and a null `app` (nullable field)
    fake = FakeSaleor().start()
    try:
        response = requests.post(
            fake.url,
            json={"query": "{ app { id } }"},
            headers={"Authorization": "Bearer nope"},
            timeout=5,
        )
    finally:
        fake.stop()
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"app": None}
    assert [e["extensions"]["exception"]["code"] for e in body["errors"]] == ["PermissionDenied"]
    assert body["errors"][0]["path"] == ["app"]


def test_an_invalid_document_is_a_graphql_error(fake_saleor, sleeps, monkeypatch):
    # given a document Saleor's schema does not accept
    monkeypatch.setattr(client_module, "document", lambda name: "query { app { routing } }")
    # when it is sent
    with pytest.raises(SaleorGraphQLError) as caught:
        _client(fake_saleor, sleeps).execute("queries/broken")
    # then Saleor answered 400 with errors and no data, and the client did not retry
    assert "Cannot query field 'routing'" in str(caught.value)
    assert fake_saleor.requests[0].status == 400
    assert "data" not in fake_saleor.requests[0].response
    assert sleeps.calls == []


def test_a_non_graphql_4xx_is_a_response_error(fake_saleor, sleeps):
    # given a proxy in front of Saleor that answers 404 with a page
    fake_saleor.fail_next(1, status=404)
    # when the app asks
    with pytest.raises(SaleorResponseError) as caught:
        _client(fake_saleor, sleeps).execute("queries/app_identity")
    # then it is final (not retried) and names the status
    assert caught.value.status == 404
    assert fake_saleor.count() == 1
    assert sleeps.calls == []


def test_paginate_follows_cursors_to_the_end(fake_saleor, sleeps):
    # when the app pages through the five warehouses two at a time
    nodes = list(
        _client(fake_saleor, sleeps).paginate("queries/warehouses_page", "warehouses", page_size=2)
    )
    # then it got all of them, once each, in three requests that each continued from the last
    assert sorted(n["name"] for n in nodes) == sorted(w["name"] for w in fake_saleor.warehouses)
    assert len({n["id"] for n in nodes}) == 5
    requests_made = fake_saleor.graphql_requests("OmsWarehousesPage")
    assert [r.variables["first"] for r in requests_made] == [2, 2, 2]
    assert requests_made[0].variables["after"] is None
    for previous, following in zip(requests_made, requests_made[1:], strict=False):
        assert (
            following.variables["after"]
            == previous.response["data"]["warehouses"]["pageInfo"]["endCursor"]
        )


def test_saleor_refuses_pages_larger_than_100(fake_saleor, sleeps):
    # Saleor's limit, which the import's page size must respect
    with pytest.raises(SaleorGraphQLError) as caught:
        list(
            _client(fake_saleor, sleeps).paginate(
                "queries/warehouses_page", "warehouses", page_size=101
            )
        )
    assert "exceeds the `first` limit of 100" in str(caught.value)
