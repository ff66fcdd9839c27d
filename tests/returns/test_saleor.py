"""Recording completed returns in Saleor: refund, exchange and store credit, each exactly once;
the return completes only once Saleor accepted it.

Saleor is the fake one over real HTTP, executing our documents against Saleor's schema and
following Saleor's rules for returns (shipped units by fulfilment line; order lines only for
units never fulfilled); the orders are the captured 37 (fulfilled) and 38 (partly returned in
Saleor already).
"""

from __future__ import annotations

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.returns.completion import (
    return_request_complete,
    return_request_retry_saleor,
)
from saleor_oms_plugin.returns.inspection import LineInspection, return_request_inspect
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.receipt import return_request_mark_received
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from saleor_oms_plugin.returns.review import return_request_approve
from saleor_oms_plugin.returns.saleor_sync import _explain, return_sync
from saleor_oms_plugin.saleor.errors import (
    MutationError,
    SaleorMutationError,
    SaleorTransportError,
)
from tests.fixtures.fake_saleor import APP_ID, global_id
from tests.fixtures.fulfilment import import_order
from tests.fixtures.graphql import make_location
from tests.fixtures.returns import (
    STAFF,
    SaleorReturns,
    make_policy,
    return_completed,
    saleor_client,
)
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
TENT, SOCKS = "OMS-SKU-019", "OMS-SKU-002"  # order 37: 2 × 190 USD, 3 × 20 USD
OTHER_VARIANT = global_id("ProductVariant", 404)
SENT = [
    "OmsReturnOrderState",
    "OmsOrderReturnProducts",
    "OmsOrderGrantRefundCreate",
    "OmsReturnRefundRequest",
]


@pytest.fixture(autouse=True)
def _no_stock_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def saleor(fake_saleor):
    return SaleorReturns(fake_saleor)


@pytest.fixture
def shop(fake_saleor):
    tenant = make_capture_tenant(
        api_url=fake_saleor.url, token=fake_saleor.app_token, app_id=APP_ID
    )
    make_policy(tenant, window_days=3650, resolutions=["refund", "exchange", "store_credit"])
    return tenant


def _sent(fake) -> list[str | None]:
    return [request.operation_name for request in fake.graphql_requests()]


def _forget_saleor(request: ReturnRequest) -> None:
    """As if we crashed after Saleor answered and before we stored what it said."""
    ReturnRequest.objects.filter(pk=request.pk).update(
        saleor_state=ReturnRequest.SaleorState.PENDING,
        saleor_return_fulfillment_id="",
        saleor_granted_refund_id="",
        saleor_refund_requested=False,
        saleor_exchange_order_id="",
        saleor_gift_card_id="",
    )


# -- refund ------------------------------------------------------------------------------------


def test_a_refund_is_recorded_granted_and_sent_through_the_payment(fake_saleor, saleor, shop):
    # given order 37 paid through a transaction, and one tent returned and inspected
    payment = saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    tent_line = saleor.order(37)["lines"][2]["id"]
    shipped_tent = saleor.fulfilled_line_ids(37, tent_line)
    assert request.status == "inspected" and request.saleor_state == "pending"
    # when the return is recorded in Saleor
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    # then the shipped unit went back through its fulfilment line, the refund (190 less 10 %
    # and 5 USD) was granted for it and sent
    assert _sent(fake_saleor) == SENT
    returned, granted, sent = (fake_saleor.graphql_requests(name)[0] for name in SENT[1:])
    assert returned.variables["input"] == {
        "fulfillmentLines": [
            {
                "fulfillmentLineId": shipped_tent[0],
                "quantity": 1,
                "replace": False,
                "reason": "RMA-000001",
            }
        ],
        "refund": False,
        "reason": "RMA-000001 (OMS return)",
    }
    assert granted.variables["input"] == {
        "amount": "166.00",
        "reason": "RMA-000001 return refund",
        "transactionId": payment["id"],
        "lines": [{"id": tent_line, "quantity": 1, "reason": "RMA-000001"}],
    }
    (returned_fulfillment,) = saleor.returned_fulfillments(37)
    assert [
        (line["orderLine"]["id"], line["quantity"]) for line in returned_fulfillment["lines"]
    ] == [(tent_line, 1)]
    assert saleor.order(37)["status"] == "PARTIALLY_RETURNED"
    grant = saleor.order(37)["grantedRefunds"][0]
    assert sent.variables == {"grantedRefundId": grant["id"], "transactionId": payment["id"]}
    assert grant["status"] == "PENDING"
    assert payment["refundPendingAmount"] == {"amount": 166.0, "currency": "USD"}
    request.refresh_from_db()
    assert request.saleor_state == "done" and request.saleor_error == ""
    assert request.status == "completed"
    completed = AuditEvent.objects.get(subject_id=str(request.pk), verb="return.completed")
    assert (completed.actor_type, completed.data["saleor"]) == ("system", "accepted")
    assert request.saleor_return_fulfillment_id == saleor.returned_fulfillments(37)[0]["id"]
    assert request.saleor_granted_refund_id == grant["id"]
    assert request.saleor_refund_requested
    # and a second run sends nothing
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "skipped"
    assert len(fake_saleor.graphql_requests()) == len(SENT)


