"""The screening GraphQL API: the review queue, decisions, configuration; permission, audit
and tenants."""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.screening.models import ScreeningConfig, ScreeningResult
from saleor_oms_plugin.screening.services import order_screen, screening_config_set
from tests.fixtures.graphql import error_codes, gql, make_api_key
from tests.fixtures.screening import ENABLED, make_new_order
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

QUEUE = """
query Queue($reason: String, $channel: String) {
  screeningQueue(first: 10, reason: $reason, channel: $channel) {
    totalCount edges { node { state reasonCodes riskScore order { number } } }
  }
}
"""
RESULT = """
query Result($orderId: ID!) {
  screeningResult(orderId: $orderId) {
    state reasonCodes decidedBy decisionNote checks { check outcome code suggestion }
  }
}
"""
RELEASE = """
mutation Release($orderId: ID!, $note: String) {
  screeningRelease(orderId: $orderId, note: $note) {
    result { state decisionNote } errors { field code message }
  }
}
"""
RERUN = """
mutation Rerun($orderId: ID!) {
  screeningRerun(orderId: $orderId) { result { state runs } errors { field code } }
}
"""
CANCEL = """
mutation Cancel($orderId: ID!) {
  screeningCancel(orderId: $orderId, note: "fraud") { result { state } errors { code } }
}
"""
CONFIG_SET = """
mutation Set($document: JSONString!, $channel: String) {
  screeningConfigSet(document: $document, channel: $channel) {
    config { channel document effective } errors { field code message }
  }
}
"""
CONFIGS = "query { screeningConfigs { channel document effective } }"


@pytest.fixture
def shop(capture_tenant):
    screening_config_set(
        tenant_id=capture_tenant.pk, channel_slug="", document=ENABLED, actor=Actor.system()
    )
    return capture_tenant, make_api_key(capture_tenant, ["MANAGE_ORDERS"])


def _held(tenant, number, **kwargs):
    order = make_new_order(tenant, number, charge_status="NONE", **kwargs)
    order_screen(tenant_id=tenant.pk, order_id=order.pk, actor=Actor.system())
    return order, to_global_id("OmsOrder", order.pk)


def test_staff_filter_the_queue_by_reason_and_channel(client, shop):
    tenant, key = shop
    _held(tenant, 1)
    _held(tenant, 2, channel_slug="eu", currency="EUR")

    _, everything = gql(client, QUEUE, {}, api_key=key)
    _, by_channel = gql(client, QUEUE, {"channel": "eu"}, api_key=key)
    _, by_reason = gql(client, QUEUE, {"reason": "ADDRESS_PO_BOX"}, api_key=key)

    assert everything["data"]["screeningQueue"]["totalCount"] == 2
    nodes = [edge["node"] for edge in everything["data"]["screeningQueue"]["edges"]]
    assert nodes[0] == {
        "state": "HELD",
        "reasonCodes": ["STOCK_OUT", "PAYMENT_MISSING"],
        "riskScore": 0,
        "order": {"number": "1"},
    }
    assert [
        e["node"]["order"]["number"] for e in by_channel["data"]["screeningQueue"]["edges"]
    ] == ["2"]
    assert by_reason["data"]["screeningQueue"]["totalCount"] == 0


def test_staff_release_a_held_order_and_it_is_audited(client, shop):
    tenant, key = shop
    order, order_id = _held(tenant, 1)

    _, body = gql(client, RELEASE, {"orderId": order_id, "note": "known customer"}, api_key=key)

    assert body["data"]["screeningRelease"] == {
        "result": {"state": "RELEASED", "decisionNote": "known customer"},
        "errors": [],
    }
    audit = AuditEvent.objects.get(tenant=tenant, verb="screening.released")
    assert audit.data["note"] == "known customer"
    _, result = gql(client, RESULT, {"orderId": order_id}, api_key=key)
    assert result["data"]["screeningResult"]["state"] == "RELEASED"


def test_a_second_decision_is_refused_in_the_payload_changing_nothing(client, shop):
    tenant, key = shop
    order, order_id = _held(tenant, 1)
    gql(client, CANCEL, {"orderId": order_id}, api_key=key)
    before = AuditEvent.objects.count()

    _, release = gql(client, RELEASE, {"orderId": order_id}, api_key=key)
    _, rerun = gql(client, RERUN, {"orderId": order_id}, api_key=key)

    assert release["data"]["screeningRelease"]["errors"][0]["code"] == "ILLEGAL_TRANSITION"
    assert rerun["data"]["screeningRerun"]["errors"][0]["code"] == "ILLEGAL_TRANSITION"
    assert ScreeningResult.objects.get(order=order).state == "CANCELLED"
    assert AuditEvent.objects.count() == before


