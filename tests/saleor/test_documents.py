"""Every document we send to Saleor (and every webhook subscription we ask for) against its schema."""

from __future__ import annotations

import pytest
from graphql import (
    FieldNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    validate,
)

from saleor_oms_plugin.saleor.documents import document, document_names
from saleor_oms_plugin.saleor.subscriptions import (
    SYNC_TYPE_NAME_TO_EVENT,
    SYNC_WEBHOOKS,
    TYPE_NAME_TO_EVENT,
    WEBHOOK_GROUPS,
    event_type_name,
)
from saleor_oms_plugin.tenants.manifest import manifest_build
from tests.fixtures.contract import SHARED_SALEOR, captures, saleor_schema


def _event_branches(query: str) -> set[str]:
    """The type conditions of the ``... on <Type>`` branches directly under ``event``."""
    operation = next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))
    event = next(
        s
        for s in operation.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value == "event"
    )
    return {
        selection.type_condition.name.value
        for selection in event.selection_set.selections
        if isinstance(selection, InlineFragmentNode) and selection.type_condition is not None
    }


def _operation(query: str) -> OperationDefinitionNode:
    operations = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1
    return operations[0]


def test_there_are_documents_of_each_kind():
    # given the documents shipped with the app
    names = document_names()
    # then queries and subscriptions are all found, fragments are not documents
    assert {"queries/app_identity", "queries/orders_page", "queries/warehouses_page"} <= set(names)
    assert {f"subscriptions/{group.path}" for group in WEBHOOK_GROUPS} <= set(names)
    assert not [name for name in names if name.startswith("fragments/")]


@pytest.mark.parametrize("name", document_names())
def test_document_validates_against_saleors_schema(name):
    # given a document with its fragments appended
    text = document(name)
    # when it is validated against Saleor 3.23's schema
    errors = validate(saleor_schema(), parse(text))
    # then Saleor would accept it
    assert errors == []
    kind = _operation(text).operation
    expected = {
        "queries": OperationType.QUERY,
        "subscriptions": OperationType.SUBSCRIPTION,
        "mutations": OperationType.MUTATION,
    }[name.split("/")[0]]
    assert kind is expected


def test_a_broken_document_does_not_validate():
    # the check above can fail: a field Saleor does not have is reported
    errors = validate(
        saleor_schema(), parse("query { orders(first: 1) { edges { node { routing } } } }")
    )
    assert [error.message for error in errors] == ["Cannot query field 'routing' on type 'Order'."]


@pytest.mark.parametrize("group", WEBHOOK_GROUPS, ids=lambda group: group.path)
def test_manifest_webhook_query_validates_and_matches_its_events(group):
    # given the manifest's entry for a webhook group
    entry = next(w for w in manifest_build()["webhooks"] if w["name"] == group.name)
    # then its subscription is valid for Saleor
    assert validate(saleor_schema(), parse(entry["query"])) == []
    assert _operation(entry["query"]).operation is OperationType.SUBSCRIPTION
    # and it has exactly one branch per async event, each a real event type of the schema
    assert _event_branches(entry["query"]) == {event_type_name(e) for e in entry["asyncEvents"]}
    enum_values = set(saleor_schema().type_map["WebhookEventTypeAsyncEnum"].values)
    assert set(entry["asyncEvents"]) <= enum_values
    for event in entry["asyncEvents"]:
        assert event_type_name(event) in saleor_schema().type_map


@pytest.mark.parametrize("hook", SYNC_WEBHOOKS, ids=lambda hook: hook.path)
def test_manifest_sync_webhook_query_validates_and_asks_its_one_event(hook):
    # given the manifest's entry for a synchronous webhook
    entry = next(w for w in manifest_build()["webhooks"] if w["name"] == hook.name)
    # then its subscription is valid for Saleor, with one branch: the event's own type
    assert validate(saleor_schema(), parse(entry["query"])) == []
    assert _operation(entry["query"]).operation is OperationType.SUBSCRIPTION
    assert entry["syncEvents"] == [hook.event]
    assert hook.event in saleor_schema().type_map["WebhookEventTypeSyncEnum"].values
    (type_name,) = _event_branches(entry["query"])
    assert SYNC_TYPE_NAME_TO_EVENT[type_name] == hook.event
    assert type_name in saleor_schema().type_map


def test_event_type_name_maps_saleors_spelling():
    assert event_type_name("ORDER_FULLY_PAID") == "OrderFullyPaid"
    assert (
        event_type_name("FULFILLMENT_TRACKING_NUMBER_UPDATED") == "FulfillmentTrackingNumberUpdated"
    )
    assert TYPE_NAME_TO_EVENT["ProductVariantBackInStock"] == "PRODUCT_VARIANT_BACK_IN_STOCK"


def test_manifest_webhook_events_are_unique_across_groups():
    events = [event for group in WEBHOOK_GROUPS for event in group.events]
    assert len(events) == len(set(events))


def test_every_captured_event_is_subscribed_by_the_manifest():
    # given the events Saleor really delivered in the scenario
    delivered = {capture.event for capture in captures()}
    # then the manifest asks for every one of them
    subscribed = {event for w in manifest_build()["webhooks"] for event in w.get("asyncEvents", [])}
    assert delivered <= subscribed, delivered - subscribed


def test_the_capture_subscriptions_branches_we_need_are_covered():
    # given the subscription the captures answered (ours, written for the capture run)
    captured = _event_branches((SHARED_SALEOR / "capture-subscription.graphql").read_text())
    subscribed = {
        event_type_name(event)
        for w in manifest_build()["webhooks"]
        for event in w.get("asyncEvents", [])
    }
    # then every branch of it is in the manifest, except ORDER_REFUNDED: refunds are not read
    # from webhooks (returns handle money through mutations)
    assert captured - subscribed == {"OrderRefunded"}
