from datetime import date

import pytest

from saleor_oms_plugin.forecasting.cover import days_of_cover, demand_over, remaining


def test_days_of_cover_walks_the_daily_forecast():
    # 2 + 4 = 6 units over two days, then 2 of the 4 on the third day
    assert days_of_cover(8, [2.0, 4.0, 4.0, 4.0]) == pytest.approx(2.5)
    assert days_of_cover(0, [2.0, 4.0]) == 0.0


def test_days_of_cover_beyond_the_horizon_continues_at_the_mean_rate():
    # 3 units over the 2 days, 7 left at 1.5 a day
    assert days_of_cover(10, [1.0, 2.0]) == pytest.approx(2 + 7 / 1.5)


def test_no_demand_forecast_means_no_run_out():
    assert days_of_cover(5, [0.0, 0.0]) is None


def test_demand_over_counts_fractions_and_goes_beyond():
    daily = [1.0, 2.0, 3.0]
    assert demand_over(daily, 2) == 3.0
    assert demand_over(daily, 2.5) == 4.5
    assert demand_over(daily, 5) == 6.0 + 2 * 2.0
    assert demand_over(daily, 0) == 0.0


def test_a_forecast_read_later_skips_the_days_past():
    daily = [1.0, 2.0, 3.0]
    assert remaining(daily, date(2026, 1, 1), date(2026, 1, 2)) == [2.0, 3.0]
    assert remaining(daily, date(2026, 1, 1), date(2025, 12, 31)) == daily
    assert remaining(daily, date(2026, 1, 1), date(2026, 1, 4)) is None
