"""The own Holt-Winters against statsmodels' (the referee), and the yearly effect."""

import warnings

import numpy as np
import pytest
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from saleor_oms_plugin.forecasting.smoothing import (
    Grid,
    default_grid,
    holt_winters,
    yearly_effect,
)


def one_set(alpha, beta, gamma, phi):
    return Grid(
        np.array([alpha]),
        np.array([beta]),
        np.array([gamma]),
        np.array([phi]),
        {"only": np.array([0])},
    )


@pytest.mark.parametrize("days", [63, 100, 364])
def test_fixed_parameters_match_statsmodels(days):
    rng = np.random.default_rng(3)
    t = np.arange(days)
    y = 20 + 0.05 * t + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 2, days)
    level, trend, season = 20.0, 0.1, np.array([1.0, 2, 3, -1, -2, -3, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        referee = ExponentialSmoothing(
            y,
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=7,
            initialization_method="known",
            initial_level=level,
            initial_trend=trend,
            initial_seasonal=season,
        ).fit(
            smoothing_level=0.2,
            smoothing_trend=0.1,
            smoothing_seasonal=0.15,
            damping_trend=0.9,
            optimized=False,
        )
    origins = [10, 40, days]
    ours = holt_winters(
        y[None, :],
        origins,
        6,
        one_set(0.2, 0.1, 0.15, 0.9),
        level0=np.array([level]),
        trend0=np.array([trend]),
        season0=season[None, :],
    )["only"][0]

    # one step ahead from every origin inside the history = statsmodels' fitted values
    assert ours[0, 0] == pytest.approx(referee.fittedvalues[10])
    assert ours[1, 0] == pytest.approx(referee.fittedvalues[40])
    # out of sample, within a week (statsmodels' step 7 reuses the season of two weeks back,
    # ours the one updated last week, as in the textbook formula)
    assert ours[2, :6] == pytest.approx(referee.forecast(6))


def test_the_grid_finds_a_pure_weekly_pattern():
    pattern = np.array([1.0, 2, 3, 4, 5, 20, 30])
    y = np.tile(pattern, 20)[None, :]

    forecast = holt_winters(y, [140], 14, default_grid())

    assert forecast["ets"][0, 0] == pytest.approx(np.tile(pattern, 2), abs=1e-6)


def test_damped_trend_follows_a_ramp_further_than_no_trend():
    y = (10 + 0.5 * np.arange(140))[None, :]

    forecast = holt_winters(y, [140], 7, default_grid())

    truth = 10 + 0.5 * np.arange(140, 147)
    assert (
        np.abs(forecast["ets_damped"][0, 0] - truth).mean()
        < np.abs(forecast["ets"][0, 0] - truth).mean()
    )


def test_yearly_effect_uses_only_days_long_before():
    rng = np.random.default_rng(5)
    y = rng.poisson(10, (1, 1000)).astype(float)
    changed = y.copy()
    changed[0, 800:] += 100

    # Given a change from day 800 on, the effect of days up to 800 + 182 is the same
    before, after = yearly_effect(y, 1100), yearly_effect(changed, 1100)

    assert np.array_equal(before[:, : 800 + 182], after[:, : 800 + 182])
    # nothing before a whole year and a half of history
    assert not before[:, : 364 + 182].any()


def test_yearly_effect_recovers_a_yearly_wave():
    t = np.arange(3 * 364)
    wave = 10 * np.sin(2 * np.pi * t / 364)
    y = (50 + wave)[None, :]

    effect = yearly_effect(y, t.size)

    late = slice(2 * 364, 3 * 364)
    assert np.abs(effect[0, late] - wave[late]).max() < 1.0
