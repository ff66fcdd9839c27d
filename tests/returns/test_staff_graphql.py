"""Staff GraphQL of returns: the lifecycle mutations, queues, permissions, tenant isolation;
and the guest lookup of an order's returns."""

from __future__ import annotations

import json

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.returns.inspection import LineInspection, return_request_inspect
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.receipt import return_request_mark_received
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from saleor_oms_plugin.returns.review import return_request_approve, return_request_reject
from tests.fixtures.contract import CAPTURE_API_URL
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.returns import STAFF, make_policy, make_shipped_order
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db
FIELDS = (
    "returnRequest { id rmaNumber status decisionReason trackingNumber refundAmount "
    "saleorState saleorErrorCode saleorError labelUrl "
    "lines { id quantityResellable replacementVariantId } } "
    "errors { field code message }"
)
APPROVE = f"mutation($id: ID!) {{ returnRequestApprove(id: $id) {{ {FIELDS} }} }}"
REJECT = (
    f"mutation($id: ID!, $r: String!) {{ returnRequestReject(id: $id, reason: $r) {{ {FIELDS} }} }}"
)
IN_TRANSIT = (
    "mutation($id: ID!, $t: String) { returnRequestMarkInTransit(id: $id, trackingNumber: $t) "
    f"{{ {FIELDS} }} }}"
)
RECEIVED = (
    "mutation($id: ID!, $l: ID!) { returnRequestMarkReceived(id: $id, locationId: $l) "
    f"{{ {FIELDS} }} }}"
)
INSPECT = (
    "mutation($id: ID!, $lines: [OmsReturnInspectionInput!]!) { "
    f"returnRequestInspect(id: $id, lines: $lines) {{ {FIELDS} }} }}"
)
COMPLETE = (
    "mutation($id: ID!, $res: OmsReturnResolution, $rep: [OmsReturnReplacementInput!]) { "
    f"returnRequestComplete(id: $id, resolution: $res, replacements: $rep) {{ {FIELDS} }} }}"
)
CANCEL = f"mutation($id: ID!) {{ returnRequestCancel(id: $id) {{ {FIELDS} }} }}"
QUEUE = """
query($status: OmsReturnStatus, $channel: String, $resolution: OmsReturnResolution) {
  returnRequests(first: 10, status: $status, channel: $channel, resolution: $resolution) {
    totalCount edges { node { rmaNumber } }
  }
}
"""


@pytest.fixture(autouse=True)
def _no_stock_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


@pytest.fixture
def shop(capture_tenant):
    make_policy(capture_tenant, window_days=3650, resolutions=["refund", "exchange"])
    return capture_tenant


@pytest.fixture
def key(shop):
    return make_api_key(shop, ["MANAGE_ORDERS"])


def _request(tenant, number, *, resolution="refund", quantity=1):
    order = make_shipped_order(tenant, number)
    return return_request_create(
        tenant_id=tenant.pk,
        order_id=order.pk,
        lines=[LineRequest(order.lines.get(sku="OMS-SKU-020").saleor_id, quantity, "damaged")],
        resolution=resolution,
        actor=STAFF,
    )


def _gid(request: ReturnRequest) -> str:
    return to_global_id("OmsReturnRequest", request.pk)


def _payload(client, query, key, **variables):
    status, body = gql(client, query, variables, api_key=key)
    assert status == 200, body
    return next(iter(body["data"].values()))


def test_staff_take_a_return_through_its_lifecycle(client, shop, key):
    request = _request(shop, 601, quantity=2)
    gid = _gid(request)
    approved = _payload(client, APPROVE, key, id=gid)
    assert approved["errors"] == []
    assert approved["returnRequest"]["status"] == "APPROVED"
    assert approved["returnRequest"]["labelUrl"].startswith("http://testserver/returns/label/")
    moving = _payload(client, IN_TRANSIT, key, id=gid, t=" 1Z999 ")
    assert moving["returnRequest"]["trackingNumber"] == "1Z999"
    location = to_global_id("OmsLocation", make_location(shop, "Dallas").pk)
    received = _payload(client, RECEIVED, key, id=gid, l=location)
    assert received["returnRequest"]["status"] == "RECEIVED"
    assert received["returnRequest"]["labelUrl"] is None
    line = received["returnRequest"]["lines"][0]["id"]
    inspected = _payload(
        client,
        INSPECT,
        key,
        id=gid,
        lines=[{"lineId": line, "resellable": 1, "damaged": 1, "missing": 0}],
    )
    assert inspected["returnRequest"]["lines"][0]["quantityResellable"] == 1
    completed = _payload(client, COMPLETE, key, id=gid)
    # 2 × 200 received, less 10 % restocking and 5 shipping; it completes once Saleor accepted
    # it (test_returns_saleor), so it is still inspected
    assert completed["returnRequest"]["status"] == "INSPECTED"
    assert completed["returnRequest"]["refundAmount"] == 355.0
    assert completed["returnRequest"]["saleorState"] == "pending"
    # and completing again while Saleor has not answered is refused, changing nothing
    again = _payload(client, COMPLETE, key, id=gid, res="STORE_CREDIT")
    assert [e["code"] for e in again["errors"]] == ["ILLEGAL_TRANSITION"]
    assert ReturnRequest.objects.get(tenant=shop).resolution == "refund"


