"""An order's origin comes only with ORDER_CREATED; later payloads never erase it."""

from __future__ import annotations

import json
from datetime import datetime

from graphql import parse

from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.orders.payload import parse_order
from saleor_oms_plugin.orders.services import order_apply_payload
from saleor_oms_plugin.saleor.documents import document
from tests.fixtures.contract import captures
from tests.fixtures.tenants import make_capture_tenant


def _created_order() -> tuple[dict, datetime]:
    capture = next(c for c in captures() if c.event == "ORDER_CREATED")
    body = json.loads(capture.body)
    assert body["order"]["origin"]
    return body["order"], datetime.fromisoformat(body["issuedAt"])


def _later(order: dict) -> dict:
    """The same order as a later ORDER_UPDATED carries it: newer, and without ``origin``."""
    newer = {key: value for key, value in order.items() if key != "origin"}
    newer["updatedAt"] = "2099-01-01T00:00:00+00:00"
    return newer


def test_only_order_created_asks_saleor_for_the_origin():
    # Saleor nulls the whole order of a legacy blank origin, so the other events never ask
    subscription = document("subscriptions/orders")
    for definition in parse(subscription).definitions:
        if getattr(definition, "name", None) and definition.name.value == "OmsOrderEvents":
            events = {
                selection.type_condition.name.value: selection.selection_set.selections[0]
                .selection_set.selections[0]
                .name.value
                for selection in definition.selection_set.selections[0].selection_set.selections
                if getattr(selection, "type_condition", None)
            }
    assert events.pop("OrderCreated") == "OmsOrder"
    assert set(events.values()) == {"OmsOrderCore"}


def test_a_later_payload_without_origin_keeps_the_stored_origin(db):
    # given an order created from ORDER_CREATED, with its origin
    tenant = make_capture_tenant()
    created, issued = _created_order()
    order_apply_payload(tenant_id=tenant.pk, data=parse_order(created), issued_at=issued)
    # when an ORDER_UPDATED without origin brings a newer state
    newer = _later(created)
    order_apply_payload(tenant_id=tenant.pk, data=parse_order(newer), issued_at=issued)
    # then the origin stays, and the newer state is taken
    stored = Order.objects.get(tenant=tenant, saleor_id=created["id"])
    assert stored.origin == created["origin"]
    assert stored.saleor_updated_at == datetime.fromisoformat(newer["updatedAt"])


def test_order_created_delivered_late_still_tells_the_origin(db):
    # given ORDER_UPDATED delivered first (Saleor delivers out of order)
    tenant = make_capture_tenant()
    created, issued = _created_order()
    newer = _later(created)
    order_apply_payload(tenant_id=tenant.pk, data=parse_order(newer), issued_at=issued)
    assert Order.objects.get(tenant=tenant, saleor_id=created["id"]).origin == ""
    # when the older ORDER_CREATED arrives
    order_apply_payload(tenant_id=tenant.pk, data=parse_order(created), issued_at=issued)
    # then it is stale, but its origin is kept
    stored = Order.objects.get(tenant=tenant, saleor_id=created["id"])
    assert stored.origin == created["origin"]
    assert stored.saleor_updated_at == datetime.fromisoformat(newer["updatedAt"])
