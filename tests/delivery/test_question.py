"""Saleor's synchronous checkout payloads, as captured from a live Saleor, as plain data."""

from __future__ import annotations

import base64
import json

import pytest

from saleor_oms_plugin.delivery.errors import DeliveryError
from saleor_oms_plugin.delivery.question import OfferedMethod, question_parse, shipping_method_key
from tests.fixtures.contract import sync_capture


def _payload(event: str) -> dict:
    return json.loads(sync_capture(event).body)


def test_the_list_question_carries_the_cart_and_where_it_goes():
    question = question_parse(_payload("SHIPPING_LIST_METHODS_FOR_CHECKOUT"))
    assert question.channel_slug == "live-us-71e878"
    assert question.currency == "USD"
    assert question.destination is not None
    assert (question.destination.country, question.destination.postal_code) == ("US", "94102")
    assert [(line.sku, line.quantity) for line in question.lines] == [("TENT-71e878", 1)]
    assert question.lines[0].unit_weight_kg == pytest.approx(0.5)
    assert question.weight_kg == pytest.approx(0.5)


def test_the_filter_question_carries_the_store_and_app_methods():
    question = question_parse(_payload("CHECKOUT_FILTER_SHIPPING_METHODS"))
    names = {method.name: method for method in question.methods}
    assert set(names) >= {"Ground", "OMS Standard"}
    assert not names["Ground"].is_app_method
    assert names["OMS Standard"].is_app_method  # an app answered it (ours, in the capture run)
    assert names["OMS Standard"].maximum_days == 4


@pytest.mark.parametrize(
    ("unit", "value", "kg"), [("G", 500, 0.5), ("LB", 1, 0.45359237), ("OZ", 16, 0.45359237)]
)
def test_weights_in_any_unit_become_kilograms(unit, value, kg):
    payload = _payload("SHIPPING_LIST_METHODS_FOR_CHECKOUT")
    payload["checkout"]["lines"][0]["variant"]["weight"] = {"unit": unit, "value": value}
    assert question_parse(payload).lines[0].unit_weight_kg == pytest.approx(kg)


def test_a_checkout_without_address_has_no_destination():
    payload = _payload("SHIPPING_LIST_METHODS_FOR_CHECKOUT")
    payload["checkout"]["shippingAddress"] = None
    assert question_parse(payload).destination is None


@pytest.mark.parametrize(
    "broken",
    [
        lambda p: p.pop("checkout"),
        lambda p: p["checkout"].update(channel=None),
        lambda p: p["checkout"]["lines"][0].update(variant=None),
        lambda p: p["checkout"]["lines"][0].update(quantity=0),
        lambda p: p["checkout"]["lines"][0].update(quantity="2"),
    ],
)
def test_a_payload_missing_what_is_needed_is_refused(broken):
    payload = _payload("SHIPPING_LIST_METHODS_FOR_CHECKOUT")
    broken(payload)
    with pytest.raises(DeliveryError):
        question_parse(payload)


def test_store_method_ids_are_not_app_methods_even_when_not_base64():
    assert not OfferedMethod("not base64!", "x", None, None).is_app_method
    app_id = base64.b64encode(b"app:QXBwOjE=:oms-standard").decode()
    assert OfferedMethod(app_id, "x", None, None).is_app_method


def test_a_store_method_is_known_by_either_of_its_saleor_ids():
    as_managed = base64.b64encode(b"ShippingMethodType:22").decode()  # shippingPriceCreate
    as_offered = base64.b64encode(b"ShippingMethod:22").decode()  # a checkout's methods
    assert shipping_method_key(as_managed) == shipping_method_key(as_offered)
    assert shipping_method_key(base64.b64encode(b"ShippingMethod:23").decode()) != (
        shipping_method_key(as_offered)
    )
    assert shipping_method_key("opaque") == "opaque"
