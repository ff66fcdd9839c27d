"""The OMS's answers while a customer checks out: its own delivery options with promises, and
the store's methods it cannot honour filtered out; "no opinion" whenever it has none."""

from __future__ import annotations

import base64
import json

import pytest
import requests
from django.utils import timezone
from freezegun import freeze_time

from saleor_oms_plugin.delivery.method_filter import shipping_filter_answer
from saleor_oms_plugin.delivery.options import shipping_options_answer
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.saleor.subscriptions import SYNC_WEBHOOKS
from tests.delivery.conftest import GROUND_METHOD
from tests.fixtures.contract import sync_capture
from tests.fixtures.deliveries import capture_headers

LIST = "SHIPPING_LIST_METHODS_FOR_CHECKOUT"
FILTER = "CHECKOUT_FILTER_SHIPPING_METHODS"
PATHS = {hook.event: f"/api/sync/{hook.path}/" for hook in SYNC_WEBHOOKS}
# Wednesday 2 Dec 2026, 10:00 in Los Angeles: before its 15:00 cut-off.
WEDNESDAY_MORNING = "2026-12-02T18:00:00Z"


def _payload(event: str) -> dict:
    return json.loads(sync_capture(event).body)


def _only_in_new_york(store) -> None:
    StockLevel.objects.filter(location=store["la"]).update(on_hand=0)


def _ground_promises(payload: dict, days: int | None) -> dict:
    for method in payload["shippingMethods"]:
        if method["id"] == GROUND_METHOD:
            method["maximumDeliveryDays"] = days
    return payload


@freeze_time(WEDNESDAY_MORNING)
def test_saleor_gets_the_oms_option_priced_and_promised(live_server, store):
    # given the cart Saleor asked about, posted as Saleor posted it
    capture = sync_capture(LIST)
    response = requests.post(
        live_server.url + PATHS[LIST],
        data=capture.body,
        headers=capture_headers(capture),
        timeout=30,
    )
    # then the OMS offers its service: from Los Angeles today, Thursday or Friday in SF
    assert response.status_code == 200
    assert response.headers["OMS-Answer"] == "answered"
    (method,) = response.json()
    assert method["id"] == "oms-ground"
    assert (method["amount"], method["currency"]) == ("6.50", "USD")
    assert (method["minimum_delivery_days"], method["maximum_delivery_days"]) == (1, 2)
    assert method["description"].startswith("Order within 5 h")
    assert method["description"].endswith("from Los Angeles")
    assert method["metadata"]["oms.ship_date"] == "2026-12-02"
    assert method["metadata"]["oms.delivery_latest"] == "2026-12-04"


@freeze_time("2026-12-02T23:30:00Z")  # 15:30 in Los Angeles: after its cut-off
def test_after_the_cut_off_the_promise_moves_a_working_day(store):
    (method,) = shipping_options_answer(store["tenant"], _payload(LIST))
    # ships Thursday; one to two delivery days: Friday, or Monday over the weekend
    assert method["metadata"]["oms.ship_date"] == "2026-12-03"
    assert method["metadata"]["oms.delivery_latest"] == "2026-12-07"
    assert (method["minimum_delivery_days"], method["maximum_delivery_days"]) == (2, 5)


@freeze_time(WEDNESDAY_MORNING)
def test_stock_only_far_away_makes_the_promise_longer(store):
    _only_in_new_york(store)
    (method,) = shipping_options_answer(store["tenant"], _payload(LIST))
    assert method["maximum_delivery_days"] > 2
    assert method["description"].endswith("from New York")


@freeze_time(WEDNESDAY_MORNING)
def test_nothing_in_stock_offers_nothing(store):
    StockLevel.objects.update(on_hand=0)
    assert shipping_options_answer(store["tenant"], _payload(LIST)) == []


@freeze_time(WEDNESDAY_MORNING)
@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"channels": ["another-channel"]},
        {"rates": [{"currency": "EUR", "upToKg": None, "amount": "5"}]},
        {"rates": [{"currency": "USD", "upToKg": 0.1, "amount": "5"}]},  # cart too heavy
    ],
)
def test_a_service_that_does_not_apply_is_not_offered(store, change):
    ground = store["ground"]
    for name, value in change.items():
        setattr(ground, name, value)
    ground.save()
    assert shipping_options_answer(store["tenant"], _payload(LIST)) == []


def test_no_address_yet_means_no_options(store):
    payload = _payload(LIST)
    payload["checkout"]["shippingAddress"] = None
    assert shipping_options_answer(store["tenant"], payload) == []


@freeze_time(WEDNESDAY_MORNING)
def test_a_store_method_the_cart_can_meet_is_kept(store):
    answer = shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3))
    assert answer == {"excluded_methods": []}


