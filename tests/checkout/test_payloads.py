"""The checkout payloads the tests build have exactly the shape our subscription asks for, and
the parser turns them (and nothing malformed) into snapshots."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from saleor_oms_plugin.checkout.payloads import checkout_snapshot, placed_order
from saleor_oms_plugin.core.payload import PayloadError
from saleor_oms_plugin.saleor.documents import document
from tests.fixtures.checkout import MOMENT, MUG, SOCKS, checkout_event, later

TOKEN = "8d2f1bb4-53e1-4a1c-9a53-0f1d7a7b9c11"


def _shape(selection: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]) -> Any:
    shape: dict[str, Any] = {}
    for node in selection.selections:
        if isinstance(node, FragmentSpreadNode):
            shape.update(_shape(fragments[node.name.value].selection_set, fragments))
        elif isinstance(node, InlineFragmentNode):
            shape.update(_shape(node.selection_set, fragments))
        elif isinstance(node, FieldNode):
            key = (node.alias or node.name).value
            shape[key] = _shape(node.selection_set, fragments) if node.selection_set else None
    return shape


def _payload_shape(value: Any) -> Any:
    if isinstance(value, list):
        shapes = [_payload_shape(item) for item in value]
        assert all(shape == shapes[0] for shape in shapes)
        return shapes[0] if shapes else None
    if isinstance(value, dict):
        return {key: _payload_shape(item) for key, item in value.items()}
    return None


def _document_shape(event_type: str) -> dict[str, Any]:
    parsed = parse(document("subscriptions/checkouts"))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (operation,) = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    (event,) = operation.selection_set.selections
    assert isinstance(event, FieldNode) and event.selection_set is not None
    shape: dict[str, Any] = {}
    for node in event.selection_set.selections:
        if isinstance(node, FieldNode):
            shape[node.name.value] = None
        elif isinstance(node, InlineFragmentNode) and node.type_condition.name.value == event_type:
            shape.update(_shape(node.selection_set, fragments))
    return shape


@pytest.mark.parametrize("event_type", ["CheckoutCreated", "CheckoutUpdated"])
def test_the_test_payloads_have_exactly_the_shape_the_subscription_selects(event_type):
    payload = checkout_event(
        token=TOKEN, lines={MUG: 2}, updated=MOMENT, event_type=event_type, user_id="VXNlcjox"
    )
    assert _payload_shape(payload) == _document_shape(event_type)


def test_a_checkout_payload_becomes_a_snapshot():
    payload = checkout_event(
        token=TOKEN, lines={MUG: 2, SOCKS: 1}, updated=later(5), total="19.99", user_id="VXNlcjox"
    )
    snapshot = checkout_snapshot(payload)
    assert snapshot.checkout_id == payload["checkout"]["id"] and snapshot.token == TOKEN
    assert (snapshot.channel_slug, snapshot.currency) == ("default-channel", "USD")
    assert (snapshot.created_at, snapshot.updated_at) == (MOMENT, later(5))
    assert (snapshot.email, snapshot.user_id) == ("ada@example.com", "VXNlcjox")
    assert snapshot.total_gross == Decimal("19.99")
    assert snapshot.wanted() == {MUG: 2, SOCKS: 1}
    assert [line.sku for line in snapshot.lines] == ["MUG-1", "SOCKS-1"]


def test_an_anonymous_checkout_without_email_or_lines_is_read():
    snapshot = checkout_snapshot(checkout_event(token=TOKEN, lines={}, updated=MOMENT, email=None))
    assert (snapshot.email, snapshot.user_id, snapshot.lines) == ("", "", ())


@pytest.mark.parametrize(
    "breaks",
    [
        lambda p: p.pop("checkout"),
        lambda p: p["checkout"].pop("updatedAt"),
        lambda p: p["checkout"].update(updatedAt="yesterday"),
        lambda p: p["checkout"].update(channel=None),
        lambda p: p["checkout"].update(lines=None),
        lambda p: p["checkout"]["lines"][0].update(quantity="2"),
        lambda p: p["checkout"]["lines"][0].update(variant=None),
        lambda p: p["checkout"].update(id=""),
    ],
)
def test_a_malformed_checkout_is_refused(breaks):
    payload = checkout_event(token=TOKEN, lines={MUG: 1}, updated=MOMENT)
    breaks(payload)
    with pytest.raises(PayloadError):
        checkout_snapshot(payload)


def test_an_order_names_its_checkout_or_nothing():
    order = {"order": {"id": "T3JkZXI6MQ==", "checkoutId": "Q2hlY2tvdXQ6eA=="}}
    placed = placed_order(order)
    assert placed is not None
    assert (placed.order_id, placed.checkout_id) == ("T3JkZXI6MQ==", "Q2hlY2tvdXQ6eA==")
    assert placed_order({"order": {"id": "T3JkZXI6MQ==", "checkoutId": None}}) is None
    assert placed_order({"order": None}) is None


def test_order_created_names_the_checkout_the_order_came_from():
    # the order subscription asks ORDER_CREATED for `checkoutId` (what converts a cart's hold)
    parsed = parse(document("subscriptions/orders"))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    (operation,) = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    (event,) = operation.selection_set.selections
    assert isinstance(event, FieldNode) and event.selection_set is not None
    created = next(
        node
        for node in event.selection_set.selections
        if isinstance(node, InlineFragmentNode) and node.type_condition.name.value == "OrderCreated"
    )
    assert "checkoutId" in _shape(created.selection_set, fragments)["order"]
