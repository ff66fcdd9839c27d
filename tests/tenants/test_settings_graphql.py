"""tenantSettings, tenantSettingsSchema and tenantSettingsUpdate over /graphql/."""

from __future__ import annotations

import json

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.fulfilment.selectors import tenant_routing_settings
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.settings_schema import SECTIONS, settings_all
from tests.fixtures.graphql import error_codes, gql, make_api_key

pytestmark = pytest.mark.django_db

READ = """
query {
  tenantSettings {
    routing { trigger requireApproval maxAttempts }
    rules { intervalSeconds actionsPerMinute webhookMaxAttempts emailFrom }
    replenishment { reorderPoint targetLevel leadTimeDays }
    availability { maxAttempts }
  }
}
"""
UPDATE = """
mutation Update($input: OmsTenantSettingsInput!) {
  tenantSettingsUpdate(input: $input) {
    settings { routing { trigger requireApproval maxAttempts } rules { emailFrom }
               replenishment { reorderPoint targetLevel } }
    errors { field message code }
  }
}
"""
SCHEMA = """
query {
  tenantSettingsSchema {
    name title permission
    settings { section key field type default description allowedValues minimum maximum }
  }
}
"""


def test_the_defaults_are_read_with_typed_sections(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    _, body = gql(client, READ, api_key=key)
    assert body["data"]["tenantSettings"] == {
        "routing": {"trigger": "MANUAL", "requireApproval": False, "maxAttempts": 3},
        "rules": {
            "intervalSeconds": 300,
            "actionsPerMinute": 600,
            "webhookMaxAttempts": 5,
            "emailFrom": "",
        },
        "replenishment": {"reorderPoint": None, "targetLevel": None, "leadTimeDays": 0},
        "availability": {"maxAttempts": 5},
    }


def test_a_trigger_set_through_the_mutation_is_what_routing_reads(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    # when staff switch routing on, with approval
    _, body = gql(
        client,
        UPDATE,
        {"input": {"routing": {"trigger": "FULLY_PAID", "requireApproval": True}}},
        api_key=key,
    )
    # then the payload and the routing reader agree
    payload = body["data"]["tenantSettingsUpdate"]
    assert payload["errors"] == []
    assert payload["settings"]["routing"] == {
        "trigger": "FULLY_PAID",
        "requireApproval": True,
        "maxAttempts": 3,
    }
    routing = tenant_routing_settings(tenant=Tenant.objects.get(pk=capture_tenant.pk))
    assert (routing.trigger, routing.require_approval) == ("fully_paid", True)
    event = AuditEvent.objects.get(verb="tenant.settings_updated")
    assert event.actor_type == "api_key"
    assert event.data["changes"]["routing.trigger"] == {"before": "manual", "after": "fully_paid"}


def test_bad_values_come_back_as_field_errors_and_nothing_is_written(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_APPS"])
    gql(client, UPDATE, {"input": {"routing": {"maxAttempts": 4}}}, api_key=key)
    before = Tenant.objects.get(pk=capture_tenant.pk).settings
    _, body = gql(
        client,
        UPDATE,
        {
            "input": {
                "routing": {"maxAttempts": 0, "trigger": "CREATED"},
                "rules": {"emailFrom": "nobody"},
                "replenishment": {"reorderPoint": 9, "targetLevel": 3},
            }
        },
        api_key=key,
    )
    payload = body["data"]["tenantSettingsUpdate"]
    assert payload["settings"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("routing.maxAttempts", "OUT_OF_RANGE"),
        ("rules.emailFrom", "INVALID_EMAIL"),
    }
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == before


def test_a_consistency_error_names_the_graphql_field(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    _, body = gql(
        client,
        UPDATE,
        {"input": {"replenishment": {"reorderPoint": 9, "targetLevel": 3}}},
        api_key=key,
    )
    errors = body["data"]["tenantSettingsUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("replenishment.targetLevel", "INCONSISTENT")
    ]
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == {}


def test_null_resets_a_setting_and_absent_keys_are_kept(client, capture_tenant):
    key = make_api_key(capture_tenant, ["MANAGE_APPS"])
    gql(
        client,
        UPDATE,
        {"input": {"routing": {"trigger": "CREATED", "requireApproval": True}}},
        api_key=key,
    )
    _, body = gql(client, UPDATE, {"input": {"routing": {"requireApproval": None}}}, api_key=key)
    assert body["data"]["tenantSettingsUpdate"]["settings"]["routing"]["trigger"] == "CREATED"
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == {"routing": {"trigger": "created"}}


@pytest.mark.parametrize(
    ("permissions", "section", "values"),
    [
        (["MANAGE_PRODUCTS"], "routing", {"trigger": "CREATED"}),
        (["MANAGE_PRODUCTS"], "rules", {"intervalSeconds": 60}),
        (["MANAGE_ORDERS"], "replenishment", {"leadTimeDays": 3}),
        (["MANAGE_ORDERS"], "availability", {"maxAttempts": 3}),
    ],
)
def test_a_section_needs_its_own_permission_or_manage_apps(
    client, capture_tenant, permissions, section, values
):
    key = make_api_key(capture_tenant, permissions)
    # when a viewer without the section's permission changes it (beside one they may change)
    allowed = {"availability": {"maxAttempts": 2}} if section == "routing" else {}
    _, body = gql(client, UPDATE, {"input": {**allowed, section: values}}, api_key=key)
    # then the whole request is refused and nothing is written
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert Tenant.objects.get(pk=capture_tenant.pk).settings == {}
    assert not AuditEvent.objects.filter(verb="tenant.settings_updated").exists()


def test_reading_needs_a_store_permission(client, capture_tenant):
    key = make_api_key(capture_tenant, ["HANDLE_PAYMENTS"])
    _, body = gql(client, READ, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _, anonymous = gql(client, READ)
    assert error_codes(anonymous) == ["PERMISSION_DENIED"]


def test_the_schema_documents_every_setting_from_the_one_source(client):
    _, body = gql(client, SCHEMA)
    sections = body["data"]["tenantSettingsSchema"]
    assert [s["name"] for s in sections] == [section.name for section in SECTIONS]
    docs = [setting for section in sections for setting in section["settings"]]
    assert [(d["section"], d["key"]) for d in docs] == [
        (spec.section, spec.key) for spec in settings_all()
    ]
    trigger = docs[0]
    assert trigger["field"] == "trigger"
    assert trigger["type"] == "CHOICE"
    assert json.loads(trigger["default"]) == "MANUAL"
    assert trigger["allowedValues"] == ["MANUAL", "CREATED", "CONFIRMED", "FULLY_PAID"]
    interval = next(d for d in docs if d["key"] == "interval_seconds")
    assert (interval["field"], interval["minimum"], interval["maximum"]) == (
        "intervalSeconds",
        30,
        86400,
    )
    assert sections[2]["permission"] == "MANAGE_PRODUCTS"
