"""The promise an order was sold with: recorded once, kept or broken, at risk in time."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.delivery import sold_promises
from saleor_oms_plugin.delivery.models import DeliveryService, SoldPromise
from saleor_oms_plugin.delivery.sold_promises import promises_at_risk, sold_promise_refresh
from saleor_oms_plugin.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine
from saleor_oms_plugin.rules.triggers import trigger_event_fields
from tests.delivery.conftest import GROUND_METHOD, VARIANT
from tests.fixtures.graphql import gql, make_api_key

UTC = dt.UTC
# Wednesday 2 Dec 2026, 10:00 in Los Angeles; its cut-off is 15:00 (23:00 UTC)
PLACED = dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
OURS = base64.b64encode(b"app:QXBwOjE=:oms-ground").decode()
SF = {"country": "US", "postalCode": "94102", "city": "SAN FRANCISCO", "countryArea": "CA"}


def _order(tenant, *, method=OURS, status="UNFULFILLED", quantity=2, number=1):
    order = Order.objects.create(
        tenant=tenant,
        saleor_id=f"T3JkZXI6{number}",
        number=str(number),
        channel_id="Q2hhbm5lbDox",
        channel_slug="live-us-71e878",
        currency="USD",
        status=status,
        total_gross=Decimal("40"),
        total_net=Decimal("40"),
        total_charged=Decimal("40"),
        shipping_address=SF,
        delivery_method_type="ShippingMethod",
        delivery_method_id=method,
        saleor_created_at=PLACED,
        saleor_updated_at=PLACED,
        source_issued_at=PLACED,
    )
    OrderLine.objects.create(
        order=order,
        saleor_id=f"line-{number}",
        product_name="Tent",
        sku="TENT",
        variant_id=VARIANT,
        quantity=quantity,
        unit_price_gross=Decimal("20"),
        position=0,
    )
    return order


def _ship(order, *, at, quantity=2, status="FULFILLED"):
    line = order.lines.get().saleor_id
    fulfillment = Fulfillment.objects.create(
        order=order,
        saleor_id=f"ful-{order.pk}-{at.isoformat()}",
        fulfillment_order=1,
        status=status,
        warehouse_id="V2FyZWhvdXNlOkxB",
        saleor_created_at=at,
        source_issued_at=at,
    )
    FulfillmentLine.objects.create(
        fulfillment=fulfillment,
        saleor_id=f"fl-{order.pk}-{at.isoformat()}",
        order_line_saleor_id=line,
        quantity=quantity,
    )


def _refresh(order, now):
    sold_promise_refresh(tenant_id=order.tenant_id, order_id=order.pk, now=now)
    return SoldPromise.objects.filter(order=order).first()


@pytest.fixture
def published(monkeypatch):
    seen = []
    monkeypatch.setattr(sold_promises, "publish", lambda **kwargs: seen.append(kwargs))
    return seen


def test_an_order_remembers_the_promise_of_the_option_chosen(store):
    promise = _refresh(_order(store["tenant"]), PLACED)
    assert promise.service_code == "oms-ground"
    assert (promise.location_name, promise.ship_date) == ("Los Angeles", dt.date(2026, 12, 2))
    assert (promise.delivery_earliest, promise.delivery_latest) == (
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 4),
    )
    assert promise.ship_deadline == dt.datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
    assert promise.sentence.endswith("from Los Angeles")
    assert promise.ship_kept is None


def test_a_store_method_carried_by_a_service_is_promised_with_it(store):
    promise = _refresh(_order(store["tenant"], method=GROUND_METHOD), PLACED)
    assert promise.service_code == "oms-ground"


def test_the_promise_is_recorded_once_whatever_changes_later(store):
    order = _order(store["tenant"])
    first = _refresh(order, PLACED)
    store["ground"].transit_bands = [{"upToKm": None, "minDays": 9, "maxDays": 9}]
    store["ground"].save()
    again = _refresh(order, PLACED + dt.timedelta(hours=1))
    assert (again.pk, again.delivery_latest) == (first.pk, first.delivery_latest)


def test_shipping_everything_by_the_ship_date_keeps_the_promise(store, published):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    _ship(order, at=dt.datetime(2026, 12, 2, 22, 30, tzinfo=UTC))  # 14:30 in Los Angeles
    promise = _refresh(order, dt.datetime(2026, 12, 2, 22, 31, tzinfo=UTC))
    assert (promise.shipped_on, promise.ship_kept) == (dt.date(2026, 12, 2), True)
    # published once, for the insights' on-time rate
    assert [(e["event"].value, e["order_id"]) for e in published] == [
        ("order.ship_promise_kept", order.pk)
    ]


def test_a_partial_shipment_or_one_waiting_for_approval_does_not_count(store):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    _ship(order, at=PLACED, quantity=1)
    _ship(order, at=PLACED + dt.timedelta(minutes=1), status="WAITING_FOR_APPROVAL")
    assert _refresh(order, PLACED + dt.timedelta(hours=1)).ship_kept is None


def test_shipping_the_next_day_breaks_the_promise(store, published):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    _ship(order, at=dt.datetime(2026, 12, 3, 17, 0, tzinfo=UTC))
    promise = _refresh(order, dt.datetime(2026, 12, 3, 17, 1, tzinfo=UTC))
    assert (promise.shipped_on, promise.ship_kept) == (dt.date(2026, 12, 3), False)
    assert [e["event"].value for e in published] == ["order.ship_promise_broken"]


def test_an_order_still_to_ship_near_the_cut_off_is_at_risk_once(store, published):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    # two hours before the cut-off: not yet
    assert promises_at_risk(now=dt.datetime(2026, 12, 2, 21, 0, tzinfo=UTC)) == 0
    # within the hour before it: at risk, published once
    assert promises_at_risk(now=dt.datetime(2026, 12, 2, 22, 15, tzinfo=UTC)) == 1
    assert promises_at_risk(now=dt.datetime(2026, 12, 2, 22, 30, tzinfo=UTC)) == 0
    (event,) = published
    assert (event["event"].value, event["order_id"]) == ("order.promise_at_risk", order.pk)
    assert event["facts"]["ship_date"] == "2026-12-02"
    assert set(event["facts"]) == set(trigger_event_fields("order.promise_at_risk"))
    # and once the cut-off has passed the promise is broken
    promise = _refresh(order, dt.datetime(2026, 12, 2, 23, 1, tzinfo=UTC))
    assert promise.ship_kept is False


def test_a_cancelled_order_is_neither_kept_nor_at_risk(store, published):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    Order.objects.filter(pk=order.pk).update(status="CANCELED")
    promise = _refresh(order, PLACED + dt.timedelta(hours=6))
    assert (promise.cancelled, promise.ship_kept) == (True, None)
    assert promises_at_risk(now=PLACED + dt.timedelta(days=2)) == 0
    assert published == []


def test_a_collection_or_an_order_without_address_gets_no_shipping_promise(store):
    order = _order(store["tenant"])
    Order.objects.filter(pk=order.pk).update(delivery_method_type="Warehouse")
    assert _refresh(order, PLACED) is None
    Order.objects.filter(pk=order.pk).update(delivery_method_type="", shipping_address=None)
    assert _refresh(order, PLACED) is None


KEEPING = """
query Keeping($range: OmsDateRangeInput!) {
  deliveryPromiseKeeping(range: $range) {
    locationName serviceCode promised kept broken open keptRate
    delivered deliveredInTime deliveryKeptRate
  }
}
"""


def test_staff_see_how_often_each_location_kept_its_promises(client, store):
    # three orders on Wednesday from Los Angeles: one shipped in time, one late, one open
    on_time, late, waiting = (_order(store["tenant"], number=n) for n in (1, 2, 3))
    for order in (on_time, late, waiting):
        _refresh(order, PLACED)
    _ship(on_time, at=dt.datetime(2026, 12, 2, 22, 0, tzinfo=UTC))
    _ship(late, at=dt.datetime(2026, 12, 4, 17, 0, tzinfo=UTC))
    for order in (on_time, late):
        _refresh(order, dt.datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
    _refresh(waiting, PLACED)
    key = make_api_key(store["tenant"], ["MANAGE_ORDERS"])
    _, body = gql(
        client, KEEPING, {"range": {"gte": "2026-12-01", "lte": "2026-12-31"}}, api_key=key
    )
    assert body["data"]["deliveryPromiseKeeping"] == [
        {
            "locationName": "Los Angeles",
            "serviceCode": "oms-ground",
            "promised": 3,
            "kept": 1,
            "broken": 1,
            "open": 1,
            "keptRate": 0.5,
            "delivered": 0,
            "deliveredInTime": 0,
            "deliveryKeptRate": None,
        }
    ]
    # a range without orders, and one the API refuses
    _, body = gql(
        client, KEEPING, {"range": {"gte": "2026-11-01", "lte": "2026-11-30"}}, api_key=key
    )
    assert body["data"]["deliveryPromiseKeeping"] == []
    _, body = gql(
        client, KEEPING, {"range": {"gte": "2026-12-31", "lte": "2026-12-01"}}, api_key=key
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENTS"


DELIVERED = """
mutation Delivered($id: ID!, $on: Date!) {
  orderDeliveredRecord(orderId: $id, deliveredOn: $on) {
    deliveredOn deliveryKept errors { field code message }
  }
}
"""


@freeze_time("2026-12-08T12:00:00Z")
def test_an_arrival_is_held_against_the_promised_window(client, store):
    # given two orders promised Thursday 3 to Friday 4 Dec
    early, late = (_order(store["tenant"], number=n) for n in (1, 2))
    for order in (early, late):
        _refresh(order, PLACED)
    key = make_api_key(store["tenant"], ["MANAGE_ORDERS"])

    def record(order, day):
        _, body = gql(
            client, DELIVERED, {"id": to_global_id("OmsOrder", order.pk), "on": day}, api_key=key
        )
        return body["data"]["orderDeliveredRecord"]

    # when the carrier reports them on Friday and on Monday
    assert record(early, "2026-12-04") == {
        "deliveredOn": "2026-12-04",
        "deliveryKept": True,
        "errors": [],
    }
    assert record(late, "2026-12-07")["deliveryKept"] is False
    # then the report counts them
    _, body = gql(
        client, KEEPING, {"range": {"gte": "2026-12-01", "lte": "2026-12-31"}}, api_key=key
    )
    (row,) = body["data"]["deliveryPromiseKeeping"]
    assert (row["delivered"], row["deliveredInTime"], row["deliveryKeptRate"]) == (2, 1, 0.5)
    # and impossible days are refused, changing nothing
    for day in ("2026-11-30", "2026-12-09"):
        assert record(early, day)["errors"][0]["code"] == "INVALID_DATE"
    assert SoldPromise.objects.get(order=early).delivered_on == dt.date(2026, 12, 4)


def test_an_order_without_a_promise_cannot_be_marked_delivered(client, store):
    order = _order(store["tenant"])
    Order.objects.filter(pk=order.pk).update(shipping_address=None)
    key = make_api_key(store["tenant"], ["MANAGE_ORDERS"])
    _, body = gql(
        client,
        DELIVERED,
        {"id": to_global_id("OmsOrder", order.pk), "on": "2026-12-04"},
        api_key=key,
    )
    assert body["data"]["orderDeliveredRecord"]["errors"][0]["code"] == "NO_PROMISE"


def test_a_decided_promise_reads_nothing_more_when_the_order_changes(
    store, django_assert_num_queries
):
    order = _order(store["tenant"])
    _refresh(order, PLACED)
    _ship(order, at=dt.datetime(2026, 12, 2, 22, 0, tzinfo=UTC))
    assert _refresh(order, dt.datetime(2026, 12, 2, 22, 1, tzinfo=UTC)).ship_kept is True
    # the order locked, its promise read (and the savepoint around them, inside the test's
    # transaction): no lines, fulfilments or routing
    with django_assert_num_queries(4):
        sold_promise_refresh(tenant_id=order.tenant_id, order_id=order.pk, now=PLACED)


def test_an_order_routing_cannot_make_sense_of_gets_no_promise(store, monkeypatch):
    from saleor_oms_plugin.routing.errors import RoutingInputError, RoutingInputErrorCode

    def refuse(*args, **kwargs):
        raise RoutingInputError(RoutingInputErrorCode.NO_LINES, "nothing to route")

    monkeypatch.setattr("saleor_oms_plugin.delivery.cart_promise.route", refuse)
    assert _refresh(_order(store["tenant"]), PLACED) is None
    assert not SoldPromise.objects.exists()


def test_a_service_saved_a_moment_ago_is_known_to_the_promise(store, settings):
    # given a worker that cached the channel's context for an earlier order
    from saleor_oms_plugin.delivery.context import delivery_context

    settings.DELIVERY_CONTEXT_SECONDS = 600
    delivery_context(tenant_id=store["tenant"].pk, channel_slug="live-us-71e878", now=PLACED)
    # when a new service is saved and an order chooses it at once
    DeliveryService.objects.create(
        tenant=store["tenant"],
        code="oms-express",
        name="OMS Express",
        transit_bands=[{"upToKm": None, "minDays": 1, "maxDays": 1}],
        rates=[{"currency": "USD", "upToKg": None, "amount": "15"}],
    )
    chosen = base64.b64encode(b"app:QXBwOjE=:oms-express").decode()
    promise = _refresh(_order(store["tenant"], method=chosen), PLACED)
    # then the order is promised with it
    assert promise.service_code == "oms-express"
