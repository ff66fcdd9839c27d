"""Staff accept a correction screening proposed, and the Saleor order changes: a substitute
replaces a short line, a corrected shipping address is set. Saleor is a client answering in
the exact shape of Saleor's schema (``tests/fixtures/schema_saleor.py``), keeping the order's lines as Saleor does; the
live suite runs the same calls against a real Saleor (tests/live/test_10_screening.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.screening import corrections
from saleor_oms_plugin.screening.corrections import (
    screening_accept_address,
    screening_accept_substitute,
)
from saleor_oms_plugin.screening.error_codes import ScreeningErrorCode
from saleor_oms_plugin.screening.errors import ScreeningError
from saleor_oms_plugin.screening.models import ScreeningResult, SubstituteIntent
from tests.fixtures.graphql import gql, make_api_key
from tests.fixtures.schema_saleor import SchemaSaleor
from tests.fixtures.screening import make_new_order

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
RED = "UHJvZHVjdFZhcmlhbnQ6NDAy"
NEW_LINE = "T3JkZXJMaW5lOjk5"
ORDER = {"id": "T3JkZXI6MQ==", "status": "UNCONFIRMED", "updatedAt": "2026-12-02T07:00:00+00:00"}


def _refusal(code, **extra):
    return {"field": "id", "message": "refused", "code": code, **extra}


class SaleorOrderLines:
    """The Saleor order's lines as Saleor keeps them: a variant the order already has is
    added to its line (as Saleor's ``orderLinesCreate`` does), a deleted line is gone. Seeded
    from the read model's order on the first call."""

    def __init__(self):
        self.lines = None
        self.status = ORDER["status"]

    def _seeded(self, order_id):
        if self.lines is None:
            order = Order.objects.get(saleor_id=order_id)
            self.lines = {
                line.saleor_id: {
                    "id": line.saleor_id,
                    "quantity": line.quantity,
                    "variant": {"id": line.variant_id},
                }
                for line in order.lines.all()
            }
        return self.lines

    def order(self, _info, id):
        return {**ORDER, "status": self.status, "lines": list(self._seeded(id).values())}

    def create(self, _info, id, input):
        lines, added = self._seeded(id), []
        for row in input:
            line = next((x for x in lines.values() if x["variant"]["id"] == row["variantId"]), None)
            if line is None:
                line = {"id": NEW_LINE, "quantity": 0, "variant": {"id": row["variantId"]}}
                lines[NEW_LINE] = line
            line["quantity"] += row["quantity"]
            added.append(line)
        return {"order": ORDER, "orderLines": added, "errors": []}

    def delete(self, _info, id):
        self.lines.pop(id)
        return {"order": ORDER, "orderLine": {"id": id}, "errors": []}


def _address_updated(_info, id, input):
    address = input["shippingAddress"]
    shipping = {
        key: address.get(key, "")
        for key in ("streetAddress1", "streetAddress2", "city", "postalCode", "countryArea")
    }
    return {
        "order": {
            **ORDER,
            "shippingAddress": {**shipping, "country": {"code": address["country"]}},
        },
        "errors": [],
    }


@pytest.fixture
def saleor(monkeypatch):
    lines = SaleorOrderLines()
    fake = SchemaSaleor(
        {
            "order": lines.order,
            "orderLinesCreate": lines.create,
            "orderLineDelete": lines.delete,
            "orderUpdate": _address_updated,
        }
    )
    fake.order_lines = lines
    monkeypatch.setattr(corrections, "tenant_saleor_client", lambda tenant: fake)
    return fake


def _held(tenant, *, status="UNCONFIRMED", checks=None, **order):
    placed = make_new_order(tenant, 1, status=status, quantity=3, **order)
    line = placed.lines.get()
    stock = {
        "check": "stock",
        "outcome": "fix",
        "code": "STOCK_OUT",
        "message": "m",
        "suggestion": {
            "substitutes": {
                line.saleor_id: [{"variantId": RED, "name": "Red", "available": 9, "tagged": False}]
            }
        },
    }
    address = {
        "check": "address",
        "outcome": "fix",
        "code": "POSTAL_CODE_STATE_MISMATCH",
        "message": "m",
        "suggestion": {"countryArea": "NY"},
    }
    ScreeningResult.objects.create(
        tenant=tenant,
        order=placed,
        state="HELD",
        checks=[stock, address] if checks is None else checks,
        reason_codes=["STOCK_OUT", "POSTAL_CODE_STATE_MISMATCH"],
        channel_slug=placed.channel_slug,
        currency="USD",
    )
    return placed, line


def _audited(tenant, verb):
    return list(
        AuditEvent.objects.filter(tenant_id=tenant.pk, verb=verb).values_list("data", flat=True)
    )


def test_accepting_a_substitute_adds_it_then_deletes_the_line(capture_tenant, saleor):
    order, line = _held(capture_tenant)

    result = screening_accept_substitute(
        tenant_id=capture_tenant.pk,
        order_id=order.pk,
        line_id=line.saleor_id,
        variant_id=RED,
        actor=STAFF,
    )

    assert saleor.sent == [
        ("queries/order_lines", {"id": order.saleor_id}),
        (
            "mutations/order_lines_create",
            {"id": order.saleor_id, "input": [{"variantId": RED, "quantity": 3}]},
        ),
        ("mutations/order_line_delete", {"id": line.saleor_id}),
    ]
    # held until Saleor reports the changed order, whose listener runs the checks again
    assert result.state == "HELD"
    assert _audited(capture_tenant, "screening.substitute_accepted") == [
        {"lineId": line.saleor_id, "variantId": RED, "quantity": 3, "addedLines": [NEW_LINE]}
    ]
    assert saleor.order_lines.lines == {
        NEW_LINE: {"id": NEW_LINE, "quantity": 3, "variant": {"id": RED}}
    }


def test_a_substitute_not_proposed_is_refused_and_nothing_sent(capture_tenant, saleor):
    order, line = _held(capture_tenant)

    with pytest.raises(ScreeningError) as refused:
        screening_accept_substitute(
            tenant_id=capture_tenant.pk,
            order_id=order.pk,
            line_id=line.saleor_id,
            variant_id="UHJvZHVjdFZhcmlhbnQ6OTk5",
            actor=STAFF,
        )

    assert refused.value.code == ScreeningErrorCode.NOT_PROPOSED
    assert saleor.sent == []
    assert _audited(capture_tenant, "screening.substitute_accepted") == []


def test_lines_of_an_unfulfilled_order_are_not_changed(capture_tenant, saleor):
    # Saleor edits the lines of UNCONFIRMED (and draft) orders only
    order, line = _held(capture_tenant, status="UNFULFILLED")

    with pytest.raises(ScreeningError) as refused:
        screening_accept_substitute(
            tenant_id=capture_tenant.pk,
            order_id=order.pk,
            line_id=line.saleor_id,
            variant_id=RED,
            actor=STAFF,
        )

    assert refused.value.code == ScreeningErrorCode.ORDER_NOT_EDITABLE
    assert saleor.sent == []


def test_a_refused_delete_is_finished_by_accepting_again_without_a_second_substitute(
    capture_tenant, saleor
):
    order, line = _held(capture_tenant)
    delete = saleor.answers["orderLineDelete"]
    saleor.answers["orderLineDelete"] = {
        "order": None,
        "orderLine": None,
        "errors": [_refusal("NOT_EDITABLE", orderLines=[line.saleor_id])],
    }
    accept = dict(
        tenant_id=capture_tenant.pk,
        order_id=order.pk,
        line_id=line.saleor_id,
        variant_id=RED,
        actor=STAFF,
    )

    with pytest.raises(ScreeningError) as refused:
        screening_accept_substitute(**accept)
    assert refused.value.code == ScreeningErrorCode.SALEOR_REFUSED
    assert NEW_LINE in refused.value.message and "NOT_EDITABLE" in refused.value.message
    assert _audited(capture_tenant, "screening.substitute_accepted") == []

    saleor.answers["orderLineDelete"] = delete
    saleor.sent.clear()
    screening_accept_substitute(**accept)

    assert [name for name, _ in saleor.sent] == [
        "queries/order_lines",
        "mutations/order_line_delete",
    ]
    assert saleor.order_lines.lines == {
        NEW_LINE: {"id": NEW_LINE, "quantity": 3, "variant": {"id": RED}}
    }
    assert len(_audited(capture_tenant, "screening.substitute_accepted")) == 1


def test_a_crash_after_saleor_added_the_substitute_never_adds_it_twice(
    capture_tenant, saleor, monkeypatch
):
    # The substitute's variant is already on the order (2 units): Saleor adds to that line,
    # so only the baseline written before asking tells whether the add went through.
    order, line = _held(capture_tenant)
    saleor.order_lines._seeded(order.saleor_id)[NEW_LINE] = {
        "id": NEW_LINE,
        "quantity": 2,
        "variant": {"id": RED},
    }
    accept = dict(
        tenant_id=capture_tenant.pk,
        order_id=order.pk,
        line_id=line.saleor_id,
        variant_id=RED,
        actor=STAFF,
    )
    real_move = corrections._move

    def crash_once_added(intent, **changes):
        if changes.get("state") == SubstituteIntent.State.ADDED:
            raise ConnectionError("worker died after Saleor answered")
        real_move(intent, **changes)

    monkeypatch.setattr(corrections, "_move", crash_once_added)
    with pytest.raises(ConnectionError):
        screening_accept_substitute(**accept)
    monkeypatch.setattr(corrections, "_move", real_move)
    saleor.sent.clear()

    screening_accept_substitute(**accept)

    assert [name for name, _ in saleor.sent] == [
        "queries/order_lines",
        "mutations/order_line_delete",
    ]
    assert saleor.order_lines.lines == {
        NEW_LINE: {"id": NEW_LINE, "quantity": 5, "variant": {"id": RED}}
    }
    assert SubstituteIntent.objects.get().state == SubstituteIntent.State.DONE


def test_an_acceptance_being_applied_holds_off_another_and_a_done_one_is_not_redone(
    capture_tenant, saleor
):
    order, line = _held(capture_tenant)
    accept = dict(
        tenant_id=capture_tenant.pk,
        order_id=order.pk,
        line_id=line.saleor_id,
        variant_id=RED,
        actor=STAFF,
    )
    SubstituteIntent.objects.create(
        tenant=capture_tenant,
        order=order,
        line_id=line.saleor_id,
        variant_id=RED,
        quantity=3,
        claimed_until=timezone.now() + timedelta(seconds=30),
    )

    with pytest.raises(ScreeningError) as busy:
        screening_accept_substitute(**accept)
    assert busy.value.code == ScreeningErrorCode.CORRECTION_IN_PROGRESS
    assert saleor.sent == []

    SubstituteIntent.objects.update(
        claimed_until=None
    )  # the first one ended (or its claim ran out)
    screening_accept_substitute(**accept)
    with pytest.raises(ScreeningError) as done:
        screening_accept_substitute(**accept)

    assert done.value.code == ScreeningErrorCode.ALREADY_ACCEPTED
    assert [name for name, _ in saleor.sent].count("mutations/order_lines_create") == 1


def test_when_saleor_refuses_the_substitute_nothing_is_deleted(capture_tenant, saleor):
    order, line = _held(capture_tenant)
    saleor.answers["orderLinesCreate"] = {
        "order": None,
        "orderLines": None,
        "errors": [_refusal("INSUFFICIENT_STOCK", variants=[RED])],
    }

    with pytest.raises(ScreeningError) as refused:
        screening_accept_substitute(
            tenant_id=capture_tenant.pk,
            order_id=order.pk,
            line_id=line.saleor_id,
            variant_id=RED,
            actor=STAFF,
        )

    assert refused.value.code == ScreeningErrorCode.SALEOR_REFUSED
    assert [name for name, _ in saleor.sent] == [
        "queries/order_lines",
        "mutations/order_lines_create",
    ]
    assert _audited(capture_tenant, "screening.substitute_accepted") == []
    assert not SubstituteIntent.objects.exists()  # a later acceptance starts afresh


def test_accepting_the_address_correction_sets_the_shipping_address(capture_tenant, saleor):
    order, _ = _held(
        capture_tenant,
        status="UNFULFILLED",
        shipping={
            "firstName": "Ada",
            "streetAddress1": "1 Main St",
            "city": "NEW YORK",
            "postalCode": "10001",
            "countryArea": "CA",
            "country": "US",
        },
    )

    result = screening_accept_address(tenant_id=capture_tenant.pk, order_id=order.pk, actor=STAFF)

    assert saleor.sent == [
        (
            "mutations/order_update_shipping_address",
            {
                "id": order.saleor_id,
                "address": {
                    "firstName": "Ada",
                    "streetAddress1": "1 Main St",
                    "city": "NEW YORK",
                    "postalCode": "10001",
                    "country": "US",
                    "countryArea": "NY",
                },
            },
        )
    ]
    assert result.state == "HELD"
    assert _audited(capture_tenant, "screening.address_accepted") == [
        {"correction": {"countryArea": "NY"}}
    ]


def test_an_address_without_a_suggestion_is_refused(capture_tenant, saleor):
    order, _ = _held(capture_tenant, checks=[])

    with pytest.raises(ScreeningError) as refused:
        screening_accept_address(tenant_id=capture_tenant.pk, order_id=order.pk, actor=STAFF)

    assert refused.value.code == ScreeningErrorCode.NOT_PROPOSED
    assert saleor.sent == []


def test_a_released_order_is_not_corrected(capture_tenant, saleor):
    order, _ = _held(capture_tenant)
    ScreeningResult.objects.filter(order=order).update(state="RELEASED")

    with pytest.raises(ScreeningError) as refused:
        screening_accept_address(tenant_id=capture_tenant.pk, order_id=order.pk, actor=STAFF)

    assert refused.value.code == ScreeningErrorCode.ILLEGAL_TRANSITION
    assert saleor.sent == []


ACCEPT = """
mutation Accept($orderId: ID!, $lineId: ID!, $variantId: ID!) {
  screeningAcceptSubstitute(orderId: $orderId, lineId: $lineId, variantId: $variantId) {
    result { state }
    errors { code field message }
  }
}
"""


def test_the_api_accepts_a_substitute_and_maps_refusals(client, capture_tenant, saleor):
    order, line = _held(capture_tenant)
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    variables = {
        "orderId": to_global_id("OmsOrder", order.pk),
        "lineId": line.saleor_id,
        "variantId": "UHJvZHVjdFZhcmlhbnQ6OTk5",
    }

    _, refused = gql(client, ACCEPT, variables, api_key=key)
    _, accepted = gql(client, ACCEPT, {**variables, "variantId": RED}, api_key=key)

    assert refused["data"]["screeningAcceptSubstitute"]["errors"][0]["code"] == "NOT_PROPOSED"
    assert accepted["data"]["screeningAcceptSubstitute"] == {
        "result": {"state": "HELD"},
        "errors": [],
    }