def test_a_repeat_after_a_lost_write_adopts_what_saleor_already_did(fake_saleor, saleor, shop):
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    return_sync(client=saleor_client(fake_saleor), request_id=request.pk)
    before = ReturnRequest.objects.get(pk=request.pk)
    # when our writes were lost after Saleor answered, and the task runs again
    _forget_saleor(request)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    # then only the order was read again: nothing was returned, granted or refunded twice
    assert _sent(fake_saleor) == [*SENT, "OmsReturnOrderState"]
    assert saleor.calls == {
        "orderFulfillmentReturnProducts": 1,
        "orderGrantRefundCreate": 1,
        "transactionRequestRefundForGrantedRefund": 1,
    }
    after = ReturnRequest.objects.get(pk=request.pk)
    assert after.saleor_return_fulfillment_id == before.saleor_return_fulfillment_id
    assert after.saleor_granted_refund_id == before.saleor_granted_refund_id
    assert after.saleor_refund_requested and after.saleor_state == "done"


def test_a_read_timeout_after_saleor_acted_is_retried_without_doing_it_twice(
    fake_saleor, saleor, shop, settings
):
    # given Saleor records the return but answers after our read timeout
    settings.SALEOR_READ_TIMEOUT = 0.3
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    saleor.slow_next("orderFulfillmentReturnProducts", 1.0)
    # when the first run times out (a mutation is never resent by the client itself)
    with pytest.raises(SaleorTransportError):
        return_sync(client=saleor_client(fake_saleor), request_id=request.pk)
    assert ReturnRequest.objects.get(pk=request.pk).saleor_return_fulfillment_id == ""
    # then the task's retry adopts the fulfilment Saleor made and carries on
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    assert saleor.calls["orderFulfillmentReturnProducts"] == 1
    assert len(saleor.returned_fulfillments(37)) == 1
    assert (
        ReturnRequest.objects.get(pk=request.pk).saleor_return_fulfillment_id
        == (saleor.returned_fulfillments(37)[0]["id"])
    )


def test_5xx_answers_are_retried_and_each_step_happens_once(fake_saleor, saleor, shop):
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    fake_saleor.fail_next(2, status=503)
    fake_saleor.close_next(1)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    statuses = [r.status for r in fake_saleor.graphql_requests()]
    assert statuses[:3] == [503, 503, None] and statuses[3:] == [200] * len(SENT)
    assert set(saleor.calls.values()) == {1}


def test_without_a_payment_transaction_the_refund_fails_for_staff(fake_saleor, saleor, shop):
    # given order 37 as captured: paid, but no transaction to refund through
    request = return_completed(shop, saleor)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    request.refresh_from_db()
    # then the units are recorded, nothing is granted, staff are told why, and the return is
    # not completed
    assert request.saleor_state == "failed"
    assert request.saleor_error_code == "NO_PAYMENT_TRANSACTION"
    assert "no payment transaction" in request.saleor_error
    assert request.status == "inspected"
    assert request.saleor_return_fulfillment_id
    assert "orderGrantRefundCreate" not in saleor.calls


