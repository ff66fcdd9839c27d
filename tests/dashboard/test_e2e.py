"""End to end: the built Dashboard extension in headless Chromium against a live OMS.

Django's live server serves the build (``/app/``) and the GraphQL API on a real PostgreSQL;
each scenario is a Playwright script (``dashboard-extension/e2e/<scenario>.mjs``) run with
Node, signed in with an OMS API key, that exits non-zero on failure and saves a screenshot to
``dashboard-extension/e2e/artefacts/``. The database is checked afterwards.

These tests need the build and Chromium; they fail (never skip) with the command to fix it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_oms_plugin.fulfilment.configuration import ruleset_create
from saleor_oms_plugin.fulfilment.models import RoutingRuleSet
from saleor_oms_plugin.fulfilment.services import order_route
from saleor_oms_plugin.inventory.models import StockLevel, Transfer
from saleor_oms_plugin.locations.models import Location
from saleor_oms_plugin.returns.models import ReturnRequest
from saleor_oms_plugin.returns.requesting import LineRequest, return_request_create
from saleor_oms_plugin.rules.models import OrderFlag, Rule, StaffTask
from saleor_oms_plugin.warehouse.layout import BoxTypeInput, box_type_save
from saleor_oms_plugin.warehouse.models import Release
from tests.fixtures.deliveries import LocalSigner
from tests.fixtures.fulfilment import SaleorStock, import_order, make_routing_tenant
from tests.fixtures.graphql import gql, make_api_key
from tests.fixtures.inventory import make_outside_location, make_stock, variant_gid
from tests.fixtures.returns import STAFF, make_policy, make_shipped_order
from tests.fixtures.rules import order_make
from tests.fixtures.tenants import make_capture_tenant
from tests.fixtures.warehouse import STAFF as WAREHOUSE_STAFF
from tests.fixtures.warehouse import aisle, enable

EXTENSION = Path(__file__).resolve().parents[2] / "dashboard-extension"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCENARIO_TIMEOUT = 120

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _prerequisites():
    problems = []
    if not (EXTENSION / "dist" / "index.html").is_file():
        problems.append("the extension is not built: run scripts/test-dashboard")
    if not (EXTENSION / "node_modules" / "playwright-core").is_dir():
        problems.append("its packages are not installed: cd dashboard-extension && npm ci")
    if shutil.which("node") is None:
        problems.append("Node.js is missing: install Node.js 20 or newer")
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    if problems:
        pytest.fail("Dashboard end-to-end tests cannot run: " + "; ".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def _no_write_back(settings):
    settings.INVENTORY_WRITE_BACK_ENABLED = False


def run_scenario(name: str, base_url: str, token: str, **env: str) -> str:
    result = subprocess.run(
        ["node", str(EXTENSION / "e2e" / f"{name}.mjs"), base_url, token],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT,
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM, **env},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"scenario {name} failed:\n{output}"
    assert (EXTENSION / "e2e" / "artefacts" / f"{name}.png").is_file()
    return output


def test_a_return_is_approved_from_the_returns_queue(live_server):
    # given a shipped order and a return waiting for approval
    tenant = make_capture_tenant()
    make_policy(tenant)
    order = make_shipped_order(tenant, 5001, shipped_at=timezone.now() - timedelta(days=2))
    line = order.lines.get(sku="OMS-SKU-020")
    request = return_request_create(
        tenant_id=tenant.pk,
        order_id=order.pk,
        lines=[LineRequest(line.saleor_id, 1, "wrong size")],
        resolution="refund",
        actor=STAFF,
    )
    assert request.rma == "RMA-000001"
    key = make_api_key(tenant, ["MANAGE_ORDERS"])

    # when staff approve it in the extension
    run_scenario("approve-return", live_server.url, key)

    # then it is approved
    request.refresh_from_db()
    assert request.status == ReturnRequest.Status.APPROVED


def test_routing_rules_are_reordered_saved_and_replayed(live_server, fake_saleor):
    # given a tenant routing over the fake Saleor's warehouses, two recent orders
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")
    import_order(tenant, stock.add_order({"OMS-SKU-001": 1, "OMS-SKU-011": 1}, number=101))
    import_order(tenant, stock.add_order({"OMS-SKU-004": 1, "OMS-SKU-005": 1}, number=102))
    # and a draft whose nearest-first ranking should give way to fewest shipments
    draft = ruleset_create(
        tenant_id=tenant.pk,
        name="US draft",
        channel=None,
        document={
            "rules": [{"type": "nearest"}, {"type": "fewest_shipments"}, {"type": "lowest_cost"}]
        },
        actor=STAFF,
    )
    key = make_api_key(tenant, ["MANAGE_ORDERS", "MANAGE_PRODUCTS"])

    # when staff drag "fewest shipments" to the top, save, and replay the last two orders
    output = run_scenario("reorder-and-replay", live_server.url, key)

    # then the draft is stored in the new order (nothing else changed) and the replay ran
    draft.refresh_from_db()
    assert [rule["type"] for rule in draft.document["rules"]] == [
        "fewest_shipments",
        "nearest",
        "lowest_cost",
    ]
    assert draft.state == RoutingRuleSet.State.DRAFT
    assert "replayed 2 orders" in output


def test_a_rule_is_built_dry_run_and_created(live_server):
    # given three past orders, one of them above 150
    tenant = make_capture_tenant()
    big = order_make(tenant, total="420.00")
    order_make(tenant, total="40.00")
    order_make(tenant, total="90.00")
    key = make_api_key(tenant, ["MANAGE_ORDERS"])

    # when staff build "total above 150 → red flag" in the form, dry-run it and create it
    output = run_scenario("create-rule", live_server.url, key)

    # then the dry run found the big order and the rule is stored as the API expects it
    assert f"would fire on #{big.number}" in output
    rule = Rule.objects.get(tenant=tenant, name="Big orders")
    assert rule.trigger == "order.paid"
    assert rule.enabled is True
    assert rule.conditions == {
        "all": [{"field": "total_gross", "op": "gt", "value": 150, "currency": "USD"}]
    }
    assert rule.actions == [{"type": "flag", "colour": "red", "label": "Big order"}]


def test_every_page_and_extension_view_loads_without_errors(live_server, fake_saleor):
    # given a tenant with a plan awaiting approval, flagged orders, a task and stock
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(
        fake_saleor, LocalSigner.generate(), trigger="manual", require_approval=True
    )
    routed = import_order(tenant, stock.add_order({"OMS-SKU-001": 1, "OMS-SKU-011": 1}, number=101))
    other = import_order(tenant, stock.add_order({"OMS-SKU-004": 1}, number=102))
    plan = order_route(tenant_id=tenant.pk, order_id=routed.pk, trigger="manual", actor=STAFF)
    assert plan is not None and plan.state == "proposed"
    OrderFlag.objects.create(tenant=tenant, order=routed, label="SLA breach", colour="red")
    OrderFlag.objects.create(tenant=tenant, order=other, label="Address check", colour="orange")
    StaffTask.objects.create(
        tenant=tenant,
        order=routed,
        title="Call the customer",
        role="support",
        due_at=timezone.now() + timedelta(hours=4),
    )
    location = Location.objects.filter(tenant=tenant).order_by("pk").first()
    level = make_stock(
        tenant, location, stock.variant_id("OMS-SKU-001"), on_hand=12, allocated=2, safety_stock=1
    )
    StockLevel.objects.filter(pk=level.pk).update(sku="OMS-SKU-001")
    make_policy(tenant)
    key = make_api_key(
        tenant, ["MANAGE_ORDERS", "MANAGE_PRODUCTS", "MANAGE_APPS"], name="dashboard e2e"
    )

    # then every page shows it (the scenario fails on any error notification); widgets and
    # popups are opened at the addresses the Dashboard builds, with #101's Saleor id
    run_scenario("tour", live_server.url, key, OMS_E2E_ORDER_ID=routed.saleor_id)
    for view in (
        "overview",
        "orders",
        "stock",
        "tasks",
        "settings",
        "order-widget",
        "product-widget",
    ):
        assert (EXTENSION / "e2e" / "artefacts" / f"tour-{view}.png").is_file()


def dashboard_token(signer: LocalSigner, tenant, *, permissions: list[str]) -> str:
    """A Dashboard (App Bridge) token as the tenant's Saleor would issue it to our app."""
    now = int(time.time())
    claims = {
        "iat": now,
        "exp": now + 300,
        "iss": tenant.saleor_api_url,
        "owner": "saleor",
        "type": "thirdparty",
        "app": tenant.saleor_app_id,
        "user_id": "VXNlcjoyMQ==",
        "email": "admin@example.com",
        "is_staff": True,
        "permissions": ["MANAGE_ORDERS"],
        "user_permissions": permissions,
    }
    return jwt.encode(claims, signer.key, algorithm="RS256", headers={"kid": signer.kid})