def test_rerun_checks_a_held_order_again(client, shop):
    tenant, key = shop
    order, order_id = _held(tenant, 1)

    _, body = gql(client, RERUN, {"orderId": order_id}, api_key=key)

    assert body["data"]["screeningRerun"] == {
        "result": {"state": "HELD", "runs": 2},
        "errors": [],
    }
    assert AuditEvent.objects.filter(tenant=tenant, verb="screening.rerun").count() == 1


def test_configuration_is_read_and_replaced_per_channel(client, shop):
    tenant, key = shop
    document = {"payment": {"policy": "cod", "codMaxTotal": {"EUR": "300"}}}

    _, body = gql(client, CONFIG_SET, {"document": _json(document), "channel": "eu"}, api_key=key)

    payload = body["data"]["screeningConfigSet"]
    assert payload["errors"] == []
    assert payload["config"]["channel"] == "eu"
    assert _load(payload["config"]["effective"]) == {"enabled": True, **document}
    _, configs = gql(client, CONFIGS, api_key=key)
    assert [c["channel"] for c in configs["data"]["screeningConfigs"]] == [None, "eu"]
    assert AuditEvent.objects.filter(tenant=tenant, verb="screening_config.updated").count() == 2


def test_an_invalid_configuration_is_refused_with_its_problems(client, shop):
    tenant, key = shop

    _, body = gql(
        client,
        CONFIG_SET,
        {"document": _json({"payment": {"policy": "barter"}, "risk": {"holdAt": 0}})},
        api_key=key,
    )

    errors = body["data"]["screeningConfigSet"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("document", "INVALID_CONFIG")]
    assert "payment.policy" in errors[0]["message"] and "risk.holdAt" in errors[0]["message"]
    assert ScreeningConfig.objects.get(tenant=tenant).document == ENABLED


def test_without_manage_orders_nothing_is_answered(client, shop):
    tenant, _ = shop
    _, order_id = _held(tenant, 1)
    products = make_api_key(tenant, ["MANAGE_PRODUCTS"], name="products")

    _, queue = gql(client, QUEUE, {}, api_key=products)
    _, release = gql(client, RELEASE, {"orderId": order_id}, api_key=products)

    assert error_codes(queue) == ["PERMISSION_DENIED"]
    assert error_codes(release) == ["PERMISSION_DENIED"]
    assert ScreeningResult.objects.get(tenant=tenant).state == "HELD"


def test_another_tenants_orders_are_neither_seen_nor_decided(client, shop):
    tenant, _ = shop
    _, order_id = _held(tenant, 1)
    other = make_capture_tenant(api_url="http://other.example/graphql/")
    other_key = make_api_key(other, ["MANAGE_ORDERS"])

    _, queue = gql(client, QUEUE, {}, api_key=other_key)
    _, result = gql(client, RESULT, {"orderId": order_id}, api_key=other_key)
    _, release = gql(client, RELEASE, {"orderId": order_id}, api_key=other_key)
    _, configs = gql(client, CONFIGS, api_key=other_key)

    assert queue["data"]["screeningQueue"]["totalCount"] == 0
    assert result["data"]["screeningResult"] is None
    assert release["data"]["screeningRelease"]["errors"][0]["code"] == "NOT_FOUND"
    assert ScreeningResult.objects.get(tenant=tenant).state == "HELD"
    assert _load(configs["data"]["screeningConfigs"][0]["document"]) == {}


def _json(value):
    import json

    return json.dumps(value)


def _load(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_a_nul_character_in_an_argument_is_refused_as_malformed(client, shop):
    _, key = shop

    status, in_variables = gql(client, QUEUE, {"reason": "PAYMENT\x00"}, api_key=key)
    _, inline = gql(client, '{ screeningQueue(channel: "a\\u0000b") { totalCount } }', api_key=key)

    assert status == 400
    assert error_codes(in_variables) == ["MALFORMED_REQUEST"]
    assert error_codes(inline) == ["MALFORMED_REQUEST"]
