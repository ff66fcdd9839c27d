import numpy as np
import pytest

from saleor_oms_plugin.forecasting.baselines import EWMA_DECAY, ewma, seasonal_naive
from saleor_oms_plugin.forecasting.metrics import mase, naive_scale, wape


def velocity_rule(history):
    """replenishment/velocity.py's fold, day by day: units = d·units + day, days = d·days + 1."""
    units = days = 0.0
    for sold in history:
        units, days = EWMA_DECAY * units + sold, EWMA_DECAY * days + 1
    return units / days


def test_ewma_is_the_velocity_rule_as_a_flat_forecast():
    history = np.array([[3.0, 0.0, 5.0, 1.0, 0.0, 0.0, 7.0, 2.0, 4.0]])

    forecast = ewma(history, [4, 9], 3)

    assert forecast.shape == (1, 2, 3)
    assert forecast[0, 0] == pytest.approx([velocity_rule(history[0, :4])] * 3)
    assert forecast[0, 1] == pytest.approx([velocity_rule(history[0])] * 3)
    # a day's sales weigh half as much a week later
    assert EWMA_DECAY**7 == pytest.approx(0.5)


def test_seasonal_naive_repeats_the_last_week():
    history = np.arange(14, dtype=float)[None, :]

    forecast = seasonal_naive(history, [10, 14], 9)

    assert list(forecast[0, 0]) == [3, 4, 5, 6, 7, 8, 9, 3, 4]
    assert list(forecast[0, 1]) == [7, 8, 9, 10, 11, 12, 13, 7, 8]


def test_wape_and_mase_of_known_errors():
    actual = np.array([4.0, 0.0, 6.0])
    forecast = np.array([5.0, 1.0, 4.0])

    assert wape(actual, forecast) == pytest.approx(4 / 10)
    assert wape(np.zeros(3), forecast) is None
    # seasonal naive (lag 7) errors of 1, 1, 1 → scale 1
    history = np.array([1.0, 2, 3, 4, 5, 6, 7, 2, 3, 4])
    assert naive_scale(history) == 1.0
    assert mase(actual, forecast, 1.0) == pytest.approx(4 / 3)
    assert naive_scale(np.full(10, 3.0)) is None