def test_inside_the_dashboard_the_widget_uses_the_app_bridge_token(live_server, fake_saleor):
    # given an order with a plan waiting for approval
    stock = SaleorStock(fake_saleor)
    signer = LocalSigner.generate()
    tenant = make_routing_tenant(fake_saleor, signer, trigger="manual", require_approval=True)
    order = import_order(tenant, stock.add_order({"OMS-SKU-001": 1}, number=301))
    plan = order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    assert plan is not None
    OrderFlag.objects.create(tenant=tenant, order=order, label="SLA breach", colour="red")
    # and a staff member's Dashboard token (no API key anywhere)
    token = dashboard_token(signer, tenant, permissions=["MANAGE_ORDERS", "MANAGE_PRODUCTS"])

    # when the Dashboard (as 3.23.27 frames it) shows the order widget, hands it the token and
    # staff approve the plan, then open the app page
    output = run_scenario(
        "dashboard-widget",
        live_server.url,
        token,
        OMS_E2E_ORDER_ID=order.saleor_id,
        OMS_E2E_SALEOR_API_URL=tenant.saleor_api_url,
    )

    # then the plan was approved by that staff member, and Saleor's notification was asked for
    plan.refresh_from_db()
    assert plan.state != "proposed"
    assert plan.approved_by
    assert "notification: success Plan approved" in output
    # the widget stayed the widget and opened the order in the app page through the Dashboard
    assert "redirect: /extensions/app/QXBwOjE%3D/orders?number=301" in output
    # and the app page loaded at `/app?…` reported its own route, not the Dashboard's query
    assert "app page routes: /overview\n" in output