def test_a_refund_no_payment_app_can_send_fails_with_saleors_code_and_a_retry_says_so(
    fake_saleor, saleor, shop, django_capture_on_commit_callbacks
):
    # given order 37 marked as paid in the Dashboard: its transaction has no payment app
    saleor.add_transaction(37, payment_app=False)
    request = return_completed(shop, saleor)
    # when the return is recorded in Saleor
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    # then the refund was granted but Saleor refused to send it (the granted refund FAILURE),
    # staff see Saleor's code and the return stays open
    request.refresh_from_db()
    assert request.saleor_error_code == "MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK"
    assert request.saleor_error == (
        "transactionRequestRefundForGrantedRefund: MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK "
        "(-): No app or plugin is configured to handle payment action requests."
    )
    assert (request.status, request.saleor_refund_requested) == ("inspected", False)
    (grant,) = saleor.order(37)["grantedRefunds"]
    assert grant["status"] == "FAILURE" and request.saleor_granted_refund_id == grant["id"]
    # and a retry neither grants nor asks again: the refund failed at the payment provider
    with django_capture_on_commit_callbacks(execute=True):
        return_request_retry_saleor(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
    request.refresh_from_db()
    assert (request.saleor_state, request.saleor_error_code) == ("failed", "REFUND_FAILED")
    assert saleor.calls["orderGrantRefundCreate"] == 1
    assert saleor.calls["transactionRequestRefundForGrantedRefund"] == 1


def test_a_missing_permission_fails_clearly_and_a_retry_finishes_the_rest(
    fake_saleor, shop, django_capture_on_commit_callbacks
):
    # given an installation from before the app asked for HANDLE_PAYMENTS
    saleor = SaleorReturns(fake_saleor, permissions=("MANAGE_ORDERS", "MANAGE_PRODUCTS"))
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    request.refresh_from_db()
    assert "HANDLE_PAYMENTS" in request.saleor_error
    assert request.saleor_error_code == "PERMISSION_DENIED" and request.status == "inspected"
    assert request.saleor_granted_refund_id and not request.saleor_refund_requested
    # when the merchant grants it and staff retry (the task runs after commit)
    fake_saleor.apps[fake_saleor.app_token].permissions += ("HANDLE_PAYMENTS",)
    with django_capture_on_commit_callbacks(execute=True):
        return_request_retry_saleor(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
    # then only the refund is sent; the grant is not repeated
    request.refresh_from_db()
    assert (request.saleor_state, request.saleor_error) == ("done", "")
    assert request.status == "completed"
    assert saleor.calls["orderGrantRefundCreate"] == 1
    assert saleor.order(37)["grantedRefunds"][0]["status"] == "PENDING"


def test_a_return_made_in_saleor_directly_is_never_taken_for_ours(fake_saleor, saleor, shop):
    # given order 38 (one unit of OMS-SKU-001 already returned in Saleor, two still shipped),
    # and another unit returned in Saleor directly, not yet known to our read model
    saleor.add_transaction(38)
    request = return_completed(shop, saleor, number=38, lines=(("OMS-SKU-001", 1),))
    line_001 = saleor.order(38)["lines"][0]["id"]
    (shipped,) = saleor.fulfilled_line_ids(38, line_001)
    direct = saleor._return_products(
        saleor.order(38)["id"],
        {"fulfillmentLines": [{"fulfillmentLineId": shipped, "quantity": 1}]},
    )
    assert direct["errors"] == []
    # when ours is recorded
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    # then it returned the last shipped unit in a RETURNED fulfilment of its own
    returned = saleor.returned_fulfillments(38)
    assert len(returned) == 3
    request.refresh_from_db()
    assert request.saleor_return_fulfillment_id == returned[-1]["id"]
    assert returned[-1]["reason"] == "RMA-000001 (OMS return)"
    assert saleor.fulfilled_line_ids(38, line_001) == []


def test_units_saleor_no_longer_holds_fail_visibly_and_the_return_stays_open(
    fake_saleor, saleor, shop
):
    # given our return of OMS-SKU-004 of order 38, whose only unit was returned in Saleor
    # directly meanwhile
    saleor.add_transaction(38)
    request = return_completed(shop, saleor, number=38, lines=(("OMS-SKU-004", 1),))
    line_004 = saleor.order(38)["lines"][2]["id"]
    (shipped,) = saleor.fulfilled_line_ids(38, line_004)
    saleor._return_products(
        saleor.order(38)["id"],
        {"fulfillmentLines": [{"fulfillmentLineId": shipped, "quantity": 1}]},
    )
    # when ours is recorded
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    # then nothing was sent, the return is not completed and staff see why
    assert "orderFulfillmentReturnProducts" not in saleor.calls
    request.refresh_from_db()
    assert (request.status, request.saleor_state) == ("inspected", "failed")
    assert request.saleor_error_code == "NOT_RETURNABLE_IN_SALEOR"
    assert "holds 0 returnable unit(s)" in request.saleor_error
    assert request.saleor_return_fulfillment_id == ""
    assert not AuditEvent.objects.filter(subject_id=str(request.pk), verb="return.completed")


def test_a_refusal_from_saleor_is_kept_with_its_code_and_the_return_stays_open(
    fake_saleor, saleor, shop
):
    # given Saleor's fulfilment line loses the tent between our read and our return (another
    # return made in Saleor at that moment)
    saleor.add_transaction(37)
    request = return_completed(shop, saleor)
    tent_line = saleor.order(37)["lines"][2]["id"]
    (shipped,) = saleor.fulfilled_line_ids(37, tent_line)
    original = fake_saleor.mutations["orderFulfillmentReturnProducts"][0]

    def raced(fake, **args):
        saleor._return_products(
            saleor.order(37)["id"],
            {"fulfillmentLines": [{"fulfillmentLineId": shipped, "quantity": 2}]},
        )
        return original(fake, **args)

    fake_saleor.add_mutation("orderFulfillmentReturnProducts", raced)
    # when ours is recorded
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    # then Saleor's refusal is on the return with its code and message; nothing was granted
    request.refresh_from_db()
    assert (request.status, request.saleor_state) == ("inspected", "failed")
    assert request.saleor_error_code == "GRAPHQL_ERROR"
    assert "orderFulfillmentReturnProducts" in request.saleor_error
    assert request.saleor_granted_refund_id == "" and not saleor.order(37)["grantedRefunds"]


def test_a_line_shipped_in_two_fulfilments_is_returned_from_both(fake_saleor, saleor, shop):
    # given order 37's two tents shipped one each from two fulfilments in Saleor
    saleor.add_transaction(37)
    order = saleor.order(37)
    tent_line = order["lines"][2]["id"]
    dallas = order["fulfillments"][1]
    tent_in_dallas = next(x for x in dallas["lines"] if x["orderLine"]["id"] == tent_line)
    tent_in_dallas["quantity"] = 1
    second = {
        **dallas,
        "id": global_id("Fulfillment", "37-second"),
        "fulfillmentOrder": 3,
        "lines": [
            {
                "id": global_id("FulfillmentLine", "37-second-tent"),
                "quantity": 1,
                "orderLine": {"id": tent_line},
            }
        ],
    }
    order["fulfillments"].append(second)
    second_tent = second["lines"][0]["id"]
    request = return_completed(shop, saleor, lines=((TENT, 2),))
    # when the return of both tents is recorded
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    # then each fulfilment gave back its tent, in one RETURNED fulfilment
    sent = fake_saleor.graphql_requests("OmsOrderReturnProducts")[0].variables["input"]
    assert [(x["fulfillmentLineId"], x["quantity"]) for x in sent["fulfillmentLines"]] == [
        (tent_in_dallas["id"], 1),
        (second_tent, 1),
    ]
    assert "orderLines" not in sent
    (returned,) = saleor.returned_fulfillments(37)
    assert sum(line["quantity"] for line in returned["lines"]) == 2
    # and the emptied fulfilment is gone, as Saleor deletes it
    assert all(f["id"] != second["id"] for f in saleor.order(37)["fulfillments"])


def test_units_saleor_never_fulfilled_go_as_order_lines(fake_saleor, saleor, shop):
    # given both tents of order 37 returned, and Saleor now holding only one of them as
    # fulfilled (the other's fulfilment undone there, without a restock)
    saleor.add_transaction(37)
    request = return_completed(shop, saleor, lines=((TENT, 2),))
    order = saleor.order(37)
    tent = order["lines"][2]
    tent["quantityFulfilled"], tent["quantityToFulfill"] = 1, 1
    dallas_tent = next(
        x for x in order["fulfillments"][1]["lines"] if x["orderLine"]["id"] == tent["id"]
    )
    dallas_tent["quantity"] = 1
    # when both are recorded
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    # then the shipped one goes by fulfilment line, the other by order line
    sent = fake_saleor.graphql_requests("OmsOrderReturnProducts")[0].variables["input"]
    assert sent["fulfillmentLines"] == [
        {
            "fulfillmentLineId": dallas_tent["id"],
            "quantity": 1,
            "replace": False,
            "reason": "RMA-000001",
        }
    ]
    assert sent["orderLines"] == [
        {"orderLineId": tent["id"], "quantity": 1, "replace": False, "reason": "RMA-000001"}
    ]


def test_completing_schedules_the_recording_after_commit(
    fake_saleor, saleor, shop, django_capture_on_commit_callbacks
):
    saleor.add_transaction(37)
    with django_capture_on_commit_callbacks(execute=True):
        request = return_completed(shop, saleor)
    request.refresh_from_db()
    assert request.saleor_state == "done"
    assert _sent(fake_saleor) == SENT


# -- exchange and store credit -------------------------------------------------------------------


def test_an_exchange_becomes_one_replacement_draft_order(fake_saleor, saleor, shop):
    # given a tent and two pairs of socks exchanged for the same variants
    request = return_completed(shop, saleor, lines=((TENT, 1), (SOCKS, 2)), resolution="exchange")
    tent = request.lines.get(order_line__sku=TENT)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    draft = fake_saleor.graphql_requests("OmsReturnExchangeDraftCreate")[0].variables["input"]
    order = saleor.order(37)
    # then the draft is for the same customer, channel and addresses, with the replacements
    assert draft["channelId"] == order["channel"]["id"]
    assert draft["userEmail"] == "katherine.johnson@example.com" and "user" not in draft
    assert draft["shippingAddress"]["city"] == "DENVER"
    assert draft["shippingAddress"]["country"] == "US"
    assert draft["billingAddress"]["streetAddress1"] == "1701 Wynkoop St"
    assert sorted(draft["lines"], key=lambda line: line["variantId"]) == sorted(
        [
            {"variantId": tent.order_line.variant_id, "quantity": 1},
            {"variantId": order["lines"][0]["variant"]["id"], "quantity": 2},
        ],
        key=lambda line: line["variantId"],
    )
    assert {"key": "oms.return", "value": f"RMA-000001/{order['id']}"} in draft["metadata"]
    request.refresh_from_db()
    assert request.saleor_exchange_order_id == saleor.drafts[0]["id"]
    assert "orderGrantRefundCreate" not in saleor.calls
    # and a repeat after a lost write finds the draft instead of making another
    _forget_saleor(request)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    assert len(saleor.drafts) == 1 and saleor.calls["orderFulfillmentReturnProducts"] == 1


def test_an_exchange_uses_the_replacement_variant_wanted(fake_saleor, saleor, shop):
    order = import_order(shop, saleor.order(37))
    tent_line = order.lines.get(sku=TENT)
    request = return_request_create(
        tenant_id=shop.pk,
        order_id=order.pk,
        lines=[LineRequest(tent_line.saleor_id, 1, "wrong size", replacement_variant_id="")],
        resolution="exchange",
        actor=STAFF,
    )
    line = request.lines.get()
    ids = {"tenant_id": shop.pk, "request_id": request.pk, "actor": STAFF}
    return_request_approve(**ids)
    return_request_mark_received(**ids, location_id=make_location(shop, "Dallas").pk)
    return_request_inspect(**ids, inspections=[LineInspection(line.pk, 1, 0, 0)])
    return_request_complete(**ids, replacements={line.pk: OTHER_VARIANT})
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    sent = fake_saleor.graphql_requests("OmsReturnExchangeDraftCreate")[0].variables["input"]
    assert sent["lines"] == [{"variantId": OTHER_VARIANT, "quantity": 1}]


def test_store_credit_is_one_gift_card_for_the_refund_less_fees(fake_saleor, saleor, shop):
    request = return_completed(shop, saleor, resolution="store_credit")
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    card = fake_saleor.graphql_requests("OmsReturnGiftCardCreate")[0].variables["input"]
    assert card["balance"] == {"amount": "166.00", "currency": "USD"}
    assert card["userEmail"] == "katherine.johnson@example.com"
    assert card["isActive"] is True and card["channel"] == "oms-us"
    assert "RMA-000001" in card["note"]
    request.refresh_from_db()
    assert request.saleor_gift_card_id == saleor.gift_cards[0]["id"]
    _forget_saleor(request)
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "done"
    assert len(saleor.gift_cards) == 1


def test_store_credit_without_the_gift_card_permission_fails_clearly(fake_saleor, shop):
    saleor = SaleorReturns(fake_saleor, permissions=("MANAGE_ORDERS", "MANAGE_PRODUCTS"))
    request = return_completed(shop, saleor, resolution="store_credit")
    assert return_sync(client=saleor_client(fake_saleor), request_id=request.pk) == "failed"
    request.refresh_from_db()
    assert "MANAGE_GIFT_CARD" in request.saleor_error and not saleor.gift_cards


@pytest.mark.parametrize(
    ("codes", "kept"),
    [
        (["INVALID_QUANTITY"], "INVALID_QUANTITY"),
        (["", "REQUIRED"], "REQUIRED"),
        ([""], "SALEOR_ERROR"),
    ],
)
def test_a_refusal_keeps_saleors_first_code_and_never_a_blank_one(codes, kept):
    # a failed return must name why: Saleor's code, else ours
    refusal = SaleorMutationError(
        "orderFulfillmentReturnProducts",
        [MutationError(field=None, message="refused", code=code) for code in codes],
    )
    assert _explain(refusal)[0] == kept
