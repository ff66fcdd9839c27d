"""Configuring the carriers a tenant ships with: checked by their adapter before anything is
saved, listed with their services, forgotten on request."""

from __future__ import annotations

import copy
import json

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.warehouse.models import CarrierAccount
from tests.carriers.test_rate_table import TABLE
from tests.fixtures.graphql import gql, make_api_key

pytestmark = pytest.mark.django_db

SAVE = """mutation S($input: OmsCarrierAccountInput!) { carrierAccountSave(input: $input) {
  carrier { code name services manualTracking } errors { field code message } } }"""
DELETE = """mutation D($code: String!) { carrierAccountDelete(code: $code) {
  errors { field code message } } }"""
CARRIERS = "query C { carriers { code services } }"


@pytest.fixture
def key(capture_tenant):
    return make_api_key(capture_tenant, ["MANAGE_PRODUCTS", "MANAGE_ORDERS"])


def _save(client, key, **input_):
    _, body = gql(client, SAVE, {"input": input_}, api_key=key)
    return body["data"]["carrierAccountSave"]


def test_a_rate_table_carrier_is_configured_and_offered_with_its_services(client, key):
    payload = _save(
        client,
        key,
        code="parcel-co",
        adapter="rate_table",
        config=json.dumps(TABLE),
        name="Parcel Co",
    )
    assert payload["errors"] == []
    assert payload["carrier"] == {
        "code": "parcel-co",
        "name": "Parcel Co",
        "services": ["standard", "express"],
        "manualTracking": False,
    }
    _, body = gql(client, CARRIERS, api_key=key)
    assert [c["code"] for c in body["data"]["carriers"]] == ["own_fleet", "parcel-co"]


def test_settings_the_adapter_refuses_are_not_saved(client, key, capture_tenant):
    broken = copy.deepcopy(TABLE)
    broken.pop("zones")
    payload = _save(client, key, code="parcel-co", adapter="rate_table", config=json.dumps(broken))
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("config", "INVALID")]
    assert "zones" in payload["errors"][0]["message"]
    payload = _save(client, key, code="parcel-co", adapter="pigeon", config="{}")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("adapter", "UNKNOWN_CARRIER")]
    payload = _save(client, key, code="Parcel Co!", adapter="rate_table", config=json.dumps(TABLE))
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("code", "INVALID")]
    payload = _save(client, key, code="own_fleet", adapter="rate_table", config=json.dumps(TABLE))
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("code", "INVALID")]
    assert not CarrierAccount.objects.filter(tenant=capture_tenant).exists()
    assert not AuditEvent.objects.filter(verb="carrier_account.saved").exists()


def test_a_carriers_credentials_never_reach_the_audit_trail(client, key):
    config = {"base_url": "https://carrier.example/api", "api_key": "s3cret-token"}
    payload = _save(client, key, code="courier", adapter="http_json", config=json.dumps(config))
    assert payload["errors"] == [], payload
    saved = AuditEvent.objects.get(verb="carrier_account.saved")
    assert "s3cret-token" not in json.dumps(saved.data)


def test_a_configured_carrier_is_forgotten(client, key):
    _save(client, key, code="parcel-co", adapter="rate_table", config=json.dumps(TABLE))
    _, body = gql(client, DELETE, {"code": "parcel-co"}, api_key=key)
    assert body["data"]["carrierAccountDelete"]["errors"] == []
    _, body = gql(client, CARRIERS, api_key=key)
    assert [c["code"] for c in body["data"]["carriers"]] == ["own_fleet"]
    _, body = gql(client, DELETE, {"code": "parcel-co"}, api_key=key)
    assert [e["code"] for e in body["data"]["carrierAccountDelete"]["errors"]] == ["NOT_FOUND"]