def test_a_safety_stock_is_set_and_a_transfer_requested_and_shipped(live_server):
    # given 10 units of a variant at one store and another store to send them to
    tenant = make_capture_tenant()
    soho = make_outside_location(tenant, "soho")
    berlin = make_outside_location(tenant, "berlin")
    level = make_stock(tenant, soho, variant_gid(900), on_hand=10)
    StockLevel.objects.filter(pk=level.pk).update(sku="OMS-SKU-900")
    key = make_api_key(tenant, ["MANAGE_PRODUCTS"])

    # when staff keep 2 back, then request 3 for Berlin and ship them on the Stock page
    run_scenario("safety-and-transfer", live_server.url, key)

    # then the level keeps 2 back and the 3 units left the source, in transit to Berlin
    level.refresh_from_db()
    assert (level.safety_stock, level.on_hand, level.reserved) == (2, 7, 0)
    transfer = Transfer.objects.get(tenant=tenant)
    assert (transfer.from_location_id, transfer.to_location_id) == (soho.pk, berlin.pk)
    assert (transfer.state, transfer.reference) == (Transfer.State.IN_TRANSIT, "E2E-1")
    assert [(line.variant_id, line.quantity) for line in transfer.lines.all()] == [
        (variant_gid(900), 3)
    ]
    assert not StockLevel.objects.filter(tenant=tenant, location=berlin).exclude(on_hand=0).exists()


