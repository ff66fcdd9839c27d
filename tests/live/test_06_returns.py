"""Returns from a real customer token through to money, credit or a replacement in Saleor."""

from __future__ import annotations

import uuid

import pytest

from tests.live.conftest import app_delete
from tests.live.payment_app import payment_app_start
from tests.live.saleor_live import GraphQLEndpoint, staff_token, wait_for
from tests.live.store import order_place

POLICY = """mutation Policy($input: OmsReturnPolicyInput!) {
  returnPolicySet(input: $input) { errors { field message code } } }"""
REQUEST = """mutation Ask($input: OmsRequestReturnInput!) {
  requestReturn(input: $input) { returnRequest { id rmaNumber status lines { id } }
    errors { field message code } } }"""
STEP = """mutation Step($id: ID!, $locationId: ID!, $lines: [OmsReturnInspectionInput!]!) {
  a: returnRequestApprove(id: $id) { errors { field message code } }
  r: returnRequestMarkReceived(id: $id, locationId: $locationId) { errors { field message code } }
  i: returnRequestInspect(id: $id, lines: $lines) { errors { field message code } }
  c: returnRequestComplete(id: $id) { returnRequest { status refundAmount }
    errors { field message code } } }"""
RETURN = """query Return($id: ID!) { returnRequest(id: $id) { status saleorState saleorError
  saleorReturnFulfillmentId saleorGrantedRefundId saleorRefundRequested
  saleorExchangeOrderId saleorGiftCardId refundAmount } }"""
OMS_FULFILMENTS = """query Oms($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Order { oms { order { fulfillments { status } } } } } }"""
LOCATIONS = "query L { locations(first: 100) { edges { node { id saleorId } } } }"
ORDER = """query Order($id: ID!) { order(id: $id) { number status lines { id }
  fulfillments { status lines { quantity } }
  grantedRefunds { id status amount { amount } reason }
  transactions { events { type amount { amount } } } } }"""
CUSTOMER = """mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { id } errors { field message code } } }"""
CONFIRM = """mutation Confirm($id: ID!) { customerUpdate(id: $id, input: {isActive: true,
  isConfirmed: true}) { errors { field message code } } }"""
USER = "query U($email: String!) { user(email: $email) { id } }"


@pytest.fixture(scope="module")
def payments(installation):
    app, server = payment_app_start(installation.saleor)
    yield app
    server.shutdown()
    app_delete(installation.saleor, app.app_id)


@pytest.fixture(scope="module")
def customer(installation, store):
    """A real customer account of the store, signed in with its own Saleor token."""
    email, password = f"live-{uuid.uuid4().hex[:8]}@example.com", "Live-Secret-123"
    installation.saleor.mutate(
        CUSTOMER,
        {
            "input": {
                "email": email,
                "password": password,
                "channel": store.channel_slug,
                "redirectUrl": "http://127.0.0.1/confirm",
            }
        },
        field_name="accountRegister",
    )
    user_id = installation.saleor.data(USER, {"email": email})["user"]["id"]
    installation.saleor.mutate(CONFIRM, {"id": user_id}, field_name="customerUpdate")
    token = staff_token(installation.saleor.url, email, password)
    return {"id": user_id, "email": email, "token": token}


@pytest.fixture(scope="module")
def policy(installation, store):
    installation.api.mutate(
        POLICY,
        {
            "input": {
                "channel": store.channel_slug,
                "windowDays": 30,
                "reasons": ["damaged", "changed_mind"],
                "resolutions": ["REFUND", "STORE_CREDIT", "EXCHANGE"],
            }
        },
        field_name="returnPolicySet",
    )


def _shipped_order(installation, store, payments, customer) -> dict:
    order = order_place(
        installation.saleor,
        store,
        {"MUG": 2},
        email=customer["email"],
        paid=False,
        user_id=customer["id"],
    )
    payments.charge(
        order["id"], order["total"]["gross"]["amount"], order["total"]["gross"]["currency"]
    )
    shipped = wait_for(
        "the paid order to be shipped by the OMS",
        lambda: (
            (o := installation.saleor.data(ORDER, {"id": order["id"]})["order"])
            and o["status"] == "FULFILLED"
            and o | {"id": order["id"]}
        ),
        timeout=180,
    )
    # A customer may return what the OMS knows was shipped: its read model takes the fulfilment
    # from Saleor's webhook, which can land a moment after Saleor says FULFILLED.
    wait_for(
        "the OMS to see the shipment",
        lambda: _oms_fulfilled(installation, shipped["id"]),
        timeout=120,
    )
    return shipped


