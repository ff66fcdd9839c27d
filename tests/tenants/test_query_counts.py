"""SQL per request of the installation reads: the viewer, the tenant and its import, API keys
and settings, as the Dashboard asks for them."""

from __future__ import annotations

import itertools

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.tenants.services import api_key_create, api_key_revoke
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import valid_moment
from tests.fixtures.query_counts import assert_constant_queries, edges, queries_of

pytestmark = pytest.mark.django_db

# The Dashboard's Settings page (pages/Settings.tsx), import banner (pages/ImportBanner.tsx)
# and settings forms (pages/settings/TenantSettings.tsx).
ME = "query Me { me { kind email permissions } tenant { name saleorApiUrl saleorVersion installedAt } }"
IMPORT_STATE = """
query ImportState {
  tenant { import {
    state startedAt finishedAt attempts orders locations stockRows
    skipped { kind saleorId reason } errors
  } }
}
"""
KEYS = """
query Keys {
  apiKeys(first: 100, includeRevoked: true) {
    edges { node { id name prefix permissions createdBy createdAt lastUsedAt isActive } }
  }
}
"""
SETTINGS = """
query TenantSettings {
  tenantSettings {
    routing { trigger requireApproval maxAttempts }
    rules { intervalSeconds actionsPerMinute webhookMaxAttempts emailFrom }
    replenishment { reorderPoint targetLevel leadTimeDays }
    availability { maxAttempts }
  }
}
"""
SETTINGS_SCHEMA = """
query TenantSettingsSchema {
  tenantSettingsSchema {
    name title description permission
    settings { key field type default description allowedValues minimum maximum nullable }
  }
}
"""
DASHBOARD = {"Authorization": f"Bearer {tokens()['app_extension_access']}"}


def _while_the_token_is_valid():
    return freeze_time(valid_moment("app_extension_access"))


def test_me_and_tenant(client, capture_tenant):
    # the tenant of the token's issuer (1)
    with _while_the_token_is_valid():
        count, body = queries_of(client, ME, headers=DASHBOARD)
    assert body["data"]["me"]["kind"] == "APP_EXTENSION"
    assert count == 1


def test_tenant_import(client, capture_tenant):
    # the tenant (1), its last import (1)
    with _while_the_token_is_valid():
        count, body = queries_of(client, IMPORT_STATE, headers=DASHBOARD)
    assert "state" in body["data"]["tenant"]["import"]
    assert count == 2


def test_api_keys(client, capture_tenant):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            key, _ = api_key_create(
                tenant_id=capture_tenant.pk,
                name=f"integration {number}",
                permissions=["MANAGE_ORDERS"],
                grantable=frozenset({"MANAGE_ORDERS"}),
                actor=Actor.operator("tests"),
            )
            if number % 2:
                api_key_revoke(
                    tenant_id=capture_tenant.pk, key_id=key.pk, actor=Actor.operator("tests")
                )

    # the tenant (1), page (1)
    with _while_the_token_is_valid():
        assert_constant_queries(
            client, KEYS, grow=grow, rows=edges("apiKeys"), expected=2, headers=DASHBOARD
        )


def test_tenant_settings(client, capture_tenant):
    # the tenant, which holds its settings (1)
    with _while_the_token_is_valid():
        count, body = queries_of(client, SETTINGS, headers=DASHBOARD)
    assert body["data"]["tenantSettings"]["routing"]["trigger"]
    assert count == 1


def test_tenant_settings_schema(client, capture_tenant):
    # the tenant (1); the schema is code
    with _while_the_token_is_valid():
        count, body = queries_of(client, SETTINGS_SCHEMA, headers=DASHBOARD)
    assert body["data"]["tenantSettingsSchema"]
    assert count == 1
