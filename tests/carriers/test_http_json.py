"""The JSON-over-HTTP carrier against a real local HTTP stand-in: what goes over the wire,
what comes back, retries on 5xx and timeouts, and typed errors."""

import base64
import datetime as dt
import socket
from decimal import Decimal

import pytest

from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode
from saleor_oms_plugin.carriers.http_json import HttpJsonCarrier, http_json_from_config
from saleor_oms_plugin.carriers.model import (
    LabelFormat,
    Money,
    Parcel,
    Shipment,
    TrackingState,
)
from tests.fixtures.carrier_server import CarrierStandIn, Reply
from tests.fixtures.documents import address, warehouse_address

LABEL = b"%PDF-1.4 carrier label"


@pytest.fixture
def stand_in():
    server = CarrierStandIn()
    yield server
    server.close()


@pytest.fixture
def carrier(stand_in):
    waits = []
    adapter = HttpJsonCarrier(
        base_url=stand_in.url,
        api_key="secret-key",
        timeout=(1.0, 1.0),
        max_attempts=3,
        sleep=waits.append,
    )
    adapter.waits = waits  # type: ignore[attr-defined]
    return adapter


def shipment(**changes):
    base = {
        "reference": "SHP-42",
        "service": "express",
        "ship_from": warehouse_address(),
        "ship_to": address(),
        "parcels": (Parcel(1200, 300, 200, 100), Parcel(800)),
    }
    return Shipment(**{**base, **changes})


def label_reply(**changes):
    body = {
        "tracking_number": "1Z999",
        "label_format": "pdf",
        "label_base64": base64.b64encode(LABEL).decode(),
        "cost": {"amount": "12.40", "currency": "EUR"},
    }
    return Reply(201, {**body, **changes})


def test_rates_send_the_parcels_and_addresses_and_read_the_answer_cheapest_first(stand_in, carrier):
    stand_in.reply(
        "POST",
        "/v1/rates",
        Reply(
            200,
            {
                "rates": [
                    {
                        "service": "express",
                        "amount": "19.90",
                        "currency": "EUR",
                        "min_transit_days": 1,
                        "max_transit_days": 1,
                    },
                    {
                        "service": "standard",
                        "amount": "6.50",
                        "currency": "EUR",
                        "min_transit_days": 2,
                        "max_transit_days": 4,
                    },
                ]
            },
        ),
    )

    rates = carrier.rates([Parcel(1200, 300, 200, 100)], warehouse_address(), address())

    assert [(r.service, r.amount, r.min_transit_days) for r in rates] == [
        ("standard", Decimal("6.50"), 2),
        ("express", Decimal("19.90"), 1),
    ]
    request = stand_in.requests[0]
    assert request.headers["Authorization"] == "Bearer secret-key"
    assert request.body["parcels"] == [
        {"weight_g": 1200, "length_mm": 300, "width_mm": 200, "height_mm": 100}
    ]
    assert request.body["ship_to"]["country"] == "DE"
    assert request.body["service"] is None


def test_a_label_is_bought_with_an_idempotency_key_and_decoded(stand_in, carrier):
    stand_in.reply("POST", "/v1/labels", label_reply())

    result = carrier.create_label(shipment())

    assert result.tracking_number == "1Z999"
    assert result.label == LABEL
    assert result.label_format == LabelFormat.PDF
    assert result.cost == Money(Decimal("12.40"), "EUR")
    request = stand_in.requests[0]
    assert request.headers["Idempotency-Key"] == "label:SHP-42"
    assert request.body["reference"] == "SHP-42"
    assert len(request.body["parcels"]) == 2


def test_5xx_answers_are_retried_with_the_same_idempotency_key(stand_in, carrier):
    stand_in.reply("POST", "/v1/labels", Reply(503), Reply(502), label_reply())

    result = carrier.create_label(shipment())

    assert result.tracking_number == "1Z999"
    keys = [r.headers["Idempotency-Key"] for r in stand_in.requests]
    assert keys == ["label:SHP-42"] * 3
    assert carrier.waits == [0.5, 1.0]


def test_a_carrier_that_keeps_failing_is_unavailable_and_retryable(stand_in, carrier):
    stand_in.default("POST", "/v1/labels", Reply(500))

    with pytest.raises(CarrierError) as raised:
        carrier.create_label(shipment())

    assert raised.value.code == CarrierErrorCode.UNAVAILABLE
    assert raised.value.retryable
    assert raised.value.status == 500
    assert len(stand_in.requests) == 3


