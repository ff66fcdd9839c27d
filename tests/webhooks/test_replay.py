"""Every captured delivery through the real HTTP endpoint, as Saleor sent it."""

from __future__ import annotations

import random

import pytest
import requests

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.orders.models import Fulfillment, Order
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import captures
from tests.fixtures.deliveries import capture_headers, webhook_path
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db(transaction=True)


def _post(live_server, capture, body=None, **header_overrides):
    return requests.post(
        live_server.url + webhook_path(capture.event),
        data=capture.body if body is None else body,
        headers=capture_headers(capture, **header_overrides),
        timeout=10,
    )


def test_every_capture_is_accepted_and_processed(live_server):
    # given a tenant whose keys signed the captures
    tenant = make_capture_tenant()
    # when every capture is posted as Saleor sent it
    statuses = [_post(live_server, capture).status_code for capture in captures()]
    # then all are acknowledged, stored once and processed
    assert statuses == [200] * len(captures())
    assert Delivery.objects.filter(tenant=tenant).count() == len(captures())
    assert not Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
    ).exists()
    order_ids = {
        capture.body.decode().split('"order": {"id": "')[1].split('"')[0]
        for capture in captures()
        if capture.event.startswith("ORDER_")
    }
    assert set(Order.objects.values_list("saleor_id", flat=True)) == order_ids
    assert Fulfillment.objects.filter(order__tenant=tenant).exists()


def test_one_changed_byte_is_refused_and_nothing_is_stored(live_server):
    # given a tenant and a set of captures each with one byte changed
    make_capture_tenant()
    rng = random.Random(7)
    for capture in captures()[::9]:
        body = bytearray(capture.body)
        position = rng.randrange(len(body))
        body[position] = (body[position] + 1) % 128 or 65
        # when posted with the original signature
        response = _post(live_server, capture, body=bytes(body))
        # then refused as unauthorised
        assert response.status_code == 401, capture.name
        assert response.json()["error"]["code"] == "INVALID_SIGNATURE"
    # and nothing was written
    assert Delivery.objects.count() == 0
    assert Order.objects.count() == 0


def test_the_same_delivery_twice_has_one_effect(live_server):
    # given a tenant that received a capture
    tenant = make_capture_tenant()
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    first = _post(live_server, capture)
    audit_after_first = AuditEvent.objects.filter(tenant=tenant).count()
    # when Saleor delivers it again
    second = _post(live_server, capture)
    # then both are acknowledged, the second as a duplicate, with no further effect
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.json()["duplicate"], second.json()["duplicate"]) == (False, True)
    assert Delivery.objects.filter(tenant=tenant).count() == 1
    assert AuditEvent.objects.filter(tenant=tenant).count() == audit_after_first


def test_a_delivery_for_an_unknown_saleor_is_refused(live_server):
    # given a tenant for the captures' Saleor
    make_capture_tenant()
    capture = captures()[0]
    # when the same signed delivery names another Saleor
    response = _post(live_server, capture, **{"Saleor-Api-Url": "http://127.0.0.1:9/graphql/"})
    # then it is refused and nothing is stored
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNKNOWN_TENANT"
    assert Delivery.objects.count() == 0
