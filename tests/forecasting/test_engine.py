import numpy as np
import pytest

from saleor_oms_plugin.forecasting.classify import DemandClass
from saleor_oms_plugin.forecasting.engine import (
    CANDIDATES,
    Settings,
    forecast_many,
    origins_for,
)
from saleor_oms_plugin.forecasting.errors import ForecastInputError


def weekly(weeks, pattern=(2.0, 3, 4, 5, 6, 25, 30), noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    y = np.tile(np.array(pattern), weeks)
    return np.maximum(0, y + rng.normal(0, noise, y.size)) if noise else y


def intermittent(days, seed):
    rng = np.random.default_rng(seed)
    return np.where(rng.random(days) < 0.15, 2.0, 0.0)


def test_backtest_origins_are_rolling_windows_inside_the_history():
    assert origins_for(140, Settings(horizon=28, folds=3)) == [56, 84, 112]
    # only windows that leave min_train days before them
    assert origins_for(70, Settings(horizon=28, folds=3, min_train=28)) == [42]
    assert origins_for(50, Settings(horizon=28)) == []


def test_a_weekly_pattern_is_forecast_by_seasonal_smoothing_not_the_ewma():
    [result] = forecast_many([weekly(30, noise=0.5)])

    assert result.method in {"ets", "ets_damped", "naive"}
    # every day sells; the weekend peak makes the sizes vary a lot
    assert result.demand_class == DemandClass.ERRATIC
    assert result.folds == 3
    assert result.wape is not None and result.ewma_wape is not None
    assert result.wape < result.ewma_wape
    # the weekend peak is in the forecast: the history's last day is a Sunday-like 30
    assert len(result.daily) == 28
    assert result.daily[5] > 3 * result.daily[0]


def test_the_chosen_method_has_the_lowest_backtest_error_among_its_class_candidates():
    series = [weekly(20, noise=1.0, seed=s) for s in range(3)] + [
        intermittent(200, seed=s) for s in range(3)
    ]

    results = forecast_many(series)

    for result in results:
        assert result.method in CANDIDATES[result.demand_class]
        assert result.wape is not None
        assert result.wape <= result.ewma_wape + 1e-12
    for result in results[:3]:
        assert result.wape <= result.naive_wape + 1e-12
    # sparse series choose among mean-rate estimators only: a mostly-zero seasonal naive
    # forecast scores well on absolute errors by selling nothing, useless for reordering
    for result in results[3:]:
        assert result.demand_class in {DemandClass.INTERMITTENT, DemandClass.LUMPY}
        assert result.method in {"ewma", "croston", "sba", "tsb"}


def test_a_tie_keeps_the_products_ewma():
    # a constant series: every method forecasts it exactly
    [result] = forecast_many([np.full(120, 4.0)])

    assert result.method == "ewma"
    assert result.daily == pytest.approx((4.0,) * 28)


def test_a_short_history_keeps_the_ewma_without_scores():
    [result] = forecast_many([[1.0, 0.0, 3.0, 2.0]])

    assert result.method == "ewma"
    assert result.folds == 0
    assert result.wape is None and result.mase is None
    assert result.history_days == 4


def test_no_sales_forecasts_zero():
    [empty, zeros] = forecast_many([[], np.zeros(100)])

    assert empty.daily == (0.0,) * 28
    assert zeros.demand_class == DemandClass.NONE
    assert zeros.daily == (0.0,) * 28


def test_results_keep_the_input_order_across_lengths():
    series = [weekly(12), np.full(200, 7.0), [5.0, 5.0], weekly(30, pattern=(1, 1, 1, 1, 1, 9, 9))]

    results = forecast_many(series)

    assert [r.history_days for r in results] == [84, 196, 2, 196]
    assert results[1].daily[0] == pytest.approx(7.0)


def test_deterministic_and_the_same_with_a_process_pool():
    series = [weekly(30, noise=2.0, seed=s) for s in range(5)] + [
        intermittent(150 + 7 * s, seed=s) for s in range(5)
    ]

    first = forecast_many(series, chunk=3)
    again = forecast_many(series, chunk=3)
    pooled = forecast_many(series, chunk=3, workers=2)

    assert first == again == pooled


@pytest.mark.parametrize(
    "series", [[[1.0, -1.0]], [[1.0, float("nan")]], [[float("inf")]], [[[1.0]]]]
)
def test_bad_demand_is_refused(series):
    with pytest.raises(ForecastInputError):
        forecast_many(series)


def test_bad_settings_are_refused():
    with pytest.raises(ForecastInputError):
        forecast_many([[1.0]], settings=Settings(horizon=0))


def test_a_strong_trend_is_followed_by_the_damped_trend():
    rng = np.random.default_rng(4)
    days = np.arange(168)
    ramp = 10 + 0.8 * days + rng.normal(0, 0.5, days.size)

    [result] = forecast_many([ramp])

    assert result.method == "ets_damped"
    assert result.daily[0] > ramp[-7:].mean()


def test_two_years_of_a_yearly_wave_bring_in_the_yearly_model():
    rng = np.random.default_rng(6)
    t = np.arange(3 * 364)
    wave = 50 + 30 * np.sin(2 * np.pi * t / 364) + rng.normal(0, 1, t.size)
    # the history ends on the wave's steepest rise: only a yearly model sees it coming
    history = np.maximum(0, wave[: 2 * 364 + 364 // 2 + 91])

    [result] = forecast_many([history])

    assert result.method == "ets_yearly"
    assert result.wape < result.ewma_wape


def test_the_yearly_model_needs_two_years():
    t = np.arange(700)
    [result] = forecast_many([50 + 30 * np.sin(2 * np.pi * t / 364)])
    assert result.method != "ets_yearly"
