"""The ``orders`` queue filters: flag colours, flagged, open tasks, needs routing, plan state."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_oms_plugin.fulfilment.models import RoutingPlan
from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.orders.models import Order
from saleor_oms_plugin.rules.models import OrderFlag, StaffTask
from saleor_oms_plugin.tenants.models import Tenant
from tests.fixtures.contract import REPO_ROOT
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_order
from tests.fixtures.tenants import make_capture_tenant

pytestmark = pytest.mark.django_db

ORDERS = """
query Orders(
  $flagColours: [String!], $flagged: Boolean, $hasOpenTasks: Boolean,
  $needsRouting: Boolean, $routingState: OmsRoutingPlanState, $status: String, $first: Int
) {
  orders(
    flagColours: $flagColours, flagged: $flagged, hasOpenTasks: $hasOpenTasks,
    needsRouting: $needsRouting, routingState: $routingState, status: $status, first: $first
  ) {
    totalCount
    edges { node { number flags { label colour } routingPlan { state } } }
  }
}
"""


@pytest.fixture
def key(capture_tenant):
    return make_api_key(capture_tenant, ["MANAGE_ORDERS"])


@pytest.fixture
def other_tenant(db):
    return make_capture_tenant(api_url="http://127.0.0.1:9000/graphql/", app_id="QXBwOjc=")


def _order(tenant: Tenant, number: int, **kwargs) -> Order:
    return make_order(tenant, number, fulfillments=0, **kwargs)


def _flag(order: Order, colour: str, *, cleared: bool = False) -> None:
    OrderFlag.objects.create(
        tenant_id=order.tenant_id,
        order=order,
        label=f"{colour} flag",
        colour=colour,
        cleared_at=timezone.now() if cleared else None,
    )


def _plan(order: Order, state: str) -> RoutingPlan:
    return RoutingPlan.objects.create(
        tenant_id=order.tenant_id,
        order=order,
        ruleset_name="built-in default",
        ruleset_version=1,
        state=state,
        trigger=RoutingPlan.Trigger.MANUAL,
    )


def _listed(client, key: str, **variables) -> tuple[list[str], int]:
    status, body = gql(client, ORDERS, variables, api_key=key)
    assert status == 200 and "errors" not in body, body
    connection_ = body["data"]["orders"]
    numbers = sorted(edge["node"]["number"] for edge in connection_["edges"])
    return numbers, connection_["totalCount"]


def test_flag_colours_and_flagged_match_active_flags_only(
    client, key, capture_tenant, other_tenant
):
    # given orders flagged red, orange, yellow, red-but-cleared, and none, and a red one elsewhere
    _flag(_order(capture_tenant, 1), "red")
    _flag(_order(capture_tenant, 2), "orange")
    yellow = _order(capture_tenant, 3)
    _flag(yellow, "yellow")
    _flag(yellow, "grey")
    _flag(_order(capture_tenant, 4), "red", cleared=True)
    _order(capture_tenant, 5)
    _flag(_order(other_tenant, 6), "red")
    # then each filter lists what it says, with a totalCount of the whole result
    assert _listed(client, key, flagColours=["red"]) == (["1"], 1)
    assert _listed(client, key, flagColours=["orange", "yellow"]) == (["2", "3"], 2)
    assert _listed(client, key, flagged=True) == (["1", "2", "3"], 3)
    assert _listed(client, key, flagged=False) == (["4", "5"], 2)
    assert _listed(client, key, flagColours=["red"], flagged=False) == ([], 0)
    assert _listed(client, key, flagColours=[]) == (["1", "2", "3", "4", "5"], 5)
    # and an order with two flags is listed once
    assert _listed(client, key, flagColours=["yellow", "grey"]) == (["3"], 1)


def test_an_unknown_flag_colour_is_refused(client, key, capture_tenant):
    _order(capture_tenant, 1)
    _, body = gql(client, ORDERS, {"flagColours": ["red", "amber"]}, api_key=key)
    assert error_codes(body) == ["INVALID_ARGUMENTS"]
    assert "amber" in body["errors"][0]["message"]


def test_has_open_tasks_ignores_done_and_cancelled_tasks(client, key, capture_tenant, other_tenant):
    statuses = {1: "open", 2: "done", 3: "cancelled"}
    for number, status in statuses.items():
        order = _order(capture_tenant, number)
        StaffTask.objects.create(tenant=capture_tenant, order=order, title="t", status=status)
    both = _order(capture_tenant, 4)
    for status in ("done", "open"):
        StaffTask.objects.create(tenant=capture_tenant, order=both, title="t", status=status)
    _order(capture_tenant, 5)
    elsewhere = _order(other_tenant, 6)
    StaffTask.objects.create(tenant=other_tenant, order=elsewhere, title="t")
    assert _listed(client, key, hasOpenTasks=True) == (["1", "4"], 2)
    assert _listed(client, key, hasOpenTasks=False) == (["2", "3", "5"], 3)


def test_needs_routing_is_open_orders_with_units_left_and_no_plan_shipping_them(
    client, key, capture_tenant, other_tenant
):
    # given orders that need routing: never routed, only a failed plan, a failed re-route
    _order(capture_tenant, 1)
    _plan(_order(capture_tenant, 2, status="UNCONFIRMED"), "failed")
    rerouted = _order(capture_tenant, 3, status="PARTIALLY_FULFILLED")
    _plan(rerouted, "superseded")
    _plan(rerouted, "failed")
    # and orders that do not: planned (waiting, being applied, applied), shipped, cancelled,
    # nothing to ship, every unit fulfilled already, and another tenant's unrouted order
    for number, state in ((4, "proposed"), (5, "applying"), (6, "applied")):
        _plan(_order(capture_tenant, number), state)
    _order(capture_tenant, 7, status="FULFILLED")
    _order(capture_tenant, 8, status="CANCELED")
    digital = _order(capture_tenant, 9)
    digital.lines.update(is_shipping_required=False)
    shipped = _order(capture_tenant, 10)
    shipped.lines.update(quantity_fulfilled=2)
    _order(other_tenant, 11)
    # then
    assert _listed(client, key, needsRouting=True) == (["1", "2", "3"], 3)
    assert _listed(client, key, needsRouting=False) == (
        ["10", "4", "5", "6", "7", "8", "9"],
        7,
    )
    assert _listed(client, key, needsRouting=True, status="UNCONFIRMED") == (["2"], 1)


def test_routing_state_is_the_state_of_the_newest_plan(client, key, capture_tenant):
    reproposed = _order(capture_tenant, 1)
    _plan(reproposed, "failed")
    _plan(reproposed, "proposed")
    _plan(_order(capture_tenant, 2), "failed")
    _plan(_order(capture_tenant, 3), "applied")
    _order(capture_tenant, 4)
    # two plans stored in the same instant: the later row is the newer
    same_instant = _order(capture_tenant, 5)
    plans = [_plan(same_instant, "failed"), _plan(same_instant, "proposed")]
    RoutingPlan.objects.filter(pk__in=[p.pk for p in plans]).update(created_at=timezone.now())
    assert _listed(client, key, routingState="PROPOSED") == (["1", "5"], 2)
    assert _listed(client, key, routingState="FAILED") == (["2"], 1)
    assert _listed(client, key, routingState="APPLIED") == (["3"], 1)


def _queries_for_a_filtered_page(client, key: str) -> int:
    variables = {"flagged": True, "hasOpenTasks": True, "needsRouting": True, "first": 100}
    with CaptureQueriesContext(connection) as queries:
        status, body = gql(client, ORDERS, variables, api_key=key)
    assert status == 200 and "errors" not in body, body
    return len(queries)


def test_a_filtered_page_costs_the_same_queries_for_3_or_30_orders(client, key, capture_tenant):
    gql(client, "{ me { kind } }", api_key=key)  # touches last_used_at once, outside the count

    def add_orders(numbers: range) -> None:
        for number in numbers:
            order = _order(capture_tenant, number)
            _flag(order, "red")
            StaffTask.objects.create(tenant=capture_tenant, order=order, title="t")

    add_orders(range(1, 4))
    few = _queries_for_a_filtered_page(client, key)
    add_orders(range(4, 31))
    many = _queries_for_a_filtered_page(client, key)
    # key, orders (filters included), totalCount, flags, plans (and their shipments when
    # there are any): a fixed number however many orders the page holds
    assert few == many
    assert many <= 6, many


def test_filters_run_inside_the_orders_query(capture_tenant):
    # every filter is a subquery of the one SELECT (no id list fetched first)
    from saleor_oms_plugin.graphql.orders.filters import orders_filter
    from saleor_oms_plugin.orders.selectors import order_list

    orders = orders_filter(
        order_list(tenant_id=capture_tenant.pk),
        tenant_id=capture_tenant.pk,
        flag_colours=["red"],
        flagged=True,
        has_open_tasks=False,
        needs_routing=True,
        routing_state="failed",
    )
    with CaptureQueriesContext(connection) as queries:
        list(orders)
    assert len(queries) == 1
    sql = queries[0]["sql"]
    # flag colour, flagged, tasks, unshipped lines, covering plan, newest plan (and its "newer")
    assert sql.count("EXISTS") == 7
    assert sql.count(f'"tenant_id" = {capture_tenant.pk}') >= 5


def _served_root_field(name: str) -> str:
    field = schema.graphql_schema.query_type.fields[name]
    args = ", ".join(f"{arg_name}: {arg.type}" for arg_name, arg in field.args.items())
    return f"{name}({args}): {field.type}" if args else f"{name}: {field.type}"


def test_the_extensions_stand_in_for_the_orders_root_fields_matches_the_schema():
    # The subgraph SDL leaves me/order/orders to Saleor, so the extension declares them itself
    # (for its documents test and its generated types): as /graphql/ serves them.
    source = (
        REPO_ROOT / "dashboard-extension" / "schema" / "served-besides-the-subgraph.graphql"
    ).read_text()
    block = re.search(r"extend type Query \{\n(.*?)\n\}", source, re.S)
    assert block is not None
    declared = sorted(line.strip() for line in block.group(1).splitlines() if line.strip())
    assert declared == sorted(_served_root_field(name) for name in ("me", "order", "orders"))
