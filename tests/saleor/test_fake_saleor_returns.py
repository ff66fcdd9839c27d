"""The fake Saleor returns, refunds and cancels as Saleor 3.23.28 does, so tests of our
returns cannot pass against rules Saleor does not have (the old input, order lines for shipped
goods, is refused as Saleor refuses it)."""

from __future__ import annotations

import copy

import pytest

from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorMutationError
from tests.fixtures.fulfilment import SaleorStock
from tests.fixtures.returns import SaleorReturns

TENT = "OMS-SKU-019"  # order 37: 2 tents, shipped from Dallas


@pytest.fixture
def saleor(fake_saleor):
    return SaleorReturns(fake_saleor)


def _client(fake) -> SaleorClient:
    return SaleorClient(fake.url, fake.app_token, sleep=lambda seconds: None)


def _return(fake, order_id, **products):
    return _client(fake).mutate(
        "mutations/order_return_products",
        {"order": order_id, "input": {"refund": False, **products}},
        payload="orderFulfillmentReturnProducts",
    )


def _tent(saleor):
    order = saleor.order(37)
    line = next(line for line in order["lines"] if line["productSku"] == TENT)
    return order, line


def test_order_lines_for_shipped_goods_are_refused_as_saleor_does(fake_saleor, saleor):
    # given order 37, whose two tents were shipped
    order, tent = _tent(saleor)
    before = copy.deepcopy(order)
    # when a return names the shipped tent by its order line (the old input)
    with pytest.raises(SaleorMutationError) as refused:
        _return(fake_saleor, order["id"], orderLines=[{"orderLineId": tent["id"], "quantity": 1}])
    # then Saleor's refusal, and nothing changed
    assert [(e.field, e.code, e.message) for e in refused.value.errors] == [
        (
            "orderLineId",
            "INVALID_QUANTITY",
            "Provided quantity is bigger than unfulfilled quantity.",
        )
    ]
    assert saleor.order(37) == before
    assert fake_saleor.events == []


def test_fulfilment_lines_are_returned_without_restock_firing_only_order_updated(fake_saleor):
    # given order 37's tents shipped from Dallas, and the warehouses' stock
    stock = SaleorStock(fake_saleor)
    saleor = SaleorReturns(fake_saleor)
    order, tent = _tent(saleor)
    (shipped,) = saleor.fulfilled_line_ids(37, tent["id"])
    levels = copy.deepcopy(stock.stock)
    # when one tent is returned by its fulfilment line
    result = _return(
        fake_saleor,
        order["id"],
        fulfillmentLines=[{"fulfillmentLineId": shipped, "quantity": 1, "replace": False}],
        reason="RMA-000009 (OMS return)",
    )
    # then a RETURNED fulfilment holds it, the shipped line keeps the other, the order is
    # partly returned, nothing is back in stock and only ORDER_UPDATED fired
    returned = result["returnFulfillment"]
    assert returned["status"] == "RETURNED" and returned["reason"] == "RMA-000009 (OMS return)"
    assert [(line["orderLine"]["id"], line["quantity"]) for line in returned["lines"]] == [
        (tent["id"], 1)
    ]
    shipped_line = next(
        line for f in order["fulfillments"] for line in f["lines"] if line["id"] == shipped
    )
    assert shipped_line["quantity"] == 1
    assert order["status"] == "PARTIALLY_RETURNED"
    assert stock.stock == levels
    assert fake_saleor.events == [("ORDER_UPDATED", order["id"])]


def test_more_than_a_fulfilment_line_holds_is_refused(fake_saleor, saleor):
    order, tent = _tent(saleor)
    (shipped,) = saleor.fulfilled_line_ids(37, tent["id"])
    with pytest.raises(SaleorMutationError) as refused:
        _return(
            fake_saleor,
            order["id"],
            fulfillmentLines=[{"fulfillmentLineId": shipped, "quantity": 3}],
        )
    assert refused.value.codes == {"INVALID_QUANTITY"}
    assert saleor.returned_fulfillments(37) == []


def test_an_empty_return_creates_an_empty_returned_fulfilment(fake_saleor, saleor):
    order, _ = _tent(saleor)
    result = _return(fake_saleor, order["id"])
    assert result["returnFulfillment"]["status"] == "RETURNED"
    assert result["returnFulfillment"]["lines"] == []
    assert len(saleor.returned_fulfillments(37)) == 1
    assert order["status"] == "FULFILLED"


