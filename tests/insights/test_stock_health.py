"""Stock health: the judgement of one stock level (plain function), the daily snapshot beat
takes, and ``insightsStock`` on the staff API (filters, location, settings, refused input)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.insights.models import StockSnapshot
from saleor_oms_plugin.insights.stock_health import HealthPolicy, StockFacts, stock_health
from saleor_oms_plugin.insights.stock_snapshots import KEEP_DAYS, stock_snapshot_take
from saleor_oms_plugin.insights.tasks import insights_stock_snapshot_tenant
from saleor_oms_plugin.inventory.models import StockLevel
from saleor_oms_plugin.tenants.services import tenant_settings_update
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import make_stock
from tests.fixtures.stock_health import (
    Reason,
    add_movement,
    add_snapshot,
    set_forecast,
    set_velocity,
)
from tests.fixtures.tenants import make_capture_tenant

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _facts(**values) -> StockFacts:
    base = {
        "stock_id": 1,
        "variant_id": "v",
        "sku": "SKU",
        "location_id": 1,
        "location_name": "Dallas",
        "on_hand": 100,
        "available": 100,
        "daily_demand": 1.0,
        "days_of_cover": 100.0,
        "demand_over": 180.0,
        "last_sold_at": NOW - timedelta(days=1),
        "last_received_at": None,
        "first_moved_at": NOW - timedelta(days=400),
        "stock_out_days": 0,
    }
    return StockFacts(**{**base, **values})


# -- the judgement -----------------------------------------------------------------------------


def test_stock_that_sells_and_covers_less_than_the_horizon_is_healthy():
    health = stock_health(_facts(), HealthPolicy(), NOW)
    assert (health.aged_days, health.overstocked_units, health.reasons) == (1, 0, ())
    assert not health.liquidation_candidate


def test_no_sale_for_the_aged_days_makes_a_candidate():
    facts = _facts(last_sold_at=NOW - timedelta(days=95))
    health = stock_health(facts, HealthPolicy(aged_days=90), NOW)
    assert health.aged_days == 95 and health.liquidation_candidate
    assert health.reasons == ("No sale for 95 days (aged after 90); 100 on hand.",)
    # a stricter threshold keeps it off the list
    assert not stock_health(facts, HealthPolicy(aged_days=120), NOW).liquidation_candidate


def test_never_sold_ages_from_its_first_movement_and_empty_stock_does_not_age():
    never = _facts(last_sold_at=None, first_moved_at=NOW - timedelta(days=100))
    assert stock_health(never, HealthPolicy(), NOW).aged_days == 100
    assert stock_health(_facts(on_hand=0, available=0), HealthPolicy(), NOW).aged_days is None


def test_units_beyond_the_overstock_horizon_are_overstocked():
    facts = _facts(on_hand=500, days_of_cover=500.0, demand_over=180.0)
    health = stock_health(facts, HealthPolicy(overstock_days=180), NOW)
    assert health.overstocked_units == 320
    assert health.reasons == ("320 units beyond 180 days of demand (500 days of cover).",)


def test_no_demand_overstocks_everything_and_unknown_demand_nothing():
    zero = _facts(daily_demand=0.0, days_of_cover=None, demand_over=0.0)
    assert stock_health(zero, HealthPolicy(), NOW).overstocked_units == 100
    unknown = _facts(daily_demand=None, days_of_cover=None, demand_over=None)
    assert stock_health(unknown, HealthPolicy(), NOW).overstocked_units == 0


# -- the daily snapshot ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_snapshot_keeps_the_days_lowest_available_and_prunes_old_days(capture_tenant):
    stock = make_stock(capture_tenant, make_location(capture_tenant, "Dallas"), "v1", on_hand=0)
    old = StockSnapshot.objects.create(
        tenant=capture_tenant,
        stock=stock,
        day=NOW.date() - timedelta(days=KEEP_DAYS + 1),
        on_hand=1,
        available=1,
        min_available=1,
        taken_at=NOW,
    )
    # given a run while out of stock, then one after 7 units came in, the same day
    first = stock_snapshot_take(tenant_id=capture_tenant.pk, now=NOW)
    StockLevel.objects.filter(pk=stock.pk).update(on_hand=7, safety_stock=2)
    stock_snapshot_take(tenant_id=capture_tenant.pk, now=NOW + timedelta(hours=1))
    # then the day has one row: the latest levels, and the stock-out it saw
    (row,) = StockSnapshot.objects.filter(stock=stock)
    assert (row.day, row.on_hand, row.available, row.min_available) == (NOW.date(), 7, 5, 0)
    assert (first.stocks, first.pruned) == (1, 1)
    assert not StockSnapshot.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_beat_takes_the_snapshot_of_every_active_tenant(capture_tenant):
    make_stock(capture_tenant, make_location(capture_tenant, "Dallas"), "v1", on_hand=3)
    entry = django_settings.CELERY_BEAT_SCHEDULE["insights-stock-snapshot"]
    assert entry["task"] == "saleor_oms_plugin.insights.tasks.insights_stock_snapshot"
    result = insights_stock_snapshot_tenant(capture_tenant.pk)
    assert result["stocks"] == 1
    assert StockSnapshot.objects.get().on_hand == 3


# -- insightsStock -----------------------------------------------------------------------------

QUERY = """
query Stock($locationId: ID, $filter: OmsStockHealthFilter, $first: Int) {
  insightsStock(locationId: $locationId, filter: $filter, first: $first) {
    asOf stockOutsLast30Days
    items {
      variantId sku locationId locationName onHand available dailyDemand daysOfCover
      lastSoldAt lastReceivedAt agedDays overstockedUnits stockOutDaysLast30
      liquidationCandidate reasons
    }
  }
}
"""


@pytest.fixture
def shop(capture_tenant):
    now = timezone.now()
    dallas = make_location(capture_tenant, "Dallas")
    austin = make_location(capture_tenant, "Austin")
    # v-aged: 50 on hand, last sold 100 days ago, a forecast of no demand
    aged = make_stock(capture_tenant, dallas, "v-aged", on_hand=50)
    add_movement(aged, days_ago=200, on_hand_delta=60, reason=Reason.EXTERNAL_FEED, now=now)
    add_movement(aged, days_ago=100, on_hand_delta=-10, reason=Reason.FULFILMENT, now=now)
    set_forecast(aged, [0.0] * 28, now=now)
    # v-over: 500 on hand selling 1 a day (velocity): 320 beyond 180 days
    over = make_stock(capture_tenant, dallas, "v-over", on_hand=500)
    add_movement(over, days_ago=1, on_hand_delta=-1, reason=Reason.FULFILMENT, now=now)
    add_movement(over, days_ago=3, on_hand_delta=400, reason=Reason.MANUAL_ADJUSTMENT, now=now)
    set_velocity(over, 1.0, now=now)
    # v-out: nothing at Austin, selling 2 a day, out on 3 days of the last 30 (and once before)
    out = make_stock(capture_tenant, austin, "v-out", on_hand=0)
    set_velocity(out, 2.0, now=now)
    for days_ago in (0, 1, 5, 31):
        add_snapshot(out, days_ago=days_ago, available=0, now=now)
    add_snapshot(over, days_ago=2, available=499, now=now)
    capture_tenant.ids = {"dallas": dallas, "austin": austin}
    return capture_tenant


def _post(client, tenant, variables=None, permissions=("MANAGE_PRODUCTS",)):
    key = make_api_key(tenant, list(permissions))
    return gql(client, QUERY, variables or {}, api_key=key)[1]


def _variants(body) -> list[str]:
    return [item["variantId"] for item in body["data"]["insightsStock"]["items"]]


@pytest.mark.django_db
def test_every_stock_level_with_its_health(client, shop):
    data = _post(client, shop)["data"]["insightsStock"]
    assert data["stockOutsLast30Days"] == 1
    items = {item["variantId"]: item for item in data["items"]}
    assert list(items) == ["v-aged", "v-out", "v-over"]
    aged = items["v-aged"]
    assert (aged["onHand"], aged["dailyDemand"], aged["daysOfCover"]) == (50, 0.0, None)
    assert (aged["agedDays"], aged["overstockedUnits"]) == (100, 50)
    assert aged["liquidationCandidate"] and len(aged["reasons"]) == 2
    assert aged["reasons"][0].startswith("No sale for 100 days")
    assert aged["locationId"] == to_global_id("OmsLocation", shop.ids["dallas"].pk)
    over = items["v-over"]
    assert (over["dailyDemand"], over["daysOfCover"], over["overstockedUnits"]) == (1.0, 500, 320)
    assert (over["agedDays"], over["stockOutDaysLast30"]) == (1, 0)
    assert over["lastReceivedAt"] < over["lastSoldAt"]
    out = items["v-out"]
    assert (out["stockOutDaysLast30"], out["daysOfCover"], out["agedDays"]) == (3, 0.0, None)
    assert (out["locationName"], out["liquidationCandidate"], out["reasons"]) == (
        "Austin",
        False,
        [],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wanted", "variants"),
    [
        ("STOCK_OUT", ["v-out"]),
        ("LOW_COVER", ["v-out"]),
        ("AGED", ["v-aged"]),
        ("OVERSTOCKED", ["v-over", "v-aged"]),
    ],
)
def test_filters_list_the_worst_first(client, shop, wanted, variants):
    assert _variants(_post(client, shop, {"filter": wanted})) == variants


@pytest.mark.django_db
def test_one_location_and_the_first_items(client, shop):
    austin = to_global_id("OmsLocation", shop.ids["austin"].pk)
    body = _post(client, shop, {"locationId": austin})
    assert _variants(body) == ["v-out"]
    assert _post(client, shop, {"first": 2})["data"]["insightsStock"]["stockOutsLast30Days"] == 1
    assert _variants(_post(client, shop, {"first": 2})) == ["v-aged", "v-out"]


@pytest.mark.django_db
def test_the_tenants_thresholds_apply(client, shop):
    tenant_settings_update(
        tenant_id=shop.pk,
        changes={"stock_health": {"aged_days": 150, "overstock_days": 400}},
        actor=Actor.system(),
    )
    shop.refresh_from_db()
    assert _variants(_post(client, shop, {"filter": "AGED"})) == []
    # 500 on hand, 400 days of demand at 1 a day: 100 over; no demand at all still overstocks
    body = _post(client, shop, {"filter": "OVERSTOCKED"})
    assert [i["overstockedUnits"] for i in body["data"]["insightsStock"]["items"]] == [100, 50]


@pytest.mark.django_db
def test_unknown_foreign_or_malformed_locations_are_refused(client, shop):
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    foreign = make_location(other, "Elsewhere")
    for location_id in (
        to_global_id("OmsLocation", foreign.pk),
        to_global_id("OmsLocation", 999_999),
        to_global_id("OmsOrder", shop.ids["dallas"].pk),
        "not-an-id",
    ):
        body = _post(client, shop, {"locationId": location_id})
        assert error_codes(body) == ["INVALID_ID"], location_id


@pytest.mark.django_db
def test_another_shops_stock_is_not_seen(client, shop):
    other = make_capture_tenant(api_url="https://other.example.com/graphql/")
    assert _post(client, other)["data"]["insightsStock"]["items"] == []


@pytest.mark.django_db
def test_requires_manage_products_and_a_sane_first(client, shop):
    assert error_codes(_post(client, shop, permissions=["MANAGE_ORDERS"])) == ["PERMISSION_DENIED"]
    assert error_codes(_post(client, shop, {"first": 0})) == ["INVALID_ARGUMENTS"]
    assert error_codes(_post(client, shop, {"first": 1001})) == ["INVALID_ARGUMENTS"]
