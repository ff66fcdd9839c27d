"""SQL per request of the replenishment reads: settings, alerts, cover and suggestions."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from saleor_oms_plugin.replenishment.models import DemandForecast, ReplenishmentSetting, StockAlert
from tests.fixtures.graphql import make_api_key, make_location
from tests.fixtures.inventory import make_stock, variant_gid
from tests.fixtures.query_counts import assert_constant_queries, edges, items

pytestmark = pytest.mark.django_db

# The Dashboard's Stock page (pages/Stock.tsx, pages/stock/Replenishment.tsx).
SETTINGS = """
query ReplenishmentSettings {
  replenishmentSettings(first: 100) {
    totalCount
    edges { node {
      id variantId reorderPoint targetLevel leadTimeDays onOrder supplier notes updatedAt
      location { id name }
    } }
  }
}
"""
ALERTS = """
query Alerts {
  stockAlerts(first: 50) {
    edges { node { id kind state openedAt stock { sku available location { name } } } }
  }
}
"""
COVER = """
query Cover($variantId: String!) {
  stockCover(variantId: $variantId) {
    unitsPerDay daysOfCover runOutOn runsOutBeforeRestock stock { sku location { name } }
    source leadTimeDemand
    forecast { method demandClass startsOn daily nextDaysDemand(days: 14) wape ewmaWape wapeVsEwma }
  }
}
"""
SUGGESTIONS = """
query Suggestions {
  purchaseSuggestions {
    quantity available reorderPoint supplier daysOfCover runOutOn arrivesOn
    runsOutBeforeRestock stock { sku location { name } }
    source reorderPointUsed leadTimeDemand forecast { method nextDaysDemand wapeVsEwma }
  }
}
"""
SUGGESTIONS_CSV = "query SuggestionsCsv { purchaseSuggestionsCsv }"


@pytest.fixture
def headers(capture_tenant):
    return {"X-Api-Key": make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])}


@pytest.fixture
def locations(capture_tenant):
    return [make_location(capture_tenant, "Los Angeles"), make_location(capture_tenant, "Reno")]


@pytest.fixture
def low_stock(capture_tenant, locations):
    """``grow(n)``: n more stock levels at or below their reorder point, with their settings."""
    variants = (variant_gid(number) for number in itertools.count(1))
    places = itertools.cycle(locations)

    def grow(count):
        for _ in range(count):
            stock = make_stock(capture_tenant, next(places), next(variants), on_hand=2)
            ReplenishmentSetting.objects.create(
                tenant=capture_tenant,
                location=stock.location,
                variant_id=stock.variant_id,
                reorder_point=5,
                target_level=20,
                lead_time_days=3,
                supplier="Acme",
            )
            StockAlert.objects.create(
                tenant=capture_tenant,
                stock=stock,
                kind=StockAlert.Kind.LOW_STOCK,
                opened_at=timezone.now(),
            )
            forecast_for(stock)

    return grow


def forecast_for(stock):
    DemandForecast.objects.create(
        tenant_id=stock.tenant_id,
        stock=stock,
        method="ets",
        demand_class="smooth",
        starts_on=timezone.now().date(),
        daily=[1.5] * 28,
        history_days=200,
        backtest_windows=3,
        wape=0.2,
        ewma_wape=0.3,
        computed_at=timezone.now(),
    )


def test_replenishment_settings(client, headers, low_stock):
    # key (1), page with the locations (1), totalCount (1)
    assert_constant_queries(
        client,
        SETTINGS,
        grow=low_stock,
        rows=edges("replenishmentSettings"),
        expected=3,
        headers=headers,
    )


def test_stock_alerts(client, headers, low_stock):
    # key (1), page with the stock levels and their locations (1)
    assert_constant_queries(
        client, ALERTS, grow=low_stock, rows=edges("stockAlerts"), expected=2, headers=headers
    )


def test_stock_cover(client, capture_tenant, headers):
    numbers = itertools.count(1)

    def grow(count):
        for _ in range(count):
            location = make_location(capture_tenant, f"Store {next(numbers)}")
            forecast_for(make_stock(capture_tenant, location, variant_gid(1), on_hand=7))

    # key (1), stock levels with their locations (1), sales velocities (1), demand
    # forecasts (1), settings (1)
    assert_constant_queries(
        client,
        COVER,
        grow=grow,
        rows=items("stockCover"),
        expected=5,
        headers=headers,
        variables={"variantId": variant_gid(1)},
    )


def test_purchase_suggestions(client, headers, low_stock):
    # key (1), stock levels with their locations (1), sales velocities (1), demand
    # forecasts (1), settings (1), units on their way in transfers (1) and on purchase
    # orders (1)
    assert_constant_queries(
        client,
        SUGGESTIONS,
        grow=low_stock,
        rows=items("purchaseSuggestions"),
        expected=7,
        headers=headers,
    )


def test_purchase_suggestions_csv(client, headers, low_stock):
    # as purchaseSuggestions
    assert_constant_queries(
        client,
        SUGGESTIONS_CSV,
        grow=low_stock,
        rows=lambda body: len(body["data"]["purchaseSuggestionsCsv"].splitlines()) - 1,
        expected=7,
        headers=headers,
    )