def test_a_slow_carrier_times_out_and_is_retried(stand_in, carrier):
    stand_in.reply("GET", "/v1/trackings/1Z999", Reply(200, {}, delay=1.5))
    stand_in.reply(
        "GET",
        "/v1/trackings/1Z999",
        Reply(200, {"tracking_number": "1Z999", "status": "in_transit", "events": []}),
    )

    status = carrier.tracking("1Z999")

    assert status.state == TrackingState.IN_TRANSIT
    assert len(stand_in.requests) == 2


def test_an_unreachable_carrier_is_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    adapter = HttpJsonCarrier(
        base_url=f"http://127.0.0.1:{port}", api_key="k", max_attempts=2, sleep=lambda s: None
    )

    with pytest.raises(CarrierError) as raised:
        adapter.void("1Z999")

    assert raised.value.code == CarrierErrorCode.UNAVAILABLE
    assert "could not be reached" in raised.value.message


def test_a_refusal_carries_the_carriers_message_and_is_not_retried(stand_in, carrier):
    stand_in.reply(
        "POST", "/v1/labels", Reply(422, {"error": {"message": "Postal code 99999 does not exist"}})
    )

    with pytest.raises(CarrierError) as raised:
        carrier.create_label(shipment())

    assert raised.value.code == CarrierErrorCode.REJECTED
    assert raised.value.message == "Postal code 99999 does not exist"
    assert not raised.value.retryable
    assert len(stand_in.requests) == 1


def test_an_unknown_tracking_number_is_not_found(stand_in, carrier):
    with pytest.raises(CarrierError) as raised:
        carrier.tracking("NOPE")

    assert raised.value.code == CarrierErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, b"<html>maintenance</html>"),
        Reply(200, ["not", "an", "object"]),
        label_reply(label_base64="***"),
        label_reply(tracking_number=""),
        label_reply(cost={"amount": "NaN", "currency": "EUR"}),
        label_reply(label_format="png"),
        Reply(200, {"label_format": "pdf"}),
    ],
)
def test_an_answer_that_is_not_the_expected_json_is_a_bad_response(stand_in, carrier, reply):
    stand_in.reply("POST", "/v1/labels", reply)

    with pytest.raises(CarrierError) as raised:
        carrier.create_label(shipment())

    assert raised.value.code == CarrierErrorCode.BAD_RESPONSE


def test_tracking_events_are_read_oldest_first_and_unknown_states_kept_as_unknown(
    stand_in, carrier
):
    stand_in.reply(
        "GET",
        "/v1/trackings/1Z%2F9",
        Reply(
            200,
            {
                "tracking_number": "1Z/9",
                "status": "out_for_delivery",
                "events": [
                    {
                        "at": "2026-12-02T09:00:00+01:00",
                        "status": "out_for_delivery",
                        "location": "Berlin",
                    },
                    {
                        "at": "2026-12-01T18:00:00+00:00",
                        "status": "sorted_at_hub",
                        "description": "Hub",
                    },
                ],
            },
        ),
    )

    status = carrier.tracking("1Z/9")

    assert status.state == TrackingState.OUT_FOR_DELIVERY
    assert [e.state for e in status.events] == [
        TrackingState.UNKNOWN,
        TrackingState.OUT_FOR_DELIVERY,
    ]
    assert status.events[0].at == dt.datetime(2026, 12, 1, 18, tzinfo=dt.UTC)


def test_void_posts_to_the_label_and_accepts_an_empty_answer(stand_in, carrier):
    stand_in.reply("POST", "/v1/labels/1Z999/void", Reply(204))

    carrier.void("1Z999")

    assert stand_in.requests[0].path == "/v1/labels/1Z999/void"


def test_an_empty_shipment_is_refused_before_anything_is_sent(stand_in, carrier):
    with pytest.raises(CarrierError) as raised:
        carrier.create_label(shipment(parcels=()))

    assert raised.value.code == CarrierErrorCode.INVALID_INPUT
    assert stand_in.requests == []


@pytest.mark.parametrize(
    "config",
    [
        {"api_key": "k"},
        {"base_url": "ftp://x", "api_key": "k"},
        {"base_url": "https://x"},
        {"base_url": "https://x", "api_key": "k", "timeout_seconds": 0},
    ],
)
def test_bad_settings_are_refused(config):
    with pytest.raises(CarrierError) as raised:
        http_json_from_config(config)

    assert raised.value.code == CarrierErrorCode.INVALID_INPUT


def test_the_attempt_limit_from_settings_is_bounded_like_other_outbound_work():
    assert (
        http_json_from_config(
            {"base_url": "https://x", "api_key": "k", "max_attempts": 500}
        ).max_attempts
        == 20
    )
    assert (
        http_json_from_config(
            {"base_url": "https://x", "api_key": "k", "max_attempts": "3"}
        ).max_attempts
        == 5
    )