def test_replaced_units_go_to_a_replaced_fulfilment_and_a_draft_order(fake_saleor, saleor):
    order, tent = _tent(saleor)
    (shipped,) = saleor.fulfilled_line_ids(37, tent["id"])
    _return(
        fake_saleor,
        order["id"],
        fulfillmentLines=[{"fulfillmentLineId": shipped, "quantity": 2, "replace": True}],
    )
    statuses = [f["status"] for f in order["fulfillments"]]
    assert "REPLACED" in statuses and "RETURNED" in statuses
    draft = next(o for o in fake_saleor.orders if o.get("original") == order["id"])
    assert draft["status"] == "DRAFT" and draft["origin"] == "REISSUE"
    assert [(line["productSku"], line["quantity"]) for line in draft["lines"]] == [(TENT, 2)]
    assert fake_saleor.events == [
        ("ORDER_UPDATED", order["id"]),
        ("DRAFT_ORDER_CREATED", draft["id"]),
    ]


def test_cancelling_a_shipped_fulfilment_needs_the_warehouse_to_restock(fake_saleor):
    # given order 37's Dallas fulfilment (shipped)
    stock = SaleorStock(fake_saleor)
    order = stock.order(SaleorReturns(fake_saleor).order(37)["id"])
    dallas = order["fulfillments"][1]
    client = _client(fake_saleor)
    # when it is cancelled without a warehouse: refused as Saleor refuses it
    with pytest.raises(SaleorMutationError) as refused:
        client.mutate(
            "mutations/fulfillment_cancel",
            {"id": dallas["id"], "warehouse": None},
            payload="orderFulfillmentCancel",
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [("warehouseId", "REQUIRED")]
    assert dallas["status"] == "FULFILLED"
    # when with its warehouse: cancelled, units back in stock there
    tent_level = stock.level(TENT, "oms-dal")["quantity"]
    client.mutate(
        "mutations/fulfillment_cancel",
        {"id": dallas["id"], "warehouse": dallas["warehouse"]["id"]},
        payload="orderFulfillmentCancel",
    )
    assert dallas["status"] == "CANCELED"
    assert stock.level(TENT, "oms-dal")["quantity"] == tent_level + 2
    assert fake_saleor.events == [
        ("FULFILLMENT_CANCELED", dallas["id"]),
        ("ORDER_UPDATED", order["id"]),
    ]
    # and a cancelled fulfilment cannot be cancelled again
    with pytest.raises(SaleorMutationError) as again:
        client.mutate(
            "mutations/fulfillment_cancel",
            {"id": dallas["id"], "warehouse": dallas["warehouse"]["id"]},
            payload="orderFulfillmentCancel",
        )
    assert again.value.codes == {"CANNOT_CANCEL_FULFILLMENT"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"transactionId": "VHJhbnNhY3Rpb25JdGVtOm5vbmU="}, "transactionId", "NOT_FOUND"),
        ({"amount": "100000.00"}, "amount", "AMOUNT_GREATER_THAN_AVAILABLE"),
        ({"lines": [{"id": "T3JkZXJMaW5lOm5vbmU=", "quantity": 1}]}, "lines", "INVALID"),
    ],
)
def test_granted_refunds_are_checked_as_saleor_checks_them(
    fake_saleor, saleor, change, field, code
):
    # given order 37 paid through one transaction
    order, tent = _tent(saleor)
    payment = saleor.add_transaction(37)
    granted = {
        "amount": "10.00",
        "reason": "test",
        "transactionId": payment["id"],
        "lines": [{"id": tent["id"], "quantity": 1}],
    }
    # when a grant names an unknown transaction, more than it charged, or an unknown line
    with pytest.raises(SaleorMutationError) as refused:
        _client(fake_saleor).mutate(
            "mutations/order_grant_refund_create",
            {"id": order["id"], "input": {**granted, **change}},
            payload="orderGrantRefundCreate",
        )
    # then Saleor's error, and nothing is granted
    assert [(e.field, e.code) for e in refused.value.errors] == [(field, code)]
    assert order["grantedRefunds"] == []
