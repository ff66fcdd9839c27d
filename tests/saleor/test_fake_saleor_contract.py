"""The fake Saleor answers our returns documents as the live Saleor 3.23.28 did.

Each case recorded by ``scripts/record_returns_contract.py`` (tests/fixtures/contract/returns/)
is replayed on the fake from the same starting point, after the cases recorded before it: the
HTTP status and the answer must be the recorded ones (error fields, codes and messages,
statuses, quantities, amounts, shapes), ids standing for the same objects.
"""

from __future__ import annotations

import pytest

from saleor_oms_plugin.saleor.documents import document
from tests.fixtures.returns_contract import contract_shop, recording, recordings, replay

CASES = [recorded.case for recorded in recordings()]


def test_every_case_the_returns_send_was_recorded():
    assert {
        "return_order_lines_for_shipped_refused",
        "return_fulfillment_lines_accepted",
        "return_empty_accepted",
        "grant_refund_accepted",
        "grant_refund_over_charged_refused",
        "grant_refund_unknown_transaction_refused",
        "refund_request_for_granted_refund",
        "gift_card_create_accepted",
        "exchange_draft_create_accepted",
        "fulfillment_cancel_shipped_without_warehouse_refused",
        "fulfillment_cancel_shipped_with_warehouse_accepted",
    } <= set(CASES)
    assert {recorded.document for recorded in recordings()} == {
        "mutations/order_return_products",
        "mutations/order_grant_refund_create",
        "mutations/return_refund_request",
        "mutations/return_gift_card_create",
        "mutations/return_exchange_draft_create",
        "mutations/fulfillment_cancel",
        "queries/return_order_state",
        "queries/return_gift_cards",
        "queries/return_exchange_drafts",
    }


@pytest.mark.parametrize("case", CASES)
def test_the_fake_answers_as_saleor_recorded(fake_saleor, case):
    # given the fake in the state the live Saleor was in before this case
    contract_shop(fake_saleor)
    # when the recorded exchanges up to this one are sent to it
    replayed = next(r for r in replay(fake_saleor) if r.recording.case == case)
    # then it answers this one exactly as Saleor did
    assert replayed.status == replayed.recording.status
    assert replayed.answer == replayed.recording.answer


def test_an_apps_grant_needs_no_reason_reference_where_a_staff_users_does(fake_saleor):
    # given the shop as recorded: refunds need a reason reference (from staff users)
    contract_shop(fake_saleor)
    refused = recording("grant_refund_staff_without_reason_reference_refused")
    # when our app sends the grant the staff user had refused
    status, answer = fake_saleor.execute(
        document(refused.document), refused.variables, token=fake_saleor.app_token
    )
    # then it is granted (Saleor asks the reference of staff users only)
    payload = answer["data"]["orderGrantRefundCreate"]
    assert (status, payload["errors"]) == (200, [])
    assert payload["grantedRefund"]["amount"] == {"amount": 1.0, "currency": "USD"}
