"""Demand forecasts in replenishment: history from the ledger, the daily refresh, and days of
cover, alerts and purchase suggestions planned with the forecast (the velocity without one)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from freezegun import freeze_time

from saleor_oms_plugin.forecasting.baselines import ewma_rate
from saleor_oms_plugin.inventory.models import StockMovement
from saleor_oms_plugin.replenishment.forecasts import (
    DemandSource,
    forecasts_refresh,
    outlook,
    reorder_point,
    sales_history,
)
from saleor_oms_plugin.replenishment.models import (
    DemandForecast,
    ReplenishmentSetting,
    StockAlert,
)
from saleor_oms_plugin.replenishment.refresh import stocks_refresh
from saleor_oms_plugin.replenishment.selectors import (
    cover_of,
    purchase_suggestions,
    suggestions_csv,
)
from saleor_oms_plugin.replenishment.tasks import replenishment_forecast
from saleor_oms_plugin.replenishment.velocity import Velocity, record_sale, units_per_day
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_stock, variant_gid
from tests.fixtures.tenants import make_capture_tenant

TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
Reason = StockMovement.Reason


def sell(stock, day: date, units: int, *, reason=Reason.FULFILMENT, allocated=None, hour=12):
    StockMovement.objects.create(
        tenant_id=stock.tenant_id,
        stock=stock,
        reason=reason,
        source="test",
        on_hand_delta=-units,
        allocated_delta=-units if allocated is None else allocated,
        on_hand_after=0,
        allocated_after=0,
        reserved_after=0,
        safety_stock_after=0,
        actor_type="operator",
        created_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour),
    )


def sell_daily(stock, units: list[int]):
    """``units[i]`` sold ``len(units) - i`` days before TODAY (the last item yesterday)."""
    start = TODAY - timedelta(days=len(units))
    rows = []
    for offset, sold in enumerate(units):
        if sold:
            day = start + timedelta(days=offset)
            rows.append(
                StockMovement(
                    tenant_id=stock.tenant_id,
                    stock=stock,
                    reason=Reason.FULFILMENT,
                    source="test",
                    on_hand_delta=-sold,
                    on_hand_after=0,
                    allocated_after=0,
                    reserved_after=0,
                    safety_stock_after=0,
                    actor_type="operator",
                    created_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                )
            )
    StockMovement.objects.bulk_create(rows)


def a_forecast(stock, daily, *, starts_on=TODAY, method="ets") -> DemandForecast:
    return DemandForecast.objects.create(
        tenant_id=stock.tenant_id,
        stock=stock,
        method=method,
        demand_class="smooth",
        starts_on=starts_on,
        daily=daily,
        history_days=120,
        backtest_windows=3,
        wape=0.2,
        ewma_wape=0.4,
        computed_at=NOW,
    )


@pytest.fixture
def la(capture_tenant):
    return make_location(capture_tenant, "LA")


# -- the rule, without a database --------------------------------------------------------------


def test_the_forecast_ewma_is_the_velocity_of_replenishment():
    daily = [3, 0, 5, 1, 0, 0, 7, 2, 4, 0, 0, 9]
    state = Velocity.start(TODAY)
    for offset, units in enumerate(daily):
        state = record_sale(state, day=TODAY + timedelta(days=offset), units=units)

    velocity = units_per_day(state, TODAY + timedelta(days=len(daily)))

    assert ewma_rate(np.array([daily], dtype=float), len(daily))[0] == pytest.approx(velocity)


def test_outlook_uses_a_current_forecast_and_falls_back_to_velocity():
    forecast = DemandForecast(daily=[2.0, 4.0, 4.0], starts_on=TODAY)

    planned = outlook(available=8, velocity=1.0, forecast=forecast, today=TODAY)
    later = outlook(available=8, velocity=1.0, forecast=forecast, today=TODAY + timedelta(1))
    stale = outlook(available=8, velocity=1.0, forecast=forecast, today=TODAY + timedelta(3))
    without = outlook(available=8, velocity=1.0, forecast=None, today=TODAY)

    assert (planned.source, planned.days_of_cover) == (DemandSource.FORECAST, 2.5)
    assert planned.units_per_day == pytest.approx(10 / 3)
    assert planned.demand_over(2) == 6.0
    # a day later the first day is past
    assert later.days_of_cover == 2.0
    # every day of the forecast past: the velocity, as without one
    assert (stale.source, stale.days_of_cover, stale.units_per_day) == (
        DemandSource.VELOCITY,
        8.0,
        1.0,
    )
    assert (without.source, without.days_of_cover) == (DemandSource.VELOCITY, 8.0)
    assert without.demand_over(5) is None


def test_reorder_point_is_raised_to_the_forecast_lead_time_demand_only():
    assert reorder_point(setting=5, demand=None) == 5
    assert reorder_point(setting=5, demand=3.2) == 5
    assert reorder_point(setting=5, demand=12.1) == 13
    assert reorder_point(setting=5, demand=12.0) == 12


# -- history from the ledger -------------------------------------------------------------------


def test_history_counts_sales_per_closed_day_from_the_first_sale(capture_tenant, la):
    stock = make_stock(capture_tenant, la, variant_gid(1))
    sell(stock, TODAY - timedelta(days=5), 2)
    sell(stock, TODAY - timedelta(days=5), 1, hour=23)
    sell(stock, TODAY - timedelta(days=3), 4, reason=Reason.SALEOR_SYNC)  # shipped allocated
    # not sales: a stock count (quantity alone) and a manual adjustment
    sell(stock, TODAY - timedelta(days=2), 6, reason=Reason.SALEOR_SYNC, allocated=0)
    sell(stock, TODAY - timedelta(days=2), 6, reason=Reason.MANUAL_ADJUSTMENT)
    sell(stock, TODAY - timedelta(days=1), 1)
    sell(stock, TODAY, 9)  # the open day does not count
    other = make_capture_tenant(api_url="http://127.0.0.1:1/graphql/", app_id="QXBwOjM=")
    elsewhere = make_stock(other, make_location(other, "NY"), variant_gid(1))
    sell(elsewhere, TODAY - timedelta(days=2), 50)

    history = sales_history(tenant_id=capture_tenant.pk, today=TODAY)

    assert history == {stock.pk: [3.0, 0.0, 4.0, 0.0, 1.0]}


# -- the daily refresh -------------------------------------------------------------------------


def test_refresh_stores_a_forecast_per_selling_stock_level(capture_tenant, la):
    weekly = make_stock(capture_tenant, la, variant_gid(1))
    sell_daily(weekly, [2, 3, 2, 3, 2, 20, 25] * 16)
    steady = make_stock(capture_tenant, la, variant_gid(2))
    sell_daily(steady, [4] * 30)
    make_stock(capture_tenant, la, variant_gid(3))  # never sold

    with freeze_time(NOW):
        result = forecasts_refresh(tenant_id=capture_tenant.pk)

    assert result.stocks == 2
    rows = {f.stock_id: f for f in DemandForecast.objects.filter(tenant=capture_tenant)}
    assert set(rows) == {weekly.pk, steady.pk}
    seasonal = rows[weekly.pk]
    assert seasonal.method in {"ets", "ets_damped", "naive"}
    assert seasonal.starts_on == TODAY
    assert len(seasonal.daily) == 28
    assert seasonal.backtest_windows == 3
    assert seasonal.wape < seasonal.ewma_wape
    # the weekend peak: history ended on a Sunday-like 25, so days 5 and 6 are the peak
    assert min(seasonal.daily[5:7]) > 3 * max(seasonal.daily[0:5])
    # 30 days: too short to backtest, the velocity's EWMA kept
    assert rows[steady.pk].method == "ewma"
    assert rows[steady.pk].backtest_windows == 0
    assert rows[steady.pk].daily[0] == pytest.approx(4.0)


def test_refresh_is_repeatable_and_drops_stock_levels_that_stopped_selling(capture_tenant, la):
    stock = make_stock(capture_tenant, la, variant_gid(1))
    sell_daily(stock, [4] * 30)
    with freeze_time(NOW):
        forecasts_refresh(tenant_id=capture_tenant.pk)
        first = DemandForecast.objects.get(stock=stock)
        forecasts_refresh(tenant_id=capture_tenant.pk)
    again = DemandForecast.objects.get(stock=stock)
    assert (again.pk, again.daily, again.method) == (first.pk, first.daily, first.method)

    # a year later the sales are out of the history window
    with freeze_time(NOW + timedelta(days=800)):
        result = forecasts_refresh(tenant_id=capture_tenant.pk)
    assert (result.stocks, result.removed) == (0, 1)
    assert not DemandForecast.objects.exists()


def test_the_daily_beat_task_forecasts_every_active_tenant(capture_tenant, la):
    stock = make_stock(capture_tenant, la, variant_gid(1))
    sell_daily(stock, [1, 2] * 20)

    with freeze_time(NOW):
        assert replenishment_forecast() == 1

    assert DemandForecast.objects.filter(tenant=capture_tenant, stock=stock).exists()


def test_the_forecast_task_leaves_an_inactive_tenant_alone(capture_tenant, la, settings):
    from saleor_oms_plugin.replenishment.tasks import replenishment_forecast_tenant

    stock = make_stock(capture_tenant, la, variant_gid(1))
    sell_daily(stock, [3] * 20)
    capture_tenant.is_active = False
    capture_tenant.save(update_fields=["is_active"])

    with freeze_time(NOW):
        assert replenishment_forecast() == 0
        assert replenishment_forecast_tenant(capture_tenant.pk) == {}

    assert not DemandForecast.objects.exists()
    # and beat runs the forecasts daily by default
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "saleor_oms_plugin.replenishment.tasks.replenishment_forecast"
    ]
    assert entry["schedule"] == 86400.0


# -- planning with the forecast ----------------------------------------------------------------


def test_cover_comes_from_the_forecast_when_there_is_one(capture_tenant, la):
    forecast_stock = make_stock(capture_tenant, la, variant_gid(1), on_hand=8)
    velocity_stock = make_stock(capture_tenant, la, variant_gid(2), on_hand=8)
    a_forecast(forecast_stock, [2.0, 4.0, 4.0, 4.0])

    by_variant = {
        c.stock.variant_id: c
        for c in cover_of(
            tenant=capture_tenant, stocks=[forecast_stock, velocity_stock], today=TODAY
        )
    }

    planned = by_variant[forecast_stock.variant_id]
    assert (planned.source, planned.days_of_cover) == (DemandSource.FORECAST, 2.5)
    assert planned.run_out_on == TODAY + timedelta(days=2)
    unplanned = by_variant[velocity_stock.variant_id]
    assert (unplanned.source, unplanned.forecast, unplanned.days_of_cover) == (
        DemandSource.VELOCITY,
        None,
        None,
    )


def test_a_forecast_run_out_before_restock_opens_the_alert(capture_tenant, la):
    stock = make_stock(capture_tenant, la, variant_gid(1), on_hand=12)
    ReplenishmentSetting.objects.create(
        tenant=capture_tenant,
        location=la,
        variant_id=stock.variant_id,
        reorder_point=2,
        target_level=30,
        lead_time_days=10,
    )
    # no sales recorded (no velocity), but the forecast sells 3 a day: 4 days of cover < 10
    a_forecast(stock, [3.0] * 28)

    with freeze_time(NOW):
        stocks_refresh(tenant=capture_tenant, stock_ids=[stock.pk])

    alert = StockAlert.objects.get(stock=stock)
    assert alert.kind == StockAlert.Kind.RUN_OUT_BEFORE_RESTOCK
    assert alert.facts["days_of_cover"] == 4.0


def test_suggestions_raise_the_reorder_point_to_the_forecast_lead_time_demand(capture_tenant, la):
    # available 12 is above the reorder point 5 set, so the velocity rule suggests nothing
    stock = make_stock(capture_tenant, la, variant_gid(1), on_hand=12)
    ReplenishmentSetting.objects.create(
        tenant=capture_tenant,
        location=la,
        variant_id=stock.variant_id,
        reorder_point=5,
        target_level=20,
        lead_time_days=10,
    )
    with freeze_time(NOW):
        assert purchase_suggestions(tenant=capture_tenant) == []

    # the forecast expects 2.5 a day: 25 over the 10 days of lead time
    a_forecast(stock, [2.5] * 28)
    with freeze_time(NOW):
        [suggestion] = purchase_suggestions(tenant=capture_tenant)

    assert suggestion.source == DemandSource.FORECAST
    assert suggestion.lead_time_demand == pytest.approx(25.0)
    assert (suggestion.reorder_point, suggestion.reorder_point_used) == (5, 25)
    # topped up to max(target 20, reorder point 25)
    assert suggestion.quantity == 25 - 12
    assert suggestion.days_of_cover == pytest.approx(12 / 2.5)
    header, row = suggestions_csv([suggestion]).splitlines()
    assert header.endswith(",reorder_point_used,demand_source")
    assert row.endswith(",25,FORECAST")
