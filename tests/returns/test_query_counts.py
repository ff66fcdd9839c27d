"""SQL per request of the returns reads, for staff and for customers."""

from __future__ import annotations

import itertools

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.orders.models import OrderLine
from saleor_oms_plugin.returns.models import ReturnLine
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import make_api_key, make_order, valid_moment
from tests.fixtures.order_stories import add_return
from tests.fixtures.query_counts import assert_constant_queries, edges, items
from tests.fixtures.returns import CUSTOMER_ID, make_policy

pytestmark = pytest.mark.django_db

# The Dashboard's Returns page (pages/Returns.tsx).
RETURN_FIELDS = """
id rmaNumber status resolution orderNumber channel note decisionReason currency refundAmount
createdAt saleorState saleorErrorCode saleorError labelUrl
lines {
  id sku productName quantity reason unitPrice quantityResellable quantityDamaged quantityMissing
}
"""
RETURNS = f"""
query Returns($first: Int) {{
  returnRequests(first: $first) {{ totalCount edges {{ node {{ {RETURN_FIELDS} }} }} }}
}}
"""
RETURN = f"query Return($id: ID!) {{ returnRequest(id: $id) {{ {RETURN_FIELDS} }} }}"
# The Dashboard's return policies (pages/settings/ReturnPolicies.tsx).
POLICIES = """
query ReturnPolicies {
  returnPolicies {
    channel windowDays finalSaleProductTypes finalSaleSkus reasons resolutions
    restockingFeePercent returnShippingFee autoApproveMaxValue autoApproveReasons instructions
    returnLocationId
  }
}
"""
MY_RETURNS = f"query MyReturns {{ myReturns {{ {RETURN_FIELDS} }} }}"
# The Dashboard's order widget (extensions/OrderWidget.tsx).
ORDER_RETURNS = """
query OrderReturns($number: String!) {
  orderReturns(orderNumber: $number) { id rmaNumber status createdAt lines { id quantity } }
}
"""


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_ORDERS"])}


@pytest.fixture
def returned(capture_tenant):
    """``grow(n)``: n more orders of the signed-in customer, each with a return of 2 lines."""
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            order = make_order(capture_tenant, number)
            order.user_id = CUSTOMER_ID
            order.save(update_fields=["user_id"])
            add_return(order, rma_number=number)

    return grow


def test_return_requests(client, headers, returned):
    # key (1), page with the orders (1), totalCount (1), lines with their order lines (1)
    assert_constant_queries(
        client,
        RETURNS,
        grow=returned,
        rows=edges("returnRequests"),
        expected=4,
        headers=headers,
        variables={"first": 100},
    )


def test_return_request(client, capture_tenant, headers):
    order = make_order(capture_tenant, 1, lines=0)
    request = add_return(order, rma_number=1)
    positions = itertools.count(1)

    def grow(count):
        for _ in range(count):
            position = next(positions)
            line = OrderLine.objects.create(
                order=order,
                saleor_id=f"line-{order.pk}-{position}",
                product_name="Juice",
                sku=f"SKU-{position}",
                quantity=1,
                unit_price_gross=10,
                position=position,
            )
            ReturnLine.objects.create(
                request=request, order_line=line, quantity=1, reason="damaged", unit_price=10
            )

    # key (1), the return with its order (1), lines with their order lines (1)
    assert_constant_queries(
        client,
        RETURN,
        grow=grow,
        rows=lambda body: len(body["data"]["returnRequest"]["lines"]),
        expected=3,
        headers=headers,
        variables={"id": to_global_id("OmsReturnRequest", request.pk)},
    )


def test_return_policies(client, capture_tenant, headers):
    channels = (f"channel-{number}" for number in itertools.count(1))

    def grow(count):
        for _ in range(count):
            make_policy(capture_tenant, next(channels), reasons=["damaged"])

    # key (1), policies (1)
    assert_constant_queries(
        client, POLICIES, grow=grow, rows=items("returnPolicies"), expected=2, headers=headers
    )


def test_my_returns(client, returned):
    customer = {"Authorization": f"Bearer {tokens()['customer_access']}"}
    # the customer's tenant (1), returns with their orders (1), lines with their order lines (1)
    with freeze_time(valid_moment("customer_access")):
        assert_constant_queries(
            client, MY_RETURNS, grow=returned, rows=items("myReturns"), expected=3, headers=customer
        )


def test_order_returns(client, capture_tenant, headers):
    order = make_order(capture_tenant, 1)
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            add_return(order, rma_number=next(numbers))

    # key (1), order (1), returns with the order (1), lines (1)
    assert_constant_queries(
        client,
        ORDER_RETURNS,
        grow=grow,
        rows=items("orderReturns"),
        expected=4,
        headers=headers,
        variables={"number": order.number},
    )
