"""The onboarding checklist: items appear for what keeps the OMS from working, and close as the
store is fixed."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.fulfilment.selectors import BUILTIN_RULESET_DOCUMENT
from saleor_oms_plugin.fulfilment.services import ruleset_create, ruleset_publish
from saleor_oms_plugin.inventory.models import Channel
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.onboarding import imports
from saleor_oms_plugin.onboarding.items import ChecklistItem, ChecklistItemCode
from saleor_oms_plugin.onboarding.selectors import onboarding_checklist
from saleor_oms_plugin.orders.models import Fulfillment
from saleor_oms_plugin.tenants.models import ImportRun
from saleor_oms_plugin.tenants.selectors import import_run_get, tenant_granted_permissions
from saleor_oms_plugin.tenants.services import tenant_add
from saleor_oms_plugin.warehouse.models import Release
from tests.fixtures.fake_saleor import APP_ID
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location, make_order
from tests.fixtures.returns import ALL_APP_PERMISSIONS, make_policy
from tests.fixtures.warehouse import apply_shipment, enable, release_of

pytestmark = pytest.mark.django_db

CHECKLIST = """
query { onboardingChecklist { openCount items { code done title detail link } } }
"""
SETTINGS = """
mutation Update($input: OmsTenantSettingsInput!) {
  tenantSettingsUpdate(input: $input) { errors { field code } }
}
"""
STAFF = Actor("staff", "VXNlcjox")


def _checklist(client, key: str) -> dict[str, dict]:
    _, body = gql(client, CHECKLIST, api_key=key)
    return {item["code"]: item for item in body["data"]["onboardingChecklist"]["items"]}


def _open(client, key: str) -> dict[str, str]:
    return {
        code: item["detail"] for code, item in _checklist(client, key).items() if not item["done"]
    }


def _saleor_channel(tenant, slug: str) -> Channel:
    return Channel.objects.create(tenant=tenant, slug=slug, saleor_id=f"Q2hhbm5lbDo{slug}")


def _publish(tenant, channel: str | None) -> None:
    draft = ruleset_create(
        tenant_id=tenant.pk,
        name=f"rules {channel}",
        channel=channel,
        document=BUILTIN_RULESET_DOCUMENT,
        actor=STAFF,
    )
    ruleset_publish(tenant_id=tenant.pk, ruleset_id=draft.pk, actor=STAFF)


def _import_succeeded(tenant) -> None:
    run = import_run_get(tenant_id=tenant.pk)
    run.run_id, run.updated_at, run.state = uuid.uuid4(), timezone.now(), ImportRun.State.SUCCEEDED
    run.save()


def test_a_fresh_installation_is_told_that_routing_is_manual(client, capture_tenant):
    _import_succeeded(capture_tenant)
    key = make_api_key(capture_tenant, ["MANAGE_ORDERS"])
    items = _checklist(client, key)
    assert list(items) == [
        "APP_PERMISSIONS",
        "LOCATION_COORDINATES",
        "ROUTING_TRIGGER",
        "ROUTING_RULES",
        "RETURN_POLICIES",
        "IMPORT",
    ]
    assert _open(client, key) == {
        "ROUTING_TRIGGER": "Routing is manual: orders wait until staff route them. Pick a trigger."
    }
    assert items["ROUTING_TRIGGER"]["link"] == "/settings#routing"


def test_items_appear_for_a_half_set_up_store_and_close_as_it_is_fixed(client, capture_tenant):
    tenant = capture_tenant
    _import_succeeded(tenant)
    key = make_api_key(tenant, ["MANAGE_APPS", "MANAGE_ORDERS"])
    # given a store with a location lacking coordinates, two Saleor channels and an outside one
    make_location(tenant, "Los Angeles")
    nowhere = make_location(tenant, "Warehouse without coordinates")
    Location.objects.filter(pk=nowhere.pk).update(latitude=None)
    gone = make_location(tenant, "Closed", is_deleted=True)
    Location.objects.filter(pk=gone.pk).update(latitude=None, longitude=None)
    _saleor_channel(tenant, "oms-eu")
    _saleor_channel(tenant, "oms-us")
    Channel.objects.create(tenant=tenant, slug="marketplace")  # outside: no Saleor orders
    # then every gap is an open item naming what is at fault, with where to fix it
    items = _checklist(client, key)
    opened = _open(client, key)
    assert set(opened) == {
        "LOCATION_COORDINATES",
        "ROUTING_TRIGGER",
        "ROUTING_RULES",
        "RETURN_POLICIES",
    }
    assert "1 without coordinates (Warehouse without coordinates)" in opened["LOCATION_COORDINATES"]
    assert opened["ROUTING_RULES"].startswith("oms-eu, oms-us route with the built-in rules")
    assert opened["RETURN_POLICIES"].startswith("Returns are refused in oms-eu, oms-us")
    assert {code: item["link"] for code, item in items.items()} == {
        "APP_PERMISSIONS": "/settings#installation",
        "LOCATION_COORDINATES": "/locations",
        "ROUTING_TRIGGER": "/settings#routing",
        "ROUTING_RULES": "/routing",
        "RETURN_POLICIES": "/settings#returns",
        "IMPORT": "/overview#import",
    }
    _, body = gql(client, CHECKLIST, api_key=key)
    assert body["data"]["onboardingChecklist"]["openCount"] == 4

    # when the location gets coordinates and routing is switched on
    Location.objects.filter(pk=nowhere.pk).update(latitude=40.7)
    gql(client, SETTINGS, {"input": {"routing": {"trigger": "CREATED"}}}, api_key=key)
    assert set(_open(client, key)) == {"ROUTING_RULES", "RETURN_POLICIES"}

    # when one channel gets its own rules and policy, the other is still named
    _publish(tenant, "oms-us")
    make_policy(tenant, "oms-us")
    opened = _open(client, key)
    assert opened["ROUTING_RULES"].startswith("oms-eu route")
    assert opened["RETURN_POLICIES"].startswith("Returns are refused in oms-eu:")

    # when defaults cover every channel, nothing is left
    _publish(tenant, None)
    make_policy(tenant, None)
    assert _open(client, key) == {}
    _, body = gql(client, CHECKLIST, api_key=key)
    assert body["data"]["onboardingChecklist"]["openCount"] == 0


def test_permissions_saleor_did_not_grant_are_listed_until_reinstalled_with_them(
    client, db, fake_saleor
):
    # given an installation Saleor granted only orders and products (of the manifest's seven)
    tenant = tenant_add(api_url=fake_saleor.url, token=fake_saleor.app_token, run_import=False)
    assert tenant_granted_permissions(tenant=tenant) == {"MANAGE_ORDERS", "MANAGE_PRODUCTS"}
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    # then the checklist names the missing ones
    detail = _open(client, key)["APP_PERMISSIONS"]
    assert detail.startswith(
        "Saleor did not grant HANDLE_PAYMENTS, MANAGE_GIFT_CARD, MANAGE_SHIPPING, MANAGE_CHECKOUTS, "
        "MANAGE_ORDERS_IMPORT:"
    )
    # when the app is reinstalled with every permission
    fake_saleor.add_app("token-with-all", APP_ID, permissions=ALL_APP_PERMISSIONS)
    tenant_add(api_url=fake_saleor.url, token="token-with-all", run_import=False)
    # then the item is done, and the settings of the installation were kept
    assert "APP_PERMISSIONS" not in _open(client, key)


def test_reinstalling_keeps_the_merchants_settings(client, db, fake_saleor):
    tenant = tenant_add(api_url=fake_saleor.url, token=fake_saleor.app_token, run_import=False)
    key = make_api_key(tenant, ["MANAGE_ORDERS"])
    gql(client, SETTINGS, {"input": {"routing": {"trigger": "CONFIRMED"}}}, api_key=key)
    tenant = tenant_add(api_url=fake_saleor.url, token=fake_saleor.app_token, run_import=False)
    assert tenant.settings["routing"] == {"trigger": "confirmed"}


def test_the_import_hook_adds_its_items(client, capture_tenant, monkeypatch):
    item = ChecklistItem(
        code=ChecklistItemCode.IMPORT,
        done=False,
        title="The initial import finished",
        detail="3 orders could not be read",
        link="/orders",
    )
    monkeypatch.setattr(
        "saleor_oms_plugin.onboarding.selectors.onboarding_import_items",
        lambda *, tenant: [item],
    )
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    assert _checklist(client, key)["IMPORT"]["detail"] == "3 orders could not be read"


def test_the_import_item_is_open_until_an_import_read_everything(capture_tenant):
    # given a store whose import never ran
    [item] = imports.onboarding_import_items(tenant=capture_tenant)
    assert (item.done, item.detail) == (
        False,
        "The import has not run yet: run it from the Overview.",
    )
    # when the last run skipped two records
    run = import_run_get(tenant_id=capture_tenant.pk)
    run.run_id, run.updated_at = uuid.uuid4(), timezone.now()
    run.state = ImportRun.State.COMPLETED_WITH_SKIPS
    run.skipped = [{"kind": "ORDER", "saleor_id": "a", "reason": "x"}] * 2
    run.save()
    [item] = imports.onboarding_import_items(tenant=capture_tenant)
    assert item.detail == "2 records could not be read from Saleor and were skipped."
    # when a run read everything
    run.state = ImportRun.State.SUCCEEDED
    run.save()
    [item] = imports.onboarding_import_items(tenant=capture_tenant)
    assert (item.done, item.detail) == (True, "")


def test_the_checklist_needs_a_store_permission(client, capture_tenant):
    key = make_api_key(capture_tenant, ["HANDLE_PAYMENTS"])
    _, body = gql(client, CHECKLIST, api_key=key)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_the_checklist_costs_the_same_queries_whatever_the_store_size(
    capture_tenant, django_assert_num_queries
):
    # given a store of some size
    for number in range(12):
        make_location(capture_tenant, f"Location {number}")
        _saleor_channel(capture_tenant, f"channel-{number}")
    # then the checklist reads locations, channels, rule sets, policies, the locations with
    # warehouse execution (none: no item) and the import run once each
    with django_assert_num_queries(6):
        items = onboarding_checklist(tenant=capture_tenant)
    assert len(items) == 6


def test_saleor_shipping_before_the_warehouse_opens_the_approval_item(capture_tenant):
    # given no location picks: no warehouse item at all
    def item():
        found = [
            i
            for i in onboarding_checklist(tenant=capture_tenant)
            if i.code is ChecklistItemCode.WAREHOUSE_APPROVAL
        ]
        return found[0] if found else None

    assert item() is None
    # given Los Angeles picks, and Saleor holds its shipment for approval: the item is done
    location = make_location(capture_tenant, "Los Angeles")
    enable(capture_tenant, location)
    order = make_order(capture_tenant, 1, fulfillments=0)
    release = release_of(apply_shipment(order, location))
    held = Fulfillment.objects.create(
        order=order,
        saleor_id=release.saleor_fulfillment_id,
        status="WAITING_FOR_APPROVAL",
        source_issued_at=timezone.now(),
    )
    assert item().done is True
    # when Saleor ships it before the warehouse did (automatic approval still on)
    Fulfillment.objects.filter(pk=held.pk).update(status="FULFILLED")
    # then the item is open, names the location and says what to switch
    open_item = item()
    assert open_item.done is False
    assert "Los Angeles" in open_item.detail
    assert "Automatically approve all new fulfillments" in open_item.detail
    # and once the warehouse has shipped it, nothing is left to warn about
    Release.objects.filter(pk=release.pk).update(state=Release.State.SHIPPED)
    assert item().done is True
