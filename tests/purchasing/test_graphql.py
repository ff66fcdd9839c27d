"""The purchasing API: suppliers, orders from suggestions through receipt, documents, access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.purchasing.models import PurchaseOrder, Supplier
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.purchasing import make_draft, make_low_stock
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

SUPPLIER_CREATE = """
mutation Create($input: OmsSupplierInput!) {
  supplierCreate(input: $input) {
    supplier { id name email currency leadTimeDays }
    errors { field code message }
  }
}
"""
ITEM_SET = """
mutation Item($supplierId: ID!, $input: OmsSupplierItemInput!) {
  supplierItemSet(supplierId: $supplierId, input: $input) {
    supplier { items { sku supplierSku unitCost packSize minOrderQuantity } }
    errors { field code message }
  }
}
"""
FROM_SUGGESTIONS = """
mutation FromSuggestions($locationId: ID) {
  purchaseOrdersCreateFromSuggestions(locationId: $locationId) {
    purchaseOrders { id number state supplier { name } lines { id sku quantityOrdered } }
    unassignedSkus
    errors { field code message }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: OmsPurchaseOrderUpdateInput!) {
  purchaseOrderUpdate(id: $id, input: $input) {
    purchaseOrder { expectedOn notes lines { id sku quantityOrdered unitCost } totalValue }
    errors { field code message }
  }
}
"""
SEND = """
mutation Send($id: ID!) {
  purchaseOrderSend(id: $id) {
    purchaseOrder { state sentAt emailedAt pdfUrl csvUrl csv }
    errors { field code message }
  }
}
"""
RECEIVE = """
mutation Receive($id: ID!, $key: String!, $lines: [OmsPurchaseOrderReceiptLineInput!]!) {
  purchaseOrderReceive(id: $id, key: $key, lines: $lines) {
    purchaseOrder { state openUnits openValue lines { quantityReceived quantityOpen } }
    errors { field code message }
  }
}
"""
CANCEL = """
mutation Cancel($id: ID!) {
  purchaseOrderCancel(id: $id, reason: "not needed") {
    purchaseOrder { state }
    errors { field code message }
  }
}
"""
ORDERS = """
query Orders($states: [OmsPurchaseOrderState!], $search: String) {
  purchaseOrders(first: 10, states: $states, search: $search) {
    totalCount
    edges { node { id number state location { name } supplier { name } } }
  }
}
"""
ORDER = """
query Order($id: ID!) { purchaseOrder(id: $id) { number state openUnits } }
"""
SUPPLIERS = "query { suppliers(first: 10) { totalCount edges { node { id name } } } }"


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def key(capture_tenant):
    return make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])


def _data(body, name):
    assert "errors" not in body, body
    return body["data"][name]


def test_a_buyer_orders_sends_and_receives_through_the_api(
    client, capture_tenant, key, django_capture_on_commit_callbacks
):
    la = make_location(capture_tenant, "LA")
    stock = make_low_stock(capture_tenant, la, "MUG")  # needs 18
    # a supplier and what it sells
    _, body = gql(
        client,
        SUPPLIER_CREATE,
        {"input": {"name": "Acme", "currency": "eur", "email": "po@acme.example"}},
        api_key=key,
    )
    payload = _data(body, "supplierCreate")
    assert payload["errors"] == []
    assert payload["supplier"]["currency"] == "EUR"
    supplier_id = payload["supplier"]["id"]
    _, body = gql(
        client,
        ITEM_SET,
        {
            "supplierId": supplier_id,
            "input": {"sku": "MUG", "supplierSku": "A-1", "unitCost": "2.5", "packSize": 12},
        },
        api_key=key,
    )
    [item] = _data(body, "supplierItemSet")["supplier"]["items"]
    assert (item["sku"], item["packSize"], item["unitCost"]) == ("MUG", 12, "2.5000")
    # the suggestion becomes a draft, rounded to two packs
    _, body = gql(client, FROM_SUGGESTIONS, api_key=key)
    [order] = _data(body, "purchaseOrdersCreateFromSuggestions")["purchaseOrders"]
    assert (order["number"], order["state"], order["supplier"]["name"]) == (
        "PO-000001",
        "DRAFT",
        "Acme",
    )
    assert [(line["sku"], line["quantityOrdered"]) for line in order["lines"]] == [("MUG", 24)]
    # edited while a draft
    _, body = gql(
        client,
        UPDATE,
        {
            "id": order["id"],
            "input": {"lines": [{"sku": "MUG", "quantity": 36}], "expectedOn": "2030-01-31"},
        },
        api_key=key,
    )
    updated = _data(body, "purchaseOrderUpdate")
    assert updated["errors"] == []
    assert updated["purchaseOrder"]["expectedOn"] == "2030-01-31"
    assert updated["purchaseOrder"]["totalValue"] == "90.0000"
    # what an update does not name stays as it was
    _, body = gql(client, UPDATE, {"id": order["id"], "input": {"notes": "Gate 4"}}, api_key=key)
    kept = _data(body, "purchaseOrderUpdate")["purchaseOrder"]
    assert (kept["expectedOn"], kept["notes"], len(kept["lines"])) == ("2030-01-31", "Gate 4", 1)
    # sent: e-mailed with both documents, which are also behind signed links
    with django_capture_on_commit_callbacks(execute=True):
        _, body = gql(client, SEND, {"id": order["id"]}, api_key=key)
    sent = _data(body, "purchaseOrderSend")["purchaseOrder"]
    assert sent["state"] == "SENT"
    assert [a[0] for a in mail.outbox[0].attachments] == ["PO-000001.pdf", "PO-000001.csv"]
    pdf = client.get(sent["pdfUrl"].removeprefix("http://testserver"))
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    csv = client.get(sent["csvUrl"].removeprefix("http://testserver"))
    assert csv.status_code == 200
    assert csv.content.decode() == sent["csv"]
    assert "MUG,A-1," in sent["csv"]
    # received in two deliveries
    # (the draft's lines were replaced: they have new IDs)
    line_id = updated["purchaseOrder"]["lines"][0]["id"]
    receive = {"id": order["id"], "key": "d1", "lines": [{"lineId": line_id, "quantity": 30}]}
    _, body = gql(client, RECEIVE, receive, api_key=key)
    assert _data(body, "purchaseOrderReceive")["errors"] == []
    partial = _data(body, "purchaseOrderReceive")["purchaseOrder"]
    assert (partial["state"], partial["openUnits"], partial["openValue"]) == (
        "PARTIALLY_RECEIVED",
        6,
        "15.0000",
    )
    stock.refresh_from_db()
    assert stock.on_hand == 32
    _, body = gql(client, RECEIVE, {**receive, "key": "d2"}, api_key=key)
    refused = _data(body, "purchaseOrderReceive")
    assert [e["code"] for e in refused["errors"]] == ["OVER_RECEIPT"]
    assert refused["purchaseOrder"] is None
    _, body = gql(
        client,
        RECEIVE,
        {**receive, "key": "d2", "lines": [{"lineId": line_id, "quantity": 6}]},
        api_key=key,
    )
    assert _data(body, "purchaseOrderReceive")["purchaseOrder"]["state"] == "RECEIVED"
    # listed, filtered by state and found by SKU
    _, body = gql(client, ORDERS, {"states": ["RECEIVED"], "search": "mug"}, api_key=key)
    [edge] = _data(body, "purchaseOrders")["edges"]
    assert edge["node"]["location"]["name"] == "LA"
    _, body = gql(client, ORDERS, {"states": ["DRAFT", "SENT"]}, api_key=key)
    assert _data(body, "purchaseOrders")["totalCount"] == 0
    # every write was audited
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "supplier.created",
        "supplier.item_set",
        "purchase_order.created",
        "purchase_order.updated",
        "purchase_order.sent",
        "purchase_order.emailed",
        "purchase_order.receipt_recorded",
        "purchase_order.partially_received",
        "purchase_order.received",
    } <= verbs


def test_refusals_are_payload_errors(client, capture_tenant, key):
    _, body = gql(client, FROM_SUGGESTIONS, api_key=key)
    payload = _data(body, "purchaseOrdersCreateFromSuggestions")
    assert [e["code"] for e in payload["errors"]] == ["NOTHING_TO_ORDER"]
    _, body = gql(
        client, SUPPLIER_CREATE, {"input": {"name": "Acme", "currency": "EURO"}}, api_key=key
    )
    assert _data(body, "supplierCreate")["errors"][0]["field"] == "currency"
    assert not Supplier.objects.exists()
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"))
    gid = to_global_id("OmsPurchaseOrder", order.pk)
    _, body = gql(client, CANCEL, {"id": gid}, api_key=key)
    assert _data(body, "purchaseOrderCancel")["purchaseOrder"]["state"] == "CANCELLED"
    _, body = gql(client, SEND, {"id": gid}, api_key=key)
    errors = _data(body, "purchaseOrderSend")["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("state", "ILLEGAL_TRANSITION")]


def test_a_tampered_document_link_is_refused(client, capture_tenant, key):
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"))
    _, body = gql(
        client,
        "query($id: ID!) { purchaseOrder(id: $id) { pdfUrl } }",
        {"id": to_global_id("OmsPurchaseOrder", order.pk)},
        api_key=key,
    )
    url = _data(body, "purchaseOrder")["pdfUrl"].removeprefix("http://testserver")
    assert client.get(url).status_code == 200
    forged = url.replace(f"/{order.pk}.pdf:", f"/{order.pk + 1}.pdf:")
    assert forged != url
    assert client.get(forged).status_code == 403
    # and a link older than a week has expired
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert client.get(url).status_code == 410


def test_the_api_needs_manage_products(client, capture_tenant):
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"))
    orders_key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, body = gql(client, ORDERS, api_key=orders_key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(client, SUPPLIERS, api_key=orders_key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, body = gql(
        client, CANCEL, {"id": to_global_id("OmsPurchaseOrder", order.pk)}, api_key=orders_key
    )
    assert error_codes(body) == ["PERMISSION_DENIED"]
    order.refresh_from_db()
    assert order.state == PurchaseOrder.State.DRAFT


def test_another_installation_sees_and_changes_nothing(client, capture_tenant):
    order = make_draft(capture_tenant, make_location(capture_tenant, "LA"))
    gid = to_global_id("OmsPurchaseOrder", order.pk)
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/", app_id="QXBwOjk=")
    theirs = make_api_key(other, ["MANAGE_PRODUCTS"])
    _, body = gql(client, ORDERS, api_key=theirs)
    assert _data(body, "purchaseOrders")["totalCount"] == 0
    _, body = gql(client, SUPPLIERS, api_key=theirs)
    assert _data(body, "suppliers")["totalCount"] == 0
    _, body = gql(client, ORDER, {"id": gid}, api_key=theirs)
    assert _data(body, "purchaseOrder") is None
    _, body = gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid}, api_key=theirs)
    assert body["data"]["node"] is None
    for mutation in (SEND, CANCEL):
        _, body = gql(client, mutation, {"id": gid}, api_key=theirs)
        [payload] = body["data"].values()
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    _, body = gql(
        client,
        ITEM_SET,
        {
            "supplierId": to_global_id("OmsSupplier", order.supplier_id),
            "input": {"sku": "MUG", "unitCost": "0"},
        },
        api_key=theirs,
    )
    assert [e["code"] for e in body["data"]["supplierItemSet"]["errors"]] == ["SUPPLIER_NOT_FOUND"]
    order.refresh_from_db()
    assert order.state == PurchaseOrder.State.DRAFT
    assert StockLevel.objects.filter(tenant=other).count() == 0
