"""The order-flow figures of the rollups: fill rate, routing cost and saving, shipping on time,
backorders, short picks per location, cycle times, and the reporting time zone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.insights.histograms import bin_of
from saleor_oms_plugin.insights.models import DailyRollup
from saleor_oms_plugin.insights.selectors import DateRange, GroupBy, insight_rows
from saleor_oms_plugin.tenants.errors import TenantSettingsError
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.tenants.services import tenant_settings_update
from tests.fixtures.insights import (
    Plan,
    PlannedShipment,
    Shipment,
    Version,
    apply_order,
    apply_plan,
    location_for,
    settle_promise,
    short_pick,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
FIRST, SECOND = "V2FyZWhvdXNlOjE=", "V2FyZWhvdXNlOjI="
SHIPPED = (Shipment(1),)
STAFF = Actor("staff", "VXNlcjox")


def _row(tenant_id: int, warehouse: str = "", currency: str = "USD") -> DailyRollup:
    return DailyRollup.objects.get(tenant_id=tenant_id, warehouse_id=warehouse, currency=currency)


def test_fill_rate_counts_orders_shipped_complete_from_their_first_plan(capture_tenant):
    tenant = capture_tenant.pk
    # given three shipped orders: one from a single complete plan, one re-routed, one whose
    # first plan left a unit unplaced
    for number in (1, 2, 3):
        apply_order(tenant, Version(number, status="FULFILLED", shipments=SHIPPED))
    apply_plan(tenant, Plan(1))
    apply_plan(tenant, Plan(2, state="superseded"))
    apply_plan(tenant, Plan(2, decided_minutes=120))
    apply_plan(tenant, Plan(3, backorder=(1,)))
    row = _row(tenant)
    # then only the first counts; the third is backordered
    assert (row.shipped_orders, row.first_plan_complete_orders) == (3, 1)
    assert (row.backordered_orders, row.backordered_units) == (1, 1)
    (day,) = insight_rows(tenant_id=tenant, within=DateRange(DAY, DAY), group_by=GroupBy.DAY)
    assert day.figures.fill_rate == pytest.approx(1 / 3)


def test_a_short_pick_spoils_the_first_plan_and_counts_at_its_location(capture_tenant):
    tenant = capture_tenant.pk
    apply_order(tenant, Version(1, status="FULFILLED", shipments=SHIPPED))
    apply_plan(tenant, Plan(1, shipments=(PlannedShipment(FIRST), PlannedShipment(SECOND))))
    assert _row(tenant).first_plan_complete_orders == 1
    # when the warehouse reports the first shipment short-picked
    short_pick(tenant, 1)
    # then the order no longer counts as complete, and the short pick counts at its location
    assert _row(tenant).first_plan_complete_orders == 0
    assert (_row(tenant).short_picks, _row(tenant, FIRST).short_picks) == (1, 1)
    assert _row(tenant, SECOND).short_picks == 0


def test_routing_cost_and_saving_are_kept_per_currency(capture_tenant):
    tenant = capture_tenant.pk
    apply_order(tenant, Version(1, shipments=SHIPPED))
    apply_order(tenant, Version(2, currency="EUR", shipments=SHIPPED))
    apply_order(tenant, Version(3))  # planned, nothing sent yet: no cost
    apply_plan(tenant, Plan(1, baseline_cost="9.00", shipments=(PlannedShipment(cost="4.50"),)))
    apply_plan(tenant, Plan(2, baseline_cost="3.00", shipments=(PlannedShipment(cost="5.00"),)))
    apply_plan(tenant, Plan(3, state="applying", shipments=(PlannedShipment(state="pending"),)))
    rows = {
        row.currency: row.figures
        for row in insight_rows(tenant_id=tenant, within=DateRange(DAY, DAY), group_by=GroupBy.DAY)
    }
    assert (rows["USD"].routed_orders, rows["USD"].routing_cost) == (1, Decimal("4.5"))
    assert rows["USD"].routing_saving == Decimal("4.5")
    # a plan dearer than Saleor's allocation shows a negative saving, in its own currency
    assert rows["EUR"].routing_saving == Decimal("-2")
    assert rows["EUR"].routing_cost_per_order == Decimal("5.0000")
    # the location row carries its cost, with no saving of its own
    assert _row(tenant, FIRST).routing_cost == Decimal("4.5")
    assert _row(tenant, FIRST).routing_baseline_cost == Decimal("4.5")


def test_on_time_by_the_promise_or_else_the_location_handling_time(capture_tenant):
    tenant = capture_tenant.pk
    location_for(tenant, FIRST, handling=(2, "hours"))
    # orders paid an hour before EPOCH (their fulfilments are at EPOCH): two with a promise,
    # one without, shipped within the location's two hours; one still unjudged
    for number in (1, 2, 3, 4):
        apply_order(
            tenant,
            Version(number, created_minutes=-60, status="FULFILLED", shipments=SHIPPED, paid=True),
        )
    settle_promise(tenant, 1, kept=True)
    settle_promise(tenant, 2, kept=False)
    apply_order(tenant, Version(5, created_minutes=-60, status="UNFULFILLED", paid=True))
    row = _row(tenant, currency="USD")
    # orders 3 and 4 have no promise and shipped in 1 h of the location's 2 h: on time
    assert (row.shipped_with_promise, row.ship_judged_orders, row.shipped_on_time) == (2, 4, 3)


def test_the_location_handling_time_breaks_when_exceeded(capture_tenant):
    tenant = capture_tenant.pk
    location_for(tenant, FIRST, handling=(2, "hours"))
    apply_order(
        tenant,
        Version(1, created_minutes=-300, status="FULFILLED", shipments=SHIPPED, paid=True),
    )
    row = DailyRollup.objects.get(tenant_id=tenant, warehouse_id="")
    assert (row.ship_judged_orders, row.shipped_on_time) == (1, 0)


def test_cycle_times_fill_histograms_and_percentiles_over_a_range(capture_tenant):
    tenant = capture_tenant.pk
    # given an order paid 10 h before its first fulfilment, routed 1 h after payment
    apply_order(tenant, Version(1, created_minutes=-600, shipments=SHIPPED, paid=True))
    apply_plan(tenant, Plan(1, decided_minutes=-540))
    row = _row(tenant)
    assert row.paid_to_routed[bin_of(60)] == 1
    assert row.routed_to_shipped[bin_of(540)] == 1
    assert row.paid_to_shipped[bin_of(600)] == 1
    # and another order of the next day, routed 4 h after payment, never shipped
    apply_order(tenant, Version(2, created_minutes=24 * 60, paid=True))
    apply_plan(tenant, Plan(2, decided_minutes=24 * 60 + 240))
    # then the percentiles of both days come from the summed histograms, within a bin (√2)
    (total,) = insight_rows(
        tenant_id=tenant,
        within=DateRange(date(2026, 11, 1), date(2026, 11, 30)),
        group_by=GroupBy.MONTH,
    )
    routed = total.figures.paid_to_routed
    assert routed.count == 2
    assert 1 / 1.42 <= routed.p50_hours <= 1.42
    assert 4 / 1.42 <= routed.p90_hours <= 4 * 1.42
    assert total.figures.routed_to_shipped.count == 1
    assert total.figures.paid_to_shipped.p50_hours == pytest.approx(10, rel=0.42)


def test_an_order_counts_on_its_day_in_the_reporting_time_zone(capture_tenant):
    tenant = capture_tenant.pk
    Tenant.objects.filter(pk=tenant).update(settings={"insights": {"time_zone": "Asia/Kolkata"}})
    # EPOCH + 30 min is 2026-11-20 23:30 UTC, already the 21st in India (UTC+5:30)
    apply_order(tenant, Version(1, created_minutes=30))
    assert DailyRollup.objects.get(tenant_id=tenant, warehouse_id="").day == date(2026, 11, 21)


def test_a_new_reporting_time_zone_rebuilds_the_rollups(
    capture_tenant, django_capture_on_commit_callbacks
):
    tenant = capture_tenant.pk
    apply_order(tenant, Version(1, created_minutes=30))
    assert DailyRollup.objects.get(tenant_id=tenant, warehouse_id="").day == DAY
    # when staff set the tenant's reporting time zone
    with django_capture_on_commit_callbacks(execute=True):
        tenant_settings_update(
            tenant_id=tenant, changes={"insights": {"time_zone": "Asia/Kolkata"}}, actor=STAFF
        )
    # then the rollups were rebuilt: the order moved to its day in India
    assert DailyRollup.objects.get(tenant_id=tenant, warehouse_id="").day == date(2026, 11, 21)


def test_an_unknown_time_zone_is_refused_and_nothing_is_stored(capture_tenant):
    with pytest.raises(TenantSettingsError) as excinfo:
        tenant_settings_update(
            tenant_id=capture_tenant.pk,
            changes={"insights": {"time_zone": "Mars/Olympus"}},
            actor=STAFF,
        )
    assert excinfo.value.problems[0].code.value == "INVALID_TIME_ZONE"
    capture_tenant.refresh_from_db()
    assert capture_tenant.settings == {}


def test_grouped_by_location_with_names_and_a_location_filter(capture_tenant):
    tenant = capture_tenant.pk
    location_for(tenant, FIRST)
    apply_order(
        tenant, Version(1, status="FULFILLED", shipments=(Shipment(1, FIRST), Shipment(2, SECOND)))
    )
    apply_plan(tenant, Plan(1, shipments=(PlannedShipment(FIRST, cost="3.00"),)))
    within = DateRange(DAY, DAY)
    rows = insight_rows(tenant_id=tenant, within=within, group_by=GroupBy.LOCATION)
    assert [(r.location, r.location_name, r.figures.shipments) for r in rows] == [
        (FIRST, "Warehouse OjE=", 1),
        (SECOND, None, 1),
    ]
    assert rows[0].figures.routing_cost == Decimal("3")
    # one location's figures by day
    (day,) = insight_rows(tenant_id=tenant, within=within, group_by=GroupBy.DAY, location_id=SECOND)
    assert (day.period, day.figures.shipments, day.figures.routing_cost) == (DAY, 1, 0)