def test_reject_needs_a_reason_and_cancel_ends_a_return(client, shop, key):
    first, second = _request(shop, 602), _request(shop, 603)
    blank = _payload(client, REJECT, key, id=_gid(first), r="  ")
    assert blank["errors"] == [
        {"field": "reason", "code": "INVALID_REASON", "message": "Say why the return is rejected."}
    ]
    rejected = _payload(client, REJECT, key, id=_gid(first), r="Worn outdoors")
    assert rejected["returnRequest"]["status"] == "REJECTED"
    assert rejected["returnRequest"]["decisionReason"] == "Worn outdoors"
    assert _payload(client, CANCEL, key, id=_gid(second))["returnRequest"]["status"] == "CANCELLED"


def test_an_exchange_takes_the_replacement_variants_on_completion(client, shop, key):
    request = _request(shop, 604, resolution="exchange")
    ids = {"tenant_id": shop.pk, "request_id": request.pk, "actor": STAFF}
    return_request_approve(**ids)
    return_request_mark_received(**ids, location_id=make_location(shop, "LA").pk)
    line = request.lines.get()
    return_request_inspect(**ids, inspections=[LineInspection(line.pk, 1, 0, 0)])
    wanted = to_global_id("ProductVariant", 999)
    unknown = _payload(
        client, COMPLETE, key, id=_gid(request), rep=[{"lineId": "0", "variantId": wanted}]
    )
    assert [e["code"] for e in unknown["errors"]] == ["NOT_FOUND"]
    done = _payload(
        client, COMPLETE, key, id=_gid(request), rep=[{"lineId": str(line.pk), "variantId": wanted}]
    )
    assert done["errors"] == []
    assert done["returnRequest"]["lines"][0]["replacementVariantId"] == wanted


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (APPROVE, {}),
        (CANCEL, {}),
        (COMPLETE, {}),
        (REJECT, {"r": "no"}),
        (IN_TRANSIT, {"t": "1Z"}),
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(client, shop, key, query, variables):
    # given a return already rejected
    request = _request(shop, 605)
    return_request_reject(tenant_id=shop.pk, request_id=request.pk, reason="worn", actor=STAFF)
    before = ReturnRequest.objects.values().get(pk=request.pk)
    audits = AuditEvent.objects.count()
    # when staff try to move it on
    payload = _payload(client, query, key, id=_gid(request), **variables)
    # then it is refused with its code, and nothing changed
    assert payload["returnRequest"] is None
    assert [e["code"] for e in payload["errors"]] == ["ILLEGAL_TRANSITION"]
    assert ReturnRequest.objects.values().get(pk=request.pk) == before
    assert AuditEvent.objects.count() == audits


def test_queues_filter_by_status_channel_and_resolution(client, shop, key):
    first, _ = _request(shop, 606), _request(shop, 607, resolution="exchange")
    return_request_approve(tenant_id=shop.pk, request_id=first.pk, actor=STAFF)

    def rmas(**filters):
        _, body = gql(client, QUEUE, filters, api_key=key)
        page = body["data"]["returnRequests"]
        return page["totalCount"], [edge["node"]["rmaNumber"] for edge in page["edges"]]

    assert rmas() == (2, ["RMA-000002", "RMA-000001"])
    assert rmas(status="APPROVED") == (1, ["RMA-000001"])
    assert rmas(resolution="EXCHANGE") == (1, ["RMA-000002"])
    assert rmas(channel="oms-us") == (2, ["RMA-000002", "RMA-000001"])
    assert rmas(channel="elsewhere") == (0, [])


def test_without_manage_orders_staff_are_refused(client, shop):
    request = _request(shop, 608)
    products_only = make_api_key(shop, ["MANAGE_PRODUCTS"])
    _, approving = gql(client, APPROVE, {"id": _gid(request)}, api_key=products_only)
    _, listing = gql(client, QUEUE, api_key=products_only)
    assert error_codes(approving) == ["PERMISSION_DENIED"]
    assert error_codes(listing) == ["PERMISSION_DENIED"]
    assert ReturnRequest.objects.get(pk=request.pk).status == "requested"


