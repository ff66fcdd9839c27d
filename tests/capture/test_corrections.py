"""Correcting an order Saleor refused: capturedOrderResubmit replaces its stored order under the
same reference and sends it again; capturedOrderDiscard gives it up. Only a REFUSED order."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.capture.inbound import InboundOrder
from saleor_oms_plugin.capture.models import CapturedOrder
from saleor_oms_plugin.capture.services import capture_source_create, orders_capture
from saleor_oms_plugin.core import scheduling
from tests.capture.test_import import NOW, _import, _shop, _snake, outside_order
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.graphql import error_codes, gql, make_api_key

pytestmark = pytest.mark.django_db
STAFF = Actor("staff", "VXNlcjox")
RESUBMIT = """
mutation Resubmit($id: ID!, $order: OmsOrderImportInput!) {
  capturedOrderResubmit(id: $id, order: $order) {
    capturedOrder { state errors { code } payload }
    errors { field code message }
  }
}
"""
DISCARD = """
mutation Discard($id: ID!) {
  capturedOrderDiscard(id: $id) { capturedOrder { state } errors { field code message } }
}
"""
LIST = """
query Captured($state: OmsCapturedOrderState) {
  capturedOrders(first: 10, state: $state) {
    edges { node { id externalReference state payload errors { field code message } } }
  }
}
"""


@pytest.fixture
def shop(fake_saleor):
    return _shop(fake_saleor, LocalSigner.generate(), trigger="created")


def _refused(tenant, reference="PH-3", *, sku="NO-SUCH"):
    """A captured order as the batch leaves it when Saleor refuses its SKU."""
    source, _ = capture_source_create(
        tenant_id=tenant.pk,
        code="phone",
        name="Phone",
        channel_slug="default-channel",
        warehouse_id="W",
        shipping_method_id="S",
        tax_class_id="T",
        actor=STAFF,
    )
    [answer] = orders_capture(
        source=source, orders=[_snake(outside_order(reference, sku=sku))], door="API", actor=STAFF
    )
    row = answer.captured
    row.state = CapturedOrder.State.REFUSED
    row.errors = [{"field": "lines.0.variant_sku", "code": "NOT_FOUND", "message": "No variant."}]
    row.save()
    return row


def _gid(row):
    return to_global_id("OmsCapturedOrder", row.pk)


def _call(client, tenant, query, variables, name):
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    status, body = gql(client, query, variables, api_key=key)
    assert status == 200, body
    return body["data"][name]


@freeze_time(NOW)
def test_a_refused_order_corrected_from_its_payload_is_created_in_saleor(
    client, fake_saleor, shop, django_capture_on_commit_callbacks
):
    tenant, *_ = shop
    with django_capture_on_commit_callbacks(execute=True):
        _import(client, tenant, [outside_order("PH-3", sku="NO-SUCH")])
    [edge] = _call(client, tenant, LIST, {"state": "REFUSED"}, "capturedOrders")["edges"]
    node = edge["node"]
    assert [e["code"] for e in node["errors"]] == ["NOT_FOUND"]
    # the Dashboard's form starts from the stored order, in the input's shape
    corrected = json.loads(node["payload"])
    assert corrected["lines"][0]["sku"] == "NO-SUCH"
    corrected["lines"][0]["sku"] = "OMS-SKU-001"

    with django_capture_on_commit_callbacks(execute=True):
        answer = _call(
            client,
            tenant,
            RESUBMIT,
            {"id": node["id"], "order": corrected},
            "capturedOrderResubmit",
        )

    assert answer["errors"] == []
    assert answer["capturedOrder"]["state"] == "RECEIVED"  # as answered, before the batch ran
    row = CapturedOrder.objects.get(tenant=tenant)
    assert row.state == "CREATED"
    assert row.payload["lines"][0]["sku"] == "OMS-SKU-001"
    assert row.errors == []
    created = [o for o in fake_saleor.orders if o.get("externalReference") == "phone:PH-3"]
    assert len(created) == 1
    assert AuditEvent.objects.filter(verb="capture.resubmitted").count() == 1


def test_a_correction_must_keep_the_external_reference(client, capture_tenant):
    row = _refused(capture_tenant)
    order = {**outside_order("PH-3"), "externalReference": "PH-4"}

    answer = _call(
        client, capture_tenant, RESUBMIT, {"id": _gid(row), "order": order}, "capturedOrderResubmit"
    )

    assert answer["capturedOrder"] is None
    [error] = answer["errors"]
    assert (error["field"], error["code"]) == ("externalReference", "REFERENCE_CHANGED")
    assert "'PH-3'" in error["message"]
    row.refresh_from_db()
    assert (row.state, row.payload["lines"][0]["sku"]) == ("REFUSED", "NO-SUCH")


def test_a_correction_still_invalid_is_refused_with_every_problem(client, capture_tenant):
    row = _refused(capture_tenant)
    order = outside_order("PH-3")
    order["lines"][0]["quantity"] = 0
    order["customerEmail"] = ""

    answer = _call(
        client, capture_tenant, RESUBMIT, {"id": _gid(row), "order": order}, "capturedOrderResubmit"
    )

    assert sorted((e["field"], e["code"]) for e in answer["errors"]) == [
        ("customer_email", "REQUIRED"),
        ("lines[0].quantity", "INVALID"),
    ]
    row.refresh_from_db()
    assert row.state == "REFUSED"


@pytest.mark.parametrize("state", ["CREATED", "RECEIVED", "DISCARDED"])
def test_only_a_refused_order_can_be_resent_or_discarded(client, capture_tenant, state):
    row = _refused(capture_tenant)
    CapturedOrder.objects.filter(pk=row.pk).update(state=state)

    resent = _call(
        client,
        capture_tenant,
        RESUBMIT,
        {"id": _gid(row), "order": outside_order("PH-3")},
        "capturedOrderResubmit",
    )
    discarded = _call(client, capture_tenant, DISCARD, {"id": _gid(row)}, "capturedOrderDiscard")

    for answer in (resent, discarded):
        [error] = answer["errors"]
        assert (error["field"], error["code"]) == ("id", "ILLEGAL_STATE")
        assert state in error["message"]
    row.refresh_from_db()
    assert (row.state, row.payload["lines"][0]["sku"]) == (state, "NO-SUCH")


def test_a_discarded_order_is_kept_and_never_sent(client, capture_tenant, monkeypatch):
    queued: list[str] = []
    monkeypatch.setattr(scheduling, "enqueue", lambda name, *args, **kwargs: queued.append(name))
    row = _refused(capture_tenant)
    queued.clear()

    answer = _call(client, capture_tenant, DISCARD, {"id": _gid(row)}, "capturedOrderDiscard")

    assert answer == {"capturedOrder": {"state": "DISCARDED"}, "errors": []}
    row.refresh_from_db()
    assert row.state == "DISCARDED" and row.settled_at is not None
    assert row.errors  # why it was refused stays readable
    assert queued == []
    listed = _call(client, capture_tenant, LIST, {"state": "DISCARDED"}, "capturedOrders")
    assert [e["node"]["externalReference"] for e in listed["edges"]] == ["PH-3"]


def test_another_tenants_order_is_not_found(client, capture_tenant):
    from tests.fixtures.tenants import make_capture_tenant

    row = _refused(capture_tenant)
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")

    answer = _call(client, other, DISCARD, {"id": _gid(row)}, "capturedOrderDiscard")

    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("id", "NOT_FOUND")]
    row.refresh_from_db()
    assert row.state == "REFUSED"


def test_the_payload_is_the_stored_order_in_the_inputs_shape(client, capture_tenant):
    row = _refused(capture_tenant)
    CapturedOrder.objects.filter(pk=row.pk).update(
        payload={**row.payload, "metadata": {"channel": "phone"}}
    )
    [edge] = _call(client, capture_tenant, LIST, {}, "capturedOrders")["edges"]
    payload = json.loads(edge["node"]["payload"])  # a JSONString

    assert payload["externalReference"] == "PH-3"
    assert payload["billingAddress"]["streetAddress1"] == "1 Market St"
    assert payload["lines"][0]["unitPriceGross"] == "20.00"
    assert payload["metadata"] == [{"key": "channel", "value": "phone"}]
    # read back, it is the order stored
    row.refresh_from_db()
    assert InboundOrder.from_json(_snake(payload)) == InboundOrder.from_json(row.payload)


def test_correcting_needs_manage_orders(client, capture_tenant):
    row = _refused(capture_tenant)
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])

    _, resent = gql(
        client, RESUBMIT, {"id": _gid(row), "order": outside_order("PH-3")}, api_key=key
    )
    _, discarded = gql(client, DISCARD, {"id": _gid(row)}, api_key=key)

    assert error_codes(resent) == error_codes(discarded) == ["PERMISSION_DENIED"]
    row.refresh_from_db()
    assert (row.state, row.payload["lines"][0]["sku"]) == ("REFUSED", "NO-SUCH")