def _oms_fulfilled(installation, order_id: str) -> bool:
    answer = installation.api.data(
        OMS_FULFILMENTS, {"reps": [{"__typename": "Order", "id": order_id}]}
    )
    order = ((answer["_entities"][0] or {}).get("oms") or {}).get("order") or {}
    return any(f["status"] == "FULFILLED" for f in order.get("fulfillments", []))


def _return_settled(installation, store, customer, order: dict, resolution: str) -> dict:
    as_customer = GraphQLEndpoint(installation.oms.graphql_url, token=customer["token"])
    requested = as_customer.mutate(
        REQUEST,
        {
            "input": {
                "orderNumber": str(order["number"]),
                "resolution": resolution,
                "lines": [
                    {
                        "orderLineId": order["lines"][0]["id"],
                        "quantity": 1,
                        "reason": "changed_mind",
                    }
                ],
            }
        },
        field_name="requestReturn",
    )["returnRequest"]
    locations = {
        e["node"]["saleorId"]: e["node"]["id"]
        for e in installation.api.data(LOCATIONS)["locations"]["edges"]
    }
    answer = installation.api.data(
        STEP,
        {
            "id": requested["id"],
            "locationId": locations[store.warehouses["Los Angeles"]],
            "lines": [
                {"lineId": requested["lines"][0]["id"], "resellable": 1, "damaged": 0, "missing": 0}
            ],
        },
    )
    for step in "aric":
        assert answer[step]["errors"] == [], answer
    return wait_for(
        "Saleor to record the return",
        lambda: (
            (r := installation.api.data(RETURN, {"id": requested["id"]})["returnRequest"])
            and r["saleorState"] in {"done", "failed"}
            and r
        ),
        timeout=240,
    )


def test_a_refund_is_granted_and_sent_to_the_payment(
    installation, store, payments, customer, policy
):
    order = _shipped_order(installation, store, payments, customer)
    settled = _return_settled(installation, store, customer, order, "REFUND")
    assert settled["saleorState"] == "done", settled
    assert settled["saleorRefundRequested"] is True

    # Saleor sends the granted refund to the payment app from its worker: PENDING until then
    saleor_order = wait_for(
        "Saleor to settle the granted refund with the payment app",
        lambda: (
            (o := installation.saleor.data(ORDER, {"id": order["id"]})["order"])
            and [g["status"] for g in o["grantedRefunds"]] == ["SUCCESS"]
            and o
        ),
        timeout=120,
    )
    assert saleor_order["status"] == "PARTIALLY_RETURNED"
    assert "RETURNED" in {f["status"] for f in saleor_order["fulfillments"]}
    [granted] = saleor_order["grantedRefunds"]
    assert granted["amount"]["amount"] == pytest.approx(settled["refundAmount"])
    assert len(payments.refunds) >= 1
    events = {e["type"] for t in saleor_order["transactions"] for e in t["events"]}
    assert "REFUND_SUCCESS" in events


def test_store_credit_becomes_a_gift_card(installation, store, payments, customer, policy):
    order = _shipped_order(installation, store, payments, customer)
    settled = _return_settled(installation, store, customer, order, "STORE_CREDIT")
    assert settled["saleorState"] == "done", settled
    card = installation.saleor.data(
        "query G($id: ID!) { giftCard(id: $id) { initialBalance { amount } createdByEmail } }",
        {"id": settled["saleorGiftCardId"]},
    )["giftCard"]
    assert card["initialBalance"]["amount"] == pytest.approx(settled["refundAmount"])


def test_an_exchange_becomes_a_draft_order(installation, store, payments, customer, policy):
    order = _shipped_order(installation, store, payments, customer)
    settled = _return_settled(installation, store, customer, order, "EXCHANGE")
    assert settled["saleorState"] == "done", settled
    draft = installation.saleor.data(
        "query D($id: ID!) { order(id: $id) { status lines { quantity } } }",
        {"id": settled["saleorExchangeOrderId"]},
    )["order"]
    assert draft["status"] == "DRAFT"
    assert [line["quantity"] for line in draft["lines"]] == [1]