def test_another_tenants_return_is_not_found(client, shop, key):
    request = _request(shop, 609)
    other = make_capture_tenant(api_url="http://127.0.0.1:9/graphql/")
    other_key = make_api_key(other, ["MANAGE_ORDERS"])
    refused = _payload(client, APPROVE, other_key, id=_gid(request))
    assert refused == {
        "returnRequest": None,
        "errors": [{"field": "id", "code": "NOT_FOUND", "message": "No such return."}],
    }
    lookup = "query($id: ID!) { returnRequest(id: $id) { rmaNumber } }"
    _, body = gql(client, lookup, {"id": _gid(request)}, api_key=other_key)
    assert body["data"]["returnRequest"] is None
    _, queue = gql(client, QUEUE, api_key=other_key)
    assert queue["data"]["returnRequests"]["totalCount"] == 0
    assert ReturnRequest.objects.get(pk=request.pk).status == "requested"


def test_a_policy_names_its_return_location_and_instructions(client, shop, key):
    dock = make_location(shop, "Dock")
    foreign = make_location(make_capture_tenant(api_url="http://127.0.0.1:9/graphql/"), "X")
    mutation = """
    mutation($input: OmsReturnPolicyInput!) {
      returnPolicySet(input: $input) {
        policy { instructions returnLocationId } errors { field code }
      }
    }"""
    base = {"windowDays": 30, "reasons": ["damaged"], "resolutions": ["REFUND"]}
    ok = _payload(
        client,
        mutation,
        key,
        input={
            **base,
            "instructions": "Use the prepaid bag.",
            "returnLocationId": to_global_id("OmsLocation", dock.pk),
        },
    )
    assert ok["policy"] == {
        "instructions": "Use the prepaid bag.",
        "returnLocationId": to_global_id("OmsLocation", dock.pk),
    }
    refused = _payload(
        client,
        mutation,
        key,
        input={**base, "returnLocationId": to_global_id("OmsLocation", foreign.pk)},
    )
    assert refused["errors"] == [{"field": "returnLocationId", "code": "LOCATION_NOT_FOUND"}]


# -- guests ----------------------------------------------------------------------------------

LOOKUP = """
query($number: String!, $email: String) {
  orderReturns(orderNumber: $number, email: $email) { rmaNumber status labelUrl }
}
"""


def _guest(client, **variables):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": LOOKUP, "variables": variables}),
        content_type="application/json",
        headers={"Saleor-Api-Url": CAPTURE_API_URL},
    )
    return response.json()


def test_a_guest_finds_their_returns_and_label_by_order_number_and_email(client, shop):
    order = make_shipped_order(shop, 610, user_id="", email="guest@example.com")
    request = return_request_create(
        tenant_id=shop.pk,
        order_id=order.pk,
        lines=[LineRequest(order.lines.get(sku="OMS-SKU-001").saleor_id, 1, "damaged")],
        resolution="refund",
        actor=STAFF,
    )
    return_request_approve(tenant_id=shop.pk, request_id=request.pk, actor=STAFF)
    found = _guest(client, number="610", email="GUEST@example.com")["data"]["orderReturns"]
    assert [(r["rmaNumber"], r["status"]) for r in found] == [("RMA-000001", "APPROVED")]
    assert found[0]["labelUrl"]
    # another email, or an order that does not exist, look the same: nothing
    assert _guest(client, number="610", email="other@example.com")["data"]["orderReturns"] == []
    assert _guest(client, number="999", email="guest@example.com")["data"]["orderReturns"] == []
    # without the email a guest is refused
    assert error_codes(_guest(client, number="610")) == ["PERMISSION_DENIED"]


def test_staff_retry_a_return_whose_recording_in_saleor_failed(client, shop, key):
    request = _request(shop, 611)
    retry = f"mutation($id: ID!) {{ returnRequestRetrySaleor(id: $id) {{ {FIELDS} }} }}"
    # a return that did not fail cannot be retried
    refused = _payload(client, retry, key, id=_gid(request))
    assert [e["code"] for e in refused["errors"]] == ["ILLEGAL_TRANSITION"]
    ReturnRequest.objects.filter(pk=request.pk).update(
        status="inspected",
        saleor_state="failed",
        saleor_error="orderFulfillmentReturnProducts: INVALID_QUANTITY (orderLineId): Provided "
        "quantity is bigger than unfulfilled quantity.",
        saleor_error_code="INVALID_QUANTITY",
    )
    # staff see Saleor's refusal on the return
    node = _payload(
        client,
        "query($id: ID!) { returnRequest(id: $id) { status saleorState saleorErrorCode "
        "saleorError } }",
        key,
        id=_gid(request),
    )
    assert node["status"] == "INSPECTED" and node["saleorState"] == "failed"
    assert node["saleorErrorCode"] == "INVALID_QUANTITY"
    assert "Provided quantity is bigger than unfulfilled quantity." in node["saleorError"]
    retried = _payload(client, retry, key, id=_gid(request))
    assert retried["errors"] == [] and retried["returnRequest"]["saleorState"] == "pending"