PARCELS = """
query Parcels($location: ID!) {
  parcels(locationId: $location) { state carrier trackingNumber boxCode weightG }
}
"""


def test_a_wave_goes_from_release_to_shipped_through_the_pack_station(
    live_server, fake_saleor, client, django_capture_on_commit_callbacks, settings
):
    # given a shop that holds fulfilments for approval (docs/WAREHOUSE.md), and Los Angeles
    # running warehouse execution: a walk of bins holding the SKUs, and a box
    fake_saleor.shop["fulfillmentAutoApprove"] = False
    settings.APP_URL = live_server.url  # where the signed print links point
    stock = SaleorStock(fake_saleor)
    tenant = make_routing_tenant(fake_saleor, LocalSigner.generate(), trigger="manual")
    los_angeles = Location.objects.get(tenant=tenant, name="OMS Los Angeles")
    enable(tenant, los_angeles)
    aisle(tenant, los_angeles, {"OMS-SKU-001": "A-1", "OMS-SKU-011": "A-3", "OMS-SKU-016": "B-1"})
    box_type_save(
        tenant_id=tenant.pk,
        data=BoxTypeInput(los_angeles.pk, "M", 400, 300, 200, 20000, name="Medium"),
        actor=WAREHOUSE_STAFF,
    )
    # and an order to San Francisco routed there and applied in Saleor: released, not shipped
    order = import_order(
        tenant, stock.add_order({"OMS-SKU-001": 1, "OMS-SKU-011": 1, "OMS-SKU-016": 2}, number=401)
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_route(tenant_id=tenant.pk, order_id=order.pk, trigger="manual", actor=STAFF)
    release = Release.objects.get(tenant=tenant, order=order)
    assert (release.location_id, release.state) == (los_angeles.pk, Release.State.RELEASED)
    key = make_api_key(tenant, ["MANAGE_ORDERS", "MANAGE_PRODUCTS"])
    location_id = to_global_id("OmsLocation", los_angeles.pk)

    # when staff make a wave and print it, then pick and pack it with a scanner (a wrong item
    # refused on the way), weigh the parcel, ship with the own fleet and print the label
    output = run_scenario(
        "warehouse-wave",
        live_server.url,
        key,
        OMS_E2E_LOCATION_ID=location_id,
        OMS_E2E_ORDER_NUMBER="401",
        OMS_E2E_PICKS="A-1:OMS-SKU-001:1,A-3:OMS-SKU-011:1,B-1:OMS-SKU-016:2",
        OMS_E2E_WEIGHT="1500",
        OMS_E2E_CARRIER="own_fleet",
    )

    # then the release is shipped, its parcel labelled with a tracking number, and Saleor's
    # fulfilment approved
    release.refresh_from_db()
    assert release.state == Release.State.SHIPPED
    status, body = gql(client, PARCELS, {"location": location_id}, api_key=key)
    assert status == 200 and "errors" not in body, body
    [parcel] = body["data"]["parcels"]
    assert (parcel["boxCode"], parcel["carrier"]) == ("M", "own_fleet")
    assert parcel["state"] in ("LABELLED", "SHIPPED")
    assert parcel["trackingNumber"] and parcel["trackingNumber"] in output
    assert len(fake_saleor.graphql_requests("OmsFulfillmentApprove")) == 1
    [fulfilment] = stock.order(order.saleor_id)["fulfillments"]
    assert (fulfilment["status"], fulfilment["trackingNumber"]) == (
        "FULFILLED",
        parcel["trackingNumber"],
    )