@freeze_time(WEDNESDAY_MORNING)
def test_a_store_method_the_cart_cannot_meet_is_excluded_with_the_reason(store):
    # given the tents only in New York, a week away by ground
    _only_in_new_york(store)
    # when Saleor asks about its "Ground" promising 3 days
    answer = shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3))
    # then it is excluded, and the customer is told why
    (excluded,) = answer["excluded_methods"]
    assert excluded["id"] == GROUND_METHOD
    assert excluded["reason"].startswith("Cannot arrive within 3 days")


@freeze_time(WEDNESDAY_MORNING)
def test_a_service_may_name_the_method_by_the_id_staff_see(store):
    # the Dashboard and shippingPriceCreate give ShippingMethodType ids; checkouts ShippingMethod
    _only_in_new_york(store)
    store["ground"].saleor_method_ids = [base64.b64encode(b"ShippingMethodType:22").decode()]
    store["ground"].save()
    answer = shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3))
    assert [e["id"] for e in answer["excluded_methods"]] == [GROUND_METHOD]


@freeze_time(WEDNESDAY_MORNING)
def test_the_filter_leaves_alone_what_it_cannot_judge(store):
    _only_in_new_york(store)
    # a method that promises nothing
    assert shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), None)) == {
        "excluded_methods": []
    }
    # a method no service carries
    store["ground"].saleor_method_ids = []
    store["ground"].save()
    assert shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3)) == {
        "excluded_methods": []
    }


@freeze_time(WEDNESDAY_MORNING)
def test_a_cart_out_of_stock_is_not_blocked_by_the_filter(store):
    # Saleor checks stock itself when the order is placed; the ledger may lag behind
    StockLevel.objects.update(on_hand=0)
    answer = shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3))
    assert answer == {"excluded_methods": []}


@freeze_time(WEDNESDAY_MORNING)
def test_the_captured_filter_question_over_http_is_answered(client, store):
    capture = sync_capture(FILTER)
    response = client.post(
        PATHS[FILTER],
        data=capture.body,
        content_type="application/json",
        **{
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in capture_headers(capture).items()
            if k != "Content-Type"
        },
    )
    assert response.status_code == 200
    assert response["OMS-Answer"] == "answered"
    assert response.json() == {"excluded_methods": []}  # the captured Ground promises nothing


@freeze_time(WEDNESDAY_MORNING)
def test_the_filter_reuses_the_plan_the_list_made_for_the_same_cart(store, monkeypatch):
    from saleor_oms_plugin.delivery import cart_promise

    routed = []
    real_route = cart_promise.route
    monkeypatch.setattr(
        cart_promise,
        "route",
        lambda *args, **kwargs: routed.append(1) or real_route(*args, **kwargs),
    )
    shipping_options_answer(store["tenant"], _payload(LIST))
    shipping_filter_answer(store["tenant"], _ground_promises(_payload(FILTER), 3))
    assert len(routed) == 1
    # a changed checkout (Saleor bumps updatedAt) is planned again
    changed = _ground_promises(_payload(FILTER), 3)
    changed["checkout"]["updatedAt"] = "2026-12-02T18:00:01+00:00"
    shipping_filter_answer(store["tenant"], changed)
    assert len(routed) == 2


@freeze_time(WEDNESDAY_MORNING)
def test_what_the_cart_itself_holds_counts_as_its_own(store):
    from saleor_oms_plugin.checkout.models import Cart
    from saleor_oms_plugin.inventory.models import Channel, ChannelLocation
    from saleor_oms_plugin.inventory.reservations import RequestedLine, reservation_create
    from tests.fixtures.inventory import OPERATOR

    # given this very checkout holding every tent Los Angeles has
    question = _payload(LIST)["checkout"]
    channel = Channel.objects.create(tenant=store["tenant"], slug=question["channel"]["slug"])
    ChannelLocation.objects.create(channel=channel, location=store["la"])
    hold = reservation_create(
        tenant_id=store["tenant"].pk,
        channel_slug=channel.slug,
        reference=f"checkout:{question['id']}:1",
        lines=[RequestedLine(question["lines"][0]["variant"]["id"], 5)],
        actor=OPERATOR,
        soft=True,
    )
    Cart.objects.create(
        tenant=store["tenant"],
        checkout_id=question["id"],
        reservation=hold,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    # then its question is answered from Los Angeles still, not from New York
    (method,) = shipping_options_answer(store["tenant"], _payload(LIST))
    assert method["description"].endswith("from Los Angeles")
    assert (method["minimum_delivery_days"], method["maximum_delivery_days"]) == (1, 2)
